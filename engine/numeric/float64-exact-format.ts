// The shared implementation of every format whose values are all exactly float64 numbers (all
// formats of ≤ 32 bits). Each operation computes in float64 plus the sign of the exact error
// (TwoSum, TwoProduct, division and square-root residuals) and rounds once with
// `encodeWithTail`: the float64 result hi = RN(x) and the sign of x − hi decide the rounding to any
// format of ≤ 33 significant bits, because hi only lands on a rounding boundary when x is within
// half a float64 ulp of it, where the tail's sign breaks the tie.
import type {
    Dyadic, ElementaryAccuracy, ElementaryFunction, FormatFamily, NumericFormat, Pattern, PatternArray, PatternArrayKind, Quire
} from './format.js';
import { quotientTailSign, sqrtTailSign, twoProductError, twoSumError } from './bits/error-free.js';
import { addDyadic, bitLength, dyadicFromInteger, dyadicFromNumber, mulDyadic } from './dyadic.js';
import { pow2 } from './bits/float-bits.js';
import { LimbQuire } from './quire/limb-quire.js';
import { evaluateElementary } from './elementary/evaluate.js';

/** Static facts about a format, fixed at construction (documented on `NumericFormat`). */
export interface FormatDescriptor extends Pick<NumericFormat, 'name' | 'shortName' | 'family' | 'bits' | 'minPos' | 'maxPos' | 'quireBits' | 'quireLsbExponent' | 'arrayKind'> {
    /** Whether the float64 product of two format values is always exact (significands of ≤ 26 bits). */
    readonly productsExact: boolean;
    /** Significant bits of the product of two values (twice the longest significand). */
    readonly productBits: number;
}

/** Base of the ≤ 32-bit formats: patterns are numbers and every value is an exact float64. */
export abstract class Float64ExactFormat implements NumericFormat {
    readonly name: string;
    readonly shortName: string;
    readonly family: FormatFamily;
    readonly bits: 8 | 16 | 32 | 64;
    readonly bytes: 1 | 2 | 4 | 8;
    readonly minPos: number;
    readonly maxPos: number;
    readonly quireBits: number;
    readonly quireLsbExponent: number;
    readonly arrayKind: PatternArrayKind;
    readonly decodeIsExact = true;
    protected readonly productsExact: boolean;
    protected readonly productBits: number;

    abstract readonly zero: number;
    abstract readonly nar: number;
    abstract readonly minPosPattern: number;
    abstract readonly maxPosPattern: number;

    constructor(descriptor: FormatDescriptor) {
        this.name = descriptor.name;
        this.shortName = descriptor.shortName;
        this.family = descriptor.family;
        this.bits = descriptor.bits;
        this.bytes = (descriptor.bits / 8) as 1 | 2 | 4 | 8;
        this.minPos = descriptor.minPos;
        this.maxPos = descriptor.maxPos;
        this.quireBits = descriptor.quireBits;
        this.quireLsbExponent = descriptor.quireLsbExponent;
        this.arrayKind = descriptor.arrayKind;
        this.productsExact = descriptor.productsExact;
        this.productBits = descriptor.productBits;
    }

    // ---- the primitives each format supplies
    abstract fractionBitsAt(scale: number): number;
    abstract allocate(length: number): PatternArray;
    /** The exact value of a pattern (NaN for NaR). */
    abstract decode(pattern: Pattern): number;
    /**
     * The pattern nearest to hi + tail, where hi = RN64(x) or hi is x truncated to ≥ 33 significant bits, and
     * only the sign of tail (the rest, x − hi) is used.
     */
    abstract encodeWithTail(hi: number, tail: number): number;
    abstract isNaR(pattern: Pattern): boolean;
    abstract neg(a: Pattern): number;
    abstract abs(a: Pattern): number;
    abstract compare(a: Pattern, b: Pattern): number;
    abstract next(a: Pattern): number;
    abstract prior(a: Pattern): number;
    abstract bitsOf(pattern: Pattern): bigint;
    abstract fromBits(bits: bigint): number | undefined;

    /** The value nearest to hi + tail (same contract as `encodeWithTail`), as a float64. */
    roundValueWithTail(hi: number, tail: number): number {
        return this.decode(this.encodeWithTail(hi, tail));
    }

    encode(value: number): number {
        return this.encodeWithTail(value, 0);
    }

    // ---- scalar pattern operations
    add(a: Pattern, b: Pattern): number {
        const x = this.decode(a);
        const y = this.decode(b);
        const s = x + y;
        return this.encodeWithTail(s, twoSumError(x, y, s));
    }

