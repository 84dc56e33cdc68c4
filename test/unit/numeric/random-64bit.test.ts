// posit64 and bposit64 (bigint paths): fewer random pairs than the narrow formats, same oracle.
import { describeRandomArithmetic } from './support/random-arithmetic.js';

describeRandomArithmetic('posit64', 4_000, 0x64a1);
describeRandomArithmetic('bposit64', 4_000, 0x64b2);
