// How kernels add: `quire` (every dot product and reduction exact, rounded once) or `rounded`
// (every product and every add rounds, the IEEE-style baseline).
//
// The quire mode has a fast path that is exact by proof, not by luck. For formats whose
// significands have at most 26 bits (posit8/16, b-posit16/32, float32) the product of two decoded
// values is exact in float64, so a plain float64 sum ŝ of n products differs from the exact sum S
// by at most γ(n−1)·Σ|pᵢ| (Higham, Accuracy and Stability of Numerical Algorithms, §4.2; the bound
// holds for any summation order). `certifyPattern` widens ŝ by more than twice that bound and asks
// whether the whole interval rounds to one value: rounding is monotone, so that value is the
// correctly rounded exact sum — what a quire gives, independent of the order of the terms. When the
// interval straddles a rounding boundary, kernels retry with TwoSum-tracked addition (exact ties with
// integer data have an exact float64 sum, and one rounding of it is correct), and only then use the
// format's quire. Tests check every path against the quire bit for bit.
import type { NumericFormat, Quire } from '../numeric/format.js';
import { hasAtMost28SignificantBits, nextDown, nextUp, twoSumError } from './float64-bits.js';
import { RoundingTable } from './rounding-table.js';

/** The accumulation mode of a `train` block. */
export type AccumulateMode = 'quire' | 'rounded';

const twoToMinus52 = 2 ** -52;
const twoToMinus51 = 2 ** -51;

/** A format's rounding services for kernels: exact sums, one rounding, and the fallback quire. */
export class Accumulation {
    /** Whether products of two values of this format are exact in float64 (fast exact path). */
    readonly exactProducts: boolean;
    /** The fallback quire (one per format per program; the program tracks its bytes). */
    readonly quire: Quire;
    /** True for IEEE binary64, whose rounded arithmetic is plain JS arithmetic. */
    readonly nativeFloat64: boolean;
    /** True for IEEE binary32, whose rounded arithmetic is Math.fround of exact float64 results. */
    readonly nativeFloat32: boolean;
    /**
     * The start of a rounded running sum: −0 for IEEE formats (−0 + x = x for every x, signed zeros
     * included), 0 for posits (which have one zero).
     */
    readonly emptySum: number;
    /** Count of results the fast path could not certify (recomputed with the quire). */
    fallbacks = 0;
    private readonly table: RoundingTable | undefined;

    constructor(readonly format: NumericFormat, readonly mode: AccumulateMode) {
        this.exactProducts = hasExactFloat64Products(format);
        this.quire = format.createQuire();
        this.nativeFloat64 = format.family === 'ieee' && format.bits === 64;
        this.nativeFloat32 = format.family === 'ieee' && format.bits === 32;
        this.emptySum = format.family === 'ieee' ? -0 : 0;
        this.table = RoundingTable.of(format);
    }

    /** The pattern of the correctly rounded value (as `format.encode`). */
    encode(value: number): number {
        if (this.table !== undefined) return this.table.encode(value);
        if (this.nativeFloat64) return value;
        if (this.nativeFloat32) return Math.fround(value);
        return this.format.encode(value) as number;
    }

    /** The correctly rounded value (as `format.roundValue`). */
    round(value: number): number {
        if (this.table !== undefined) return this.table.round(value);
        if (this.nativeFloat64) return value;
        if (this.nativeFloat32) return Math.fround(value);
        return this.format.roundValue(value);
    }

    /**
     * The pattern of the correctly rounded exact sum S of `terms` exact float64 terms, given their
     * float64 sum `sum` (any order) and a bound `magnitude` ≥ Σ|termᵢ|; NaN when the interval does
     * not decide the rounding (a near-tie, a cancellation to zero, NaR, overflow).
     */
    certifyPattern(sum: number, magnitude: number, terms: number): number {
        // Every term is zero: the exact sum is zero.
        if (magnitude === 0 && sum === 0) return this.encode(0);
        const width = (magnitude + Math.abs(sum)) * ((terms + 4) * twoToMinus52);
        if (this.table !== undefined) return this.table.encodeInterval(sum, width);
        const low = this.round(sum - width);
        const high = this.round(sum + width);
        return Object.is(low, high) && low === low ? this.encode(low) : NaN;
    }

    /** As `certifyPattern`, returning the value. */
    certify(sum: number, magnitude: number, terms: number): number {
        const pattern = this.certifyPattern(sum, magnitude, terms);
        return pattern === pattern ? this.format.decode(pattern) : NaN;
    }

