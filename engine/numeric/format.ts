// The contract every numeric format of the engine implements: posit<n>, bposit<n>, and the IEEE
// baselines. The engine's kernels are written against this interface only, so an experiment can
// swap formats by name. Implementations live beside this file; this file holds no code.
//
// Values cross the interface in two representations:
// - a *pattern*: the format's raw bits (a number for n ≤ 32, a bigint for 64-bit formats), as stored
//   in tensors (`PatternArray`), so a tensor of posit16 costs exactly 2 bytes a value;
// - a *value*: a JS number (float64). Decoding is exact for every format of ≤ 32 bits; for 64-bit
//   formats `decode` rounds (see `decodeIsExact`).
// - an exact *dyadic* (`Dyadic`: ±magnitude·2^exponent with a bigint magnitude), the slow exact
//   path used by conversions, the `phg num` calculator and tests; every format round-trips it.
//
// IEEE float32 and float64 tensors are stored as `Float32Array` / `Float64Array`, so for those two
// formats a pattern *is* the value (use `bitsOf` for the raw bits); float16 and bfloat16 patterns
// are raw 16-bit integers in a `Uint16Array`.

/** The family a format belongs to. */
export type FormatFamily = 'posit' | 'bposit' | 'ieee';

/** The typed array that stores a format's patterns. */
export type PatternArray = Uint8Array | Uint16Array | Uint32Array | BigUint64Array | Float32Array | Float64Array;

/** A format's raw bit pattern: a number for n ≤ 32 bits, a bigint for 64-bit posits. */
export type Pattern = number | bigint;

/** The name of the typed array that stores a format's patterns. */
export type PatternArrayKind = 'Uint8Array' | 'Uint16Array' | 'Uint32Array' | 'BigUint64Array' | 'Float32Array' | 'Float64Array';

/** An exact binary rational ±magnitude · 2^exponent (magnitude ≥ 0; zero has magnitude 0n). */
export interface Dyadic {
    readonly negative: boolean;
    readonly magnitude: bigint;
    readonly exponent: number;
}

/** Elementary functions every format evaluates (what activations, softmax and cross-entropy need). */
export type ElementaryFunction = 'exp' | 'log' | 'tanh' | 'sigmoid';

/** How close an elementary function's result is: the nearest format value, or one of the two neighbours. */
export type ElementaryAccuracy = 'correctly-rounded' | 'faithful';

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
    /** The exact sum; undefined when the quire holds NaR. */
    toDyadic(): Dyadic | undefined;
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
    /** The typed array `allocate` returns. */
    readonly arrayKind: PatternArrayKind;
    /** Quire / dot-product extremes: every product of two format values is a multiple of 2^quireLsbExponent. */
    readonly quireLsbExponent: number;

    /** The pattern of zero and of NaR (NaN for IEEE formats; for float16/bfloat16 the canonical quiet-NaN bits). */
    readonly zero: Pattern;
    readonly nar: Pattern;
    /** The patterns of the smallest and largest positive values. */
    readonly minPosPattern: Pattern;
    readonly maxPosPattern: Pattern;

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
    /** The next pattern up / down in value order (posits wrap through NaR as the standard's integer order does). */
    next(a: Pattern): Pattern;
    prior(a: Pattern): Pattern;

    // ---- raw bits, exact values, integers
    /** The raw bits of a pattern as an unsigned bigint (for float32/float64 the IEEE encoding of the value). */
    bitsOf(pattern: Pattern): bigint;
    /** The pattern with raw bits `bits`, or undefined when `bits` is wider than the format. */
    fromBits(bits: bigint): Pattern | undefined;
    /** The exact value of a pattern; undefined for NaR / NaN (IEEE infinities are also undefined). */
    toDyadic(pattern: Pattern): Dyadic | undefined;
    /** Rounds an exact dyadic once; `inexact` says the true value lies strictly beyond it, away from zero (a sticky bit). */
    roundDyadic(value: Dyadic, inexact?: boolean): Pattern;
    /** The integer nearest to a pattern's value (ties to even); undefined for NaR and IEEE infinities. */
    toInteger(pattern: Pattern): bigint | undefined;
    /** The correctly rounded pattern of an integer. */
    fromInteger(value: bigint | number): Pattern;

    // ---- elementary functions
    /** fn(a) of a pattern, rounded to the format (see `elementaryAccuracy`). */
    apply(fn: ElementaryFunction, a: Pattern): Pattern;
    /** fn(x) for a value x of the format, rounded to the format and returned as a value (same rounding as `apply`). */
    applyValue(fn: ElementaryFunction, x: number): number;
    /** Whether `apply` / `applyValue` return the correctly rounded result or a faithful one. */
    elementaryAccuracy(fn: ElementaryFunction): ElementaryAccuracy;

    // ---- rounding of float64 values (kernels compute on decoded values, then round once)
    /** Rounds a float64 to the nearest value of the format and returns that value (not the pattern). */
    roundValue(value: number): number;
    /** The correctly rounded sum of two values the format represents exactly. */
    addValues(a: number, b: number): number;
    /** The correctly rounded product of two values the format represents exactly. */
    mulValues(a: number, b: number): number;
    /** The correctly rounded quotient of two values the format represents exactly (x/0 is NaR for posits). */
    divValues(a: number, b: number): number;
    /** The correctly rounded square root of a value the format represents exactly. */
    sqrtValue(a: number): number;
    /** a·b + c with one rounding, for values the format represents exactly. */
    fmaValues(a: number, b: number, c: number): number;

    // ---- vectorised: typed arrays in and out, no allocation per element
    /** Decodes `src[0..n)` into `dst[0..n)` (exact for formats with `decodeIsExact`). */
    decodeArray(src: PatternArray, dst: Float64Array, n?: number): void;
    /** Encodes `src[0..n)` into `dst[0..n)`, each correctly rounded. */
    encodeArray(src: Float64Array, dst: PatternArray, n?: number): void;
    addArrays(a: PatternArray, b: PatternArray, out: PatternArray, n?: number): void;
    subArrays(a: PatternArray, b: PatternArray, out: PatternArray, n?: number): void;
    mulArrays(a: PatternArray, b: PatternArray, out: PatternArray, n?: number): void;
    divArrays(a: PatternArray, b: PatternArray, out: PatternArray, n?: number): void;
    sqrtArray(a: PatternArray, out: PatternArray, n?: number): void;
    /** out[i] = a[i]·b[i] + c[i] with one rounding each. */
    fmaArrays(a: PatternArray, b: PatternArray, c: PatternArray, out: PatternArray, n?: number): void;
    /** Rounds `src[0..n)` to the format in value space: dst[i] = roundValue(src[i]) (src and dst may alias). */
    roundValues(src: Float64Array, dst: Float64Array, n?: number): void;

    /** A fresh quire for this format. */
    createQuire(): Quire;
    /** The exact dot product of two pattern arrays Σ a[i]·b[i] (i < n), rounded once. */
    dotPatterns(a: PatternArray, b: PatternArray, n?: number): Pattern;
    /**
     * The exact dot product Σ a[aOff + i·aStride] · b[bOff + i·bStride] for i < n, of values the
     * format represents exactly, rounded once to the format; returns the rounded value.
     */
    dotValues(a: Float64Array, aOff: number, aStride: number, b: Float64Array, bOff: number, bStride: number, n: number): number;
}
