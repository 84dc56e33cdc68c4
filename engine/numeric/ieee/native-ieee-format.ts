// The IEEE formats JavaScript computes natively (binary32 through Math.fround, binary64): a pattern
// is the value itself, so decoding is the identity, NaR is NaN, and sign, order and the NaN test
// are JavaScript's own. Each subclass keeps its own typed-array loops: one array type per loop keeps
// V8's element access monomorphic.
import type { PatternArrayKind } from '../format.js';
import { Float64ExactFormat } from '../float64-exact-format.js';
import { ieeeDescriptor } from './ieee-descriptor.js';
import { compareIeee } from './half-format.js';

/** Base of float32 and float64: patterns are their float64 values. */
export abstract class NativeIeeeFormat extends Float64ExactFormat {
    readonly zero = 0;
    readonly nar = NaN;
    private readonly fractionBits: number;
    private readonly maxExponent: number;

    constructor(name: string, bits: 32 | 64, precision: number, maxExponent: number, arrayKind: PatternArrayKind) {
        super(ieeeDescriptor(name, name, bits, precision, maxExponent, arrayKind));
        this.fractionBits = precision - 1;
        this.maxExponent = maxExponent;
    }

    fractionBitsAt(scale: number): number {
        const minNormal = 1 - this.maxExponent;
        if (scale > this.maxExponent || scale < minNormal - this.fractionBits) return 0;
        return scale >= minNormal ? this.fractionBits : this.fractionBits - (minNormal - scale);
    }

    decode(pattern: number): number {
        return pattern;
    }

    isNaR(pattern: number): boolean {
        return pattern !== pattern;
    }

    neg(a: number): number {
        return -a;
    }

    abs(a: number): number {
        return Math.abs(a);
    }

    compare(a: number, b: number): number {
        return compareIeee(a, b);
    }

    prior(a: number): number {
        return -this.next(-a);
    }
}