    sub(a: Pattern, b: Pattern): number {
        return this.add(a, this.neg(b));
    }

    mul(a: Pattern, b: Pattern): number {
        const x = this.decode(a);
        const y = this.decode(b);
        const p = x * y;
        return this.encodeWithTail(p, this.productsExact ? 0 : twoProductError(x, y, p));
    }

    div(a: Pattern, b: Pattern): number {
        const x = this.decode(a);
        const y = this.decode(b);
        const q = x / y;
        return this.encodeWithTail(q, divisionTail(x, y, q));
    }

    sqrt(a: Pattern): number {
        const x = this.decode(a);
        const s = Math.sqrt(x);
        return this.encodeWithTail(s, sqrtTail(x, s));
    }

    fma(a: Pattern, b: Pattern, c: Pattern): number {
        return this.fmaPattern(this.decode(a), this.decode(b), this.decode(c));
    }

    min(a: Pattern, b: Pattern): number {
        if (this.isNaR(a) || this.isNaR(b)) return this.nar;
        return this.compare(a, b) <= 0 ? (a as number) : (b as number);
    }

    max(a: Pattern, b: Pattern): number {
        if (this.isNaR(a) || this.isNaR(b)) return this.nar;
        return this.compare(a, b) >= 0 ? (a as number) : (b as number);
    }

    // ---- value space
    roundValue(value: number): number {
        return this.roundValueWithTail(value, 0);
    }

    addValues(a: number, b: number): number {
        const s = a + b;
        return this.roundValueWithTail(s, twoSumError(a, b, s));
    }

    mulValues(a: number, b: number): number {
        const p = a * b;
        return this.roundValueWithTail(p, this.productsExact ? 0 : twoProductError(a, b, p));
    }

    divValues(a: number, b: number): number {
        const q = a / b;
        return this.roundValueWithTail(q, divisionTail(a, b, q));
    }

    sqrtValue(a: number): number {
        const s = Math.sqrt(a);
        return this.roundValueWithTail(s, sqrtTail(a, s));
    }

    fmaValues(a: number, b: number, c: number): number {
        return this.decode(this.fmaPattern(a, b, c));
    }

    /** The pattern of x·y + z rounded once, for x, y, z values of the format. */
    private fmaPattern(x: number, y: number, z: number): number {
        const p = x * y;
        if (!Number.isFinite(p) || !Number.isFinite(z)) return this.encode(p + z);
        const pTail = this.productsExact ? 0 : twoProductError(x, y, p);
        const s = p + z;
        const sTail = twoSumError(p, z, s);
        // x·y + z = s + sTail + pTail exactly; fold the two tails, and only if that is exact finish in float64.
        const t = sTail + pTail;
        if (twoSumError(sTail, pTail, t) === 0) {
            // (Adding a zero t could turn an IEEE −0 result into +0.)
            if (t === 0) return this.encodeWithTail(s, 0);
            const h = s + t;
            return this.encodeWithTail(h, twoSumError(s, t, h));
        }
        return this.roundDyadic(addDyadic(mulDyadic(dyadicFromNumber(x), dyadicFromNumber(y)), dyadicFromNumber(z)));
    }

    // ---- exact values and integers
    toDyadic(pattern: Pattern): Dyadic | undefined {
        const value = this.decode(pattern);
        return Number.isFinite(value) ? dyadicFromNumber(value) : undefined;
    }

    roundDyadic(value: Dyadic, inexact = false): number {
        const { negative, magnitude } = value;
        if (magnitude === 0n) return this.encode(negative ? -0 : 0);
        const length = bitLength(magnitude);
        const scale = value.exponent + length - 1;
        // Beyond 2^±600 every ≤ 32-bit format saturates (posits) or overflows / flushes (IEEE) alike.
        if (scale > 600 || scale < -600) {
            const stand = scale > 600 ? pow2(601) : pow2(-601);
            return this.encodeWithTail(negative ? -stand : stand, 0);
        }
        // hi = the magnitude truncated to 33 bits (exact in float64); the rest becomes the tail's sign.
        const dropped = Math.max(0, length - 33);
        const top = magnitude >> BigInt(dropped);
        const rest = inexact || (top << BigInt(dropped)) !== magnitude;
        const hi = Number(top) * pow2(value.exponent + dropped);
        return this.encodeWithTail(negative ? -hi : hi, rest ? (negative ? -1 : 1) : 0);
    }

    toInteger(pattern: Pattern): bigint | undefined {
        const value = this.decode(pattern);
        if (!Number.isFinite(value)) return undefined;
        // Exact float64: round half to even in integer arithmetic (Math.round rounds half up).
        const floor = Math.floor(value);
        const fraction = value - floor;
        const rounded = fraction > 0.5 || (fraction === 0.5 && floor % 2 !== 0) ? floor + 1 : floor;
        return BigInt(rounded);
    }

