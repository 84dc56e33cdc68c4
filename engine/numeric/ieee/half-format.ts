// float16 (IEEE binary16) and bfloat16: 16-bit patterns in a Uint16Array, decoded by a 65 536-entry
// table and encoded by value-space rounding (roundToBinary) followed by a bit assembly.
import type { PatternArray } from '../format.js';
import { Float64ExactFormat } from '../float64-exact-format.js';
import { exponentOf, float32Bits, float32FromBits, pow2 } from '../bits/float-bits.js';
import { roundToBinary } from './binary-rounding.js';
import { ieeeDescriptor } from './ieee-descriptor.js';

/** Which 16-bit IEEE-style format. */
export type HalfKind = 'float16' | 'bfloat16';

const layouts = {
    float16: { precision: 11, maxExponent: 15, nan: 0x7e00, maxPosPattern: 0x7bff, exponentMask: 0x7c00 },
    bfloat16: { precision: 8, maxExponent: 127, nan: 0x7fc0, maxPosPattern: 0x7f7f, exponentMask: 0x7f80 }
} as const;

/** The float16 pattern of a value that float16 represents exactly (or ±Infinity / NaN). */
function float16Pattern(value: number): number {
    if (value !== value) return 0x7e00;
    const sign = value < 0 || (value === 0 && 1 / value < 0) ? 0x8000 : 0;
    const magnitude = Math.abs(value);
    if (magnitude === Infinity) return sign | 0x7c00;
    if (magnitude < pow2(-14)) return sign | (magnitude * pow2(24));
    const exponent = exponentOf(magnitude);
    return sign | ((exponent + 15) << 10) | ((magnitude * pow2(-exponent) - 1) * 1024);
}

function float16Value(pattern: number): number {
    const sign = pattern & 0x8000 ? -1 : 1;
    const biased = (pattern >>> 10) & 0x1f;
    const fraction = pattern & 0x3ff;
    if (biased === 0x1f) return fraction === 0 ? sign * Infinity : NaN;
    if (biased === 0) return sign * fraction * pow2(-24);
    return sign * (1 + fraction / 1024) * pow2(biased - 15);
}

/** float16 or bfloat16. */
export class HalfFormat extends Float64ExactFormat {
    readonly zero = 0;
    readonly nar: number;
    readonly minPosPattern = 1;
    readonly maxPosPattern: number;
    private readonly precision: number;
    private readonly maxExponent: number;
    private readonly exponentMask: number;
    private readonly decodeTable = new Float64Array(65536);
    private readonly kind: HalfKind;

    constructor(kind: HalfKind) {
        const layout = layouts[kind];
        super(ieeeDescriptor(kind, kind, 16, layout.precision, layout.maxExponent, 'Uint16Array'));
        this.kind = kind;
        this.nar = layout.nan;
        this.maxPosPattern = layout.maxPosPattern;
        this.precision = layout.precision;
        this.maxExponent = layout.maxExponent;
        this.exponentMask = layout.exponentMask;
        for (let p = 0; p < 65536; p++) this.decodeTable[p] = kind === 'float16' ? float16Value(p) : float32FromBits(p << 16);
    }

    fractionBitsAt(scale: number): number {
        const minExponent = 1 - this.maxExponent;
        if (scale > this.maxExponent || scale < minExponent - this.precision + 1) return 0;
        return scale >= minExponent ? this.precision - 1 : this.precision - 1 - (minExponent - scale);
    }

    allocate(length: number): Uint16Array {
        return new Uint16Array(length);
    }

    decode(pattern: number): number {
        return this.decodeTable[pattern];
    }

    encodeWithTail(hi: number, tail: number): number {
        const value = roundToBinary(hi, tail, this.precision, this.maxExponent);
        return this.kind === 'float16' ? float16Pattern(value) : float32Bits(value) >>> 16;
    }

    override roundValueWithTail(hi: number, tail: number): number {
        return roundToBinary(hi, tail, this.precision, this.maxExponent);
    }

    isNaR(pattern: number): boolean {
        return (pattern & 0x7fff) > this.exponentMask;
    }

    neg(a: number): number {
        return a ^ 0x8000;
    }

    abs(a: number): number {
        return a & 0x7fff;
    }

    compare(a: number, b: number): number {
        return compareIeee(this.decode(a), this.decode(b));
    }

    next(a: number): number {
        if (this.isNaR(a)) return a;
        if (a === 0x8000) return 1;
        return a & 0x8000 ? a - 1 : a === this.exponentMask ? a : a + 1;
    }

    prior(a: number): number {
        if (this.isNaR(a)) return a;
        if (a === 0) return 0x8001;
        return a & 0x8000 ? (a === (this.exponentMask | 0x8000) ? a : a + 1) : a - 1;
    }

    bitsOf(pattern: number): bigint {
        return BigInt(pattern);
    }

    fromBits(bits: bigint): number | undefined {
        return bits >= 0n && bits < 0x10000n ? Number(bits) : undefined;
    }

    override decodeArray(src: PatternArray, dst: Float64Array, n = src.length): void {
        const table = this.decodeTable;
        const patterns = src as Uint16Array;
        for (let i = 0; i < n; i++) dst[i] = table[patterns[i]];
    }
}

/** IEEE comparison extended to a total order on values: NaN below everything and equal to NaN; −0 = +0. */
export function compareIeee(x: number, y: number): number {
    if (x !== x) return y !== y ? 0 : -1;
    if (y !== y) return 1;
    return x < y ? -1 : x > y ? 1 : 0;
}
