// The test oracle's own reading of every format, straight from the definitions — written without
// looking at engine/numeric's codecs. Patterns are bigints; values are exact rationals.
//
// - posit<n> (Posit Standard 2022, es = 2): value of the raw bits, negative patterns included,
//   by the standard's closed form x = ((1 − 3s) + f) · 2^((1 − 2s)·(4r + e + s)).
// - bposit<n, rs, es>: regime run of at most rs bits (a run of rs has no terminator), exponent of
//   exactly es bits, negatives as two's complement (arXiv 2603.01615).
// - IEEE binary formats: sign, biased exponent, fraction; subnormals; ±∞; NaN.
//
// Bits are read one at a time, most significant first, as the definitions describe them.
import { dyadic, neg, type Rational } from './rational.js';

/** A format as the oracle knows it. */
export type OracleSpec =
    | { readonly kind: 'posit'; readonly bits: number; readonly es: number }
    | { readonly kind: 'bposit'; readonly bits: number; readonly rs: number; readonly es: number }
    | { readonly kind: 'ieee'; readonly bits: number; readonly precision: number; readonly maxExponent: number };

/** What a pattern means. */
export type OracleValue =
    | { readonly kind: 'nar' }
    | { readonly kind: 'real'; readonly value: Rational; readonly negativeZero: boolean }
    | { readonly kind: 'infinity'; readonly negative: boolean };

export const posit = (bits: number): OracleSpec => ({ kind: 'posit', bits, es: 2 });
export const bposit = (bits: number, rs = 6, es = 5): OracleSpec => ({ kind: 'bposit', bits, rs, es });
export const float16: OracleSpec = { kind: 'ieee', bits: 16, precision: 11, maxExponent: 15 };
export const bfloat16: OracleSpec = { kind: 'ieee', bits: 16, precision: 8, maxExponent: 127 };
export const float32: OracleSpec = { kind: 'ieee', bits: 32, precision: 24, maxExponent: 127 };
export const float64: OracleSpec = { kind: 'ieee', bits: 64, precision: 53, maxExponent: 1023 };

/** Bit i (0 = most significant) of an n-bit pattern held as two 32-bit halves. */
class BitReader {
    private readonly high: number;
    private readonly low: number;
    /** The pattern itself for widths beyond 64 bits (the (n+1)-bit posits of the §4.1 rule for n = 64). */
    private readonly wide: bigint | undefined;

    constructor(pattern: bigint | number, readonly width: number) {
        this.wide = width > 64 ? BigInt(pattern) : undefined;
        if (width > 64) {
            this.high = 0;
            this.low = 0;
        } else if (typeof pattern === 'number') {
            // Patterns of ≤ 32 bits: left-align in the high word without touching bigint.
            this.high = width === 32 ? pattern >>> 0 : (pattern * 2 ** (32 - width)) >>> 0;
            this.low = 0;
        } else {
            const padded = pattern << BigInt(64 - width);
            this.high = Number(padded >> 32n);
            this.low = Number(padded & 0xffffffffn);
        }
    }

    bit(i: number): number {
        if (this.wide !== undefined) return Number((this.wide >> BigInt(this.width - 1 - i)) & 1n);
        return i < 32 ? (this.high >>> (31 - i)) & 1 : (this.low >>> (63 - i)) & 1;
    }

    /** Bits [from, from + length) as an unsigned integer (missing bits past the end read as 0). */
    field(from: number, length: number): bigint {
        return length <= 52 ? BigInt(this.fieldNumber(from, length)) : (BigInt(this.fieldNumber(from, length - 32)) << 32n) | BigInt(this.fieldNumber(from + length - 32, 32));
    }

    /** The same as a float64 (exact up to 53 bits). */
    fieldNumber(from: number, length: number): number {
        let value = 0;
        for (let i = from; i < from + length; i++) value = value * 2 + (i < this.width ? this.bit(i) : 0);
        return value;
    }

    allZeroFrom(from: number): boolean {
        for (let i = from; i < this.width; i++) if (this.bit(i) !== 0) return false;
        return true;
    }
}

/** Sign, regime value, exponent, fraction integer and fraction length of a tapered pattern. */
interface TaperedFields {
    readonly r: number;
    readonly e: number;
    readonly fractionStart: number;
    readonly fractionBits: number;
}

/** Reads regime, exponent and fraction starting at bit 1 (after the sign), the run capped at `cap`. */
function taperedFields(reader: BitReader, cap: number, es: number): TaperedFields {
    const n = reader.width;
    const first = reader.bit(1);
    let k = 0;
    while (1 + k < n && k < cap && reader.bit(1 + k) === first) k++;
    const r = first === 1 ? k - 1 : -k;
    // The terminating (opposite) bit exists only when the run stopped before the cap and the end.
    const terminated = k < cap && 1 + k < n;
    const exponentStart = 1 + k + (terminated ? 1 : 0);
    const e = reader.fieldNumber(exponentStart, es);
    const fractionStart = exponentStart + es;
    return { r, e, fractionStart, fractionBits: Math.max(0, n - fractionStart) };
}

function real(value: Rational, negativeZero = false): OracleValue {
    return { kind: 'real', value, negativeZero };
}

