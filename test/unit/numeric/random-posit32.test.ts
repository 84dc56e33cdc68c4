// posit32: at least 200 000 random operand pairs per operation against the exact oracle.
import { describeRandomArithmetic } from './support/random-arithmetic.js';

describeRandomArithmetic('posit32', 200_000, 0x185477612);