    fromInteger(value: bigint | number): number {
        return this.roundDyadic(dyadicFromInteger(BigInt(value)));
    }

    // ---- elementary functions
    apply(fn: ElementaryFunction, a: Pattern): number {
        return evaluateElementary(this, fn, this.decode(a)) as number;
    }

    applyValue(fn: ElementaryFunction, x: number): number {
        return this.decode(this.apply(fn, this.encode(x)));
    }

    elementaryAccuracy(_fn: ElementaryFunction): ElementaryAccuracy {
        return 'correctly-rounded';
    }

    // ---- vectorised (subclasses override the hot ones with specialised loops)
    decodeArray(src: PatternArray, dst: Float64Array, n = src.length): void {
        for (let i = 0; i < n; i++) dst[i] = this.decode(src[i]);
    }

    encodeArray(src: Float64Array, dst: PatternArray, n = src.length): void {
        const out = dst as Uint32Array;
        for (let i = 0; i < n; i++) out[i] = this.encodeWithTail(src[i], 0);
    }

    roundValues(src: Float64Array, dst: Float64Array, n = src.length): void {
        for (let i = 0; i < n; i++) dst[i] = this.roundValueWithTail(src[i], 0);
    }

    addArrays(a: PatternArray, b: PatternArray, out: PatternArray, n = out.length): void {
        const o = out as Uint32Array;
        for (let i = 0; i < n; i++) o[i] = this.add(a[i], b[i]);
    }

    subArrays(a: PatternArray, b: PatternArray, out: PatternArray, n = out.length): void {
        const o = out as Uint32Array;
        for (let i = 0; i < n; i++) o[i] = this.sub(a[i], b[i]);
    }

    mulArrays(a: PatternArray, b: PatternArray, out: PatternArray, n = out.length): void {
        const o = out as Uint32Array;
        for (let i = 0; i < n; i++) o[i] = this.mul(a[i], b[i]);
    }

    divArrays(a: PatternArray, b: PatternArray, out: PatternArray, n = out.length): void {
        const o = out as Uint32Array;
        for (let i = 0; i < n; i++) o[i] = this.div(a[i], b[i]);
    }

    sqrtArray(a: PatternArray, out: PatternArray, n = out.length): void {
        const o = out as Uint32Array;
        for (let i = 0; i < n; i++) o[i] = this.sqrt(a[i]);
    }

    fmaArrays(a: PatternArray, b: PatternArray, c: PatternArray, out: PatternArray, n = out.length): void {
        const o = out as Uint32Array;
        for (let i = 0; i < n; i++) o[i] = this.fma(a[i], b[i], c[i]);
    }

    // ---- quire and dot products
    /** The quire reused by dotValues / dotPatterns (cleared per call: no allocation per dot product). */
    private dotQuire: LimbQuire | undefined;

    createQuire(): Quire {
        return new LimbQuire(this, this.quireLsbExponent, this.quireBits, this.productsExact, this.productBits);
    }

    private scratchQuire(): LimbQuire {
        const quire = (this.dotQuire ??= new LimbQuire(this, this.quireLsbExponent, this.quireBits, this.productsExact, this.productBits));
        quire.clear();
        return quire;
    }

    dotValues(a: Float64Array, aOff: number, aStride: number, b: Float64Array, bOff: number, bStride: number, n: number): number {
        const quire = this.scratchQuire();
        quire.addDot(a, aOff, aStride, b, bOff, bStride, n);
        return this.decode(quire.roundToPattern());
    }

    dotPatterns(a: PatternArray, b: PatternArray, n = Math.min(a.length, b.length)): number {
        const quire = this.scratchQuire();
        for (let i = 0; i < n; i++) quire.addValueProduct(this.decode(a[i]), this.decode(b[i]));
        return quire.roundToPattern();
    }
}

/** The tail sign of q = RN(x / y); 0 where q is exact or not finite (x/0 is ±∞ or NaN: NaR for posits). */
function divisionTail(x: number, y: number, q: number): number {
    return q !== 0 && Number.isFinite(q) && Number.isFinite(x) && Number.isFinite(y) ? quotientTailSign(x, y, q) : 0;
}

/** The tail sign of s = RN(√x); 0 for 0, ∞ and NaN (√ of a negative is NaN: NaR for posits). */
function sqrtTail(x: number, s: number): number {
    return s > 0 && Number.isFinite(s) ? sqrtTailSign(x, s) : 0;
}
