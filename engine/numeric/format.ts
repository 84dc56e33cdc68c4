// The contract every numeric format of the engine implements: posit<n>, bposit<n>, and the IEEE
// baselines. The engine's kernels are written against this interface only, so an experiment can
// swap formats by name. Implementations live beside this file; this file holds no code.
//
// Values cross the interface in two representations:
// - a *pattern*: the format's raw bits (a number for n ≤ 32, a bigint for 64-bit formats), as stored
//   in tensors (`PatternArray`), so a tensor of posit16 costs exactly 2 bytes a value;
// - a *value*: a JS number (float64). Decoding is exact for every format of ≤ 32 bits; for 64-bit
//   formats `decode` rounds (see `decodeIsExact`).

/** The family a format belongs to. */
export type FormatFamily = 'posit' | 'bposit' | 'ieee';

/** The typed array that stores a format's patterns. */
export type PatternArray = Uint8Array | Uint16Array | Uint32Array | BigUint64Array | Float32Array | Float64Array;

/** A format's raw bit pattern: a number for n ≤ 32 bits, a bigint for 64-bit posits. */
export type Pattern = number | bigint;

/** An exact accumulator (a quire, or its IEEE equivalent, a Kulisch accumulator). */
export interface Quire {
    /** The format this quire rounds to. */
    readonly format: NumericFormat;
    /** Sets the quire to zero. */
    clear(): void;
    /** Adds a pattern's exact value. */
    addPattern(pattern: Pattern): void;
    /** Subtracts a pattern's exact value. */
    subPattern(pattern: Pattern): void;
    /** Adds the exact product of two patterns (fused multiply-add, no rounding). */
    addProduct(a: Pattern, b: Pattern): void;
    /** Subtracts the exact product of two patterns. */
    subProduct(a: Pattern, b: Pattern): void;
    /** Adds the exact value of a float64 that the format represents exactly (a decoded pattern). */
    addValue(value: number): void;
    /** Adds the exact product of two float64 values, each exactly representable in the format. */
    addValueProduct(a: number, b: number): void;
    /** Adds another quire of the same format, exactly. */
    addQuire(other: Quire): void;
    /** Whether the quire holds NaR (any NaR input poisons it until `clear`). */
    readonly isNaR: boolean;
    /** Rounds the exact sum to the format once. */
    round(): Pattern;
    /** The exact sum, as a decimal string (for diagnostics and the `phg num` calculator). */
    toExactString(): string;
}

/** A numeric format: its descriptor, scalar operations on patterns, and vectorised kernels. */
export interface NumericFormat {
    /** Canonical spelling, as the language writes it: `posit<16>`, `bposit<32>`, `float32`. */
    readonly name: string;
    /** Short name: `posit16`, `bposit32`, `float32`. */
    readonly shortName: string;
    readonly family: FormatFamily;
    /** Bits per value. */
    readonly bits: 8 | 16 | 32 | 64;
    /** Bytes per stored value. */
    readonly bytes: 1 | 2 | 4 | 8;
    /** Smallest positive value. */
    readonly minPos: number;
    /** Largest finite value. */
    readonly maxPos: number;
    /** Width of the quire in bits. */
    readonly quireBits: number;
    /** Whether `decode` is exact for every pattern (false for 64-bit posits and b-posits). */
    readonly decodeIsExact: boolean;
    /** Fraction bits available at a binary scale (exponent) `scale`; 0 outside the range. */
    fractionBitsAt(scale: number): number;

    /** The pattern of zero and of NaR (NaN for IEEE formats). */
    readonly zero: Pattern;
    readonly nar: Pattern;

    /** Allocates a zero-filled typed array of `length` patterns. */
    allocate(length: number): PatternArray;

    // ---- scalar, on patterns; every result is correctly rounded (one rounding)
    encode(value: number): Pattern;
    decode(pattern: Pattern): number;
    isNaR(pattern: Pattern): boolean;
    add(a: Pattern, b: Pattern): Pattern;
    sub(a: Pattern, b: Pattern): Pattern;
    mul(a: Pattern, b: Pattern): Pattern;
    div(a: Pattern, b: Pattern): Pattern;
    sqrt(a: Pattern): Pattern;
    /** a·b + c with one rounding. */
    fma(a: Pattern, b: Pattern, c: Pattern): Pattern;
    neg(a: Pattern): Pattern;
    abs(a: Pattern): Pattern;
    /** Negative, zero or positive as a < b, a = b, a > b; NaR is below every real. */
    compare(a: Pattern, b: Pattern): number;
    min(a: Pattern, b: Pattern): Pattern;
    max(a: Pattern, b: Pattern): Pattern;
    /** The next pattern up / down in value order. */
    next(a: Pattern): Pattern;
    prior(a: Pattern): Pattern;

    // ---- rounding of float64 values (kernels compute on decoded values, then round once)
    /** Rounds a float64 to the nearest value of the format and returns that value (not the pattern). */
    roundValue(value: number): number;
    /** The correctly rounded sum of two values the format represents exactly. */
    addValues(a: number, b: number): number;
    /** The correctly rounded product of two values the format represents exactly. */
    mulValues(a: number, b: number): number;

    // ---- vectorised: typed arrays in and out, no allocation per element
    /** Decodes `src[0..n)` into `dst[0..n)` (exact for formats with `decodeIsExact`). */
    decodeArray(src: PatternArray, dst: Float64Array, n?: number): void;
    /** Encodes `src[0..n)` into `dst[0..n)`, each correctly rounded. */
    encodeArray(src: Float64Array, dst: PatternArray, n?: number): void;
    addArrays(a: PatternArray, b: PatternArray, out: PatternArray, n?: number): void;
    mulArrays(a: PatternArray, b: PatternArray, out: PatternArray, n?: number): void;

    /** A fresh quire for this format. */
    createQuire(): Quire;
    /**
     * The exact dot product Σ a[aOff + i·aStride] · b[bOff + i·bStride] for i < n, of values the
     * format represents exactly, rounded once to the format; returns the rounded value.
     */
    dotValues(a: Float64Array, aOff: number, aStride: number, b: Float64Array, bOff: number, bStride: number, n: number): number;
}