    /** The rounded sum of two format values (exact sum, one rounding: both modes agree). */
    add(a: number, b: number): number {
        if (this.nativeFloat64) return a + b;
        if (this.nativeFloat32) return Math.fround(a + b);
        if (this.table !== undefined) {
            const s = a + b;
            return this.roundExactPair(s, twoSumError(a, b, s));
        }
        return this.format.addValues(a, b);
    }

    /** The rounded product of two format values. */
    mul(a: number, b: number): number {
        if (this.nativeFloat64) return a * b;
        if (this.nativeFloat32) return Math.fround(a * b);
        if (this.table !== undefined) return this.table.round(a * b);
        return this.format.mulValues(a, b);
    }

    /**
     * a·b + c·d: exact and rounded once with `quire`; with `rounded`, each product rounds and the
     * add rounds. With exact float64 products the exact sum is p + q = s + e (TwoSum), and rounding
     * it needs only s and the sign of e (see `roundExactPair`), so operands may come from a wider
     * format (optimizer state) as long as their products stay exact.
     */
    sumOfTwoProducts(a: number, b: number, c: number, d: number): number {
        if (this.mode === 'rounded') return this.add(this.mul(a, b), this.mul(c, d));
        if (this.exactProducts) {
            const p = a * b;
            const q = c * d;
            const s = p + q;
            return this.roundExactPair(s, twoSumError(p, q, s));
        }
        this.fallbacks++;
        const quire = this.quire;
        quire.clear();
        quire.addValueProduct(a, b);
        quire.addValueProduct(c, d);
        return this.format.decode(quire.round());
    }

    /** `sumOfTwoProducts`, returning the pattern (one table lookup fewer for stored values). */
    encodeSumOfTwoProducts(a: number, b: number, c: number, d: number): number {
        if (this.table !== undefined && this.mode === 'quire' && this.exactProducts) {
            const p = a * b;
            const q = c * d;
            const s = p + q;
            const e = twoSumError(p, q, s);
            if (e === 0) return this.table.encode(s);
            const quick = this.table.encodeInterval(s, Math.abs(s) * twoToMinus51);
            if (quick === quick) return quick;
            return this.table.encode(this.roundExactPair(s, e));
        }
        return this.encode(this.sumOfTwoProducts(a, b, c, d));
    }

    /**
     * The correctly rounded value of s + e, where s = fl(s + e) and e is the TwoSum error.
     * Rounding is monotone, so if both float64 neighbours of s round like s, so does s + e, which
     * lies strictly between them. Otherwise a rounding boundary b lies among the three; every
     * boundary of a format with ≤ 26-bit significands has at most 28 significant bits, and of three
     * consecutive float64 values at most one has so few bits — so b = s exactly when s has at most
     * 28 significant bits, and then the sign of e picks the side. If b is a neighbour, s + e is on
     * s's side of it.
     */
    roundExactPair(s: number, e: number): number {
        if (e !== 0 && this.table !== undefined) {
            // s + e lies within |s|·2^-52 of s; usually that whole interval rounds one way.
            const quick = this.table.roundInterval(s, Math.abs(s) * twoToMinus51);
            if (quick === quick) return quick;
        }
        const rounded = this.round(s);
        if (e === 0 || !Number.isFinite(s)) return rounded;
        const below = this.round(nextDown(s));
        const above = this.round(nextUp(s));
        if (Object.is(below, rounded) && Object.is(above, rounded)) return rounded;
        if (hasAtMost28SignificantBits(s)) return e > 0 ? above : below;
        return rounded;
    }
}

/** Significand bits (hidden bit included) of the most precise values of a format. */
export function significandBits(format: NumericFormat): number {
    let best = 0;
    const lowest = Math.floor(Math.log2(format.minPos));
    const highest = Math.ceil(Math.log2(format.maxPos));
    for (let scale = lowest; scale <= highest; scale++) best = Math.max(best, format.fractionBitsAt(scale));
    return best + 1;
}

/**
 * Whether the float64 product of any two values of `format` is exact and a sum of up to 2^20 of them
 * stays finite and normal: significands of ≤ 26 bits and products inside float64's normal range.
 */
export function hasExactFloat64Products(format: NumericFormat): boolean {
    if (!format.decodeIsExact) return false;
    if (2 * significandBits(format) > 53) return false;
    const largest = Math.log2(format.maxPos) * 2 + 20;
    const smallest = Math.log2(format.minPos) * 2;
    return largest < 1023 && smallest > -1022;
}
