// IEEE baselines behind the same interface: float16, bfloat16 and float32 correctly rounded
// (nearest, ties to even, gradual underflow, overflow to ±∞, signed zeros, NaN), against the oracle.
import { describeRandomArithmetic } from './support/random-arithmetic.js';

describeRandomArithmetic('float16', 50_000, 0x16f);
describeRandomArithmetic('bfloat16', 50_000, 0xbf16);
describeRandomArithmetic('float32', 50_000, 0x32f);