/** The meaning of a pattern of `spec`. */
export function oracleDecode(spec: OracleSpec, pattern: bigint): OracleValue {
    const n = spec.bits;
    if (spec.kind === 'ieee') return decodeIeee(spec.precision, spec.maxExponent, new BitReader(pattern, n));
    const reader = new BitReader(pattern, n);
    const s = reader.bit(0);
    if (s === 0 && reader.allZeroFrom(1)) return real(dyadic(0n, 0));
    if (s === 1 && reader.allZeroFrom(1)) return { kind: 'nar' };
    if (spec.kind === 'posit') {
        const { r, e, fractionStart, fractionBits } = taperedFields(reader, n - 1, spec.es);
        const fraction = reader.field(fractionStart, fractionBits);
        // ((1 − 3s) + f) · 2^((1 − 2s)·(2^es·r + e + s)), with f = fraction / 2^fractionBits.
        const significand = BigInt(1 - 3 * s) * (1n << BigInt(fractionBits)) + fraction;
        const scale = (1 - 2 * s) * (2 ** spec.es * r + e + s);
        return real(dyadic(significand, scale - fractionBits));
    }
    // b-posit: two's complement for negative patterns.
    const magnitude = s === 1 ? new BitReader((1n << BigInt(n)) - pattern, n) : reader;
    const { r, e, fractionStart, fractionBits } = taperedFields(magnitude, spec.rs, spec.es);
    const fraction = magnitude.field(fractionStart, fractionBits);
    const value = dyadic((1n << BigInt(fractionBits)) + fraction, 2 ** spec.es * r + e - fractionBits);
    return real(s === 1 ? neg(value) : value);
}

function decodeIeee(precision: number, maxExponent: number, reader: BitReader): OracleValue {
    const negative = reader.bit(0) === 1;
    const exponentWidth = reader.width - precision;
    const biased = reader.fieldNumber(1, exponentWidth);
    const fraction = reader.field(1 + exponentWidth, precision - 1);
    if (biased === 2 ** exponentWidth - 1) return fraction === 0n ? { kind: 'infinity', negative } : { kind: 'nar' };
    const significand = biased === 0 ? fraction : fraction + (1n << BigInt(precision - 1));
    const exponent = (biased === 0 ? 1 - maxExponent : biased - maxExponent) - (precision - 1);
    const value = dyadic(significand, exponent);
    return real(negative ? neg(value) : value, negative && significand === 0n);
}

/** The NaR / NaN pattern the engine uses for a format (canonical quiet NaN for IEEE). */
export function oracleNaR(spec: OracleSpec): bigint {
    if (spec.kind !== 'ieee') return 1n << BigInt(spec.bits - 1);
    const exponentWidth = spec.bits - spec.precision;
    return ((1n << BigInt(exponentWidth + 1)) - 1n) << BigInt(spec.precision - 2);
}

/**
 * A float64 close to a pattern's value (exact for ≤ 32-bit formats), NaN for NaR/NaN, ±Infinity
 * for IEEE infinities: the cheap reading that guides the rounding searches (never decides them).
 */
export function oracleApproximate(spec: OracleSpec, pattern: bigint | number): number {
    const n = spec.bits;
    if (typeof pattern === 'number' && spec.kind !== 'ieee') return approximateTapered(n, spec.kind === 'posit' ? n - 1 : spec.rs, spec.es, pattern);
    const reader = new BitReader(pattern, n);
    const s = reader.bit(0);
    if (spec.kind === 'ieee') {
        const exponentWidth = n - spec.precision;
        const biased = reader.fieldNumber(1, exponentWidth);
        const fraction = reader.fieldNumber(1 + exponentWidth, spec.precision - 1);
        if (biased === 2 ** exponentWidth - 1) return fraction === 0 ? (s ? -Infinity : Infinity) : NaN;
        const significand = biased === 0 ? fraction : fraction + 2 ** (spec.precision - 1);
        const exponent = (biased === 0 ? 1 - spec.maxExponent : biased - spec.maxExponent) - (spec.precision - 1);
        return (s ? -1 : 1) * significand * 2 ** exponent;
    }
    if (reader.allZeroFrom(1)) return s === 0 ? 0 : NaN;
    const negated = typeof pattern === 'number' ? 2 ** n - pattern : (1n << BigInt(n)) - pattern;
    const magnitude = s === 1 ? new BitReader(negated, n) : reader;
    const cap = spec.kind === 'posit' ? n - 1 : spec.rs;
    const { r, e, fractionStart, fractionBits } = taperedFields(magnitude, cap, spec.es);
    const fraction = magnitude.fieldNumber(fractionStart, fractionBits);
    return (s ? -1 : 1) * (1 + fraction / 2 ** fractionBits) * 2 ** (2 ** spec.es * r + e);
}

/** oracleApproximate for tapered patterns of ≤ 32 bits held in numbers: no allocation, bit by bit. */
function approximateTapered(n: number, cap: number, es: number, pattern: number): number {
    const half = 2 ** (n - 1);
    if (pattern === 0) return 0;
    if (pattern === half) return NaN;
    const negative = pattern > half;
    const body = negative ? 2 ** n - pattern : pattern;
    // Bit i after the sign (i = 0 first): body < 2^31, so 32-bit integer shifts are exact.
    const first = (body >>> (n - 2)) & 1;
    let k = 1;
    while (k < cap && k < n - 1 && ((body >>> (n - 2 - k)) & 1) === first) k++;
    const r = first === 1 ? k - 1 : -k;
    let position = k < cap && k < n - 1 ? k + 1 : k;
    let e = 0;
    for (let j = 0; j < es; j++, position++) e = 2 * e + (position < n - 1 ? (body >>> (n - 2 - position)) & 1 : 0);
    const fractionBits = Math.max(0, n - 1 - position);
    const fraction = body & ((1 << fractionBits) - 1);
    const magnitude = (1 + fraction / 2 ** fractionBits) * 2 ** (2 ** es * r + e);
    return negative ? -magnitude : magnitude;
}
