// Exact sums of products, rounded once — what `accumulate quire` promises for every coefficient a
// geometric-algebra kernel writes. Kernels first try the certified float64 fast path
// (`Accumulation.certifyPattern`); the rare sums it cannot decide (near-ties, exact cancellation)
// are replayed into this buffer, which resolves them exactly:
//   1. TwoSum-tracked float64 addition: when every product and every addition was exact, one
//      rounding of the float64 sum is the correctly rounded exact sum;
//   2. the format's quire, when every term is a product of at most two format values;
//   3. exact dyadic (bigint) arithmetic for triple products (the sandwich), rounded once.
//
// Why the fast path is valid for any products of up to three factors, exact or not in float64:
// a term c·a·b·s (c = ±1, ±2) is computed with at most two roundings (a·b, then ·s; none when
// products of the format are exact in float64), so it carries a relative error ≤ 2u (u = 2^-53)
// on top of the ≤ (n − 1)·u·Σ|t| of an n-term float64 sum: ≤ (n + 1)·u·Σ|t| in all, while
// `certifyPattern` widens the sum by (n + 4)·2^-52·Σ|t| = (2n + 8)·u·Σ|t|. Relative error bounds
// need normal results: the products of `factors` format values must stay inside float64's normal
// range (`fastPathSafe`), which holds for every ≤ 32-bit format and excludes IEEE float64.
import type { Accumulation } from '../kernels/accumulation.js';
import { twoProductError, twoSumError } from '../numeric/bits/error-free.js';
import { addDyadic, dyadicFromNumber, dyadicZero, mulDyadic } from '../numeric/dyadic.js';
import type { Dyadic } from '../numeric/format.js';

/** Whether products of `factors` values of the accumulation's format (decoded exactly) stay normal and finite in float64. */
export function fastPathSafe(acc: Accumulation, factors: number): boolean {
    const format = acc.format;
    return format.decodeIsExact && factors * Math.log2(format.maxPos) + 20 < 1023 && factors * Math.log2(format.minPos) > -1022;
}

/** Terms c·a·b·s replayed for an exact resolution; grows once, then reused. */
export class ExactTermBuffer {
    private terms = new Float64Array(4 * 64);
    private count = 0;
    private ternary = false;

    constructor(private readonly acc: Accumulation) {}

    /** Starts a new sum. */
    clear(): void {
        this.count = 0;
        this.ternary = false;
    }

    /** Adds the term coefficient · a · b · s (pass 1 for absent factors). */
    push(coefficient: number, a: number, b: number, s: number): void {
        if (4 * (this.count + 1) > this.terms.length) {
            const grown = new Float64Array(this.terms.length * 2);
            grown.set(this.terms);
            this.terms = grown;
        }
        const at = 4 * this.count++;
        this.terms[at] = coefficient;
        this.terms[at + 1] = a;
        this.terms[at + 2] = b;
        this.terms[at + 3] = s;
        if (s !== 1) this.ternary = true;
    }

    /** The exact sum of the pushed terms, rounded once to the format (a value of the format). */
    roundedSum(): number {
        const acc = this.acc;
        // NaR (NaN) or an infinity poisons the sum, as it poisons a quire.
        for (let i = 0; i < 4 * this.count; i++) if (!Number.isFinite(this.terms[i]!)) return NaN;
        const tracked = this.trackedSum();
        if (tracked === tracked) return acc.round(tracked);
        acc.fallbacks++;
        return this.ternary ? this.dyadicSum() : this.quireSum();
    }

    // The float64 sum when every operation was exact, else NaN.
    private trackedSum(): number {
        if (!this.acc.exactProducts) return NaN;
        const t = this.terms;
        let sum = 0;
        for (let i = 0; i < this.count; i++) {
            const at = 4 * i;
            const ab = t[at + 1]! * t[at + 2]!;
            const abs = ab * t[at + 3]!;
            if (twoProductError(ab, t[at + 3]!, abs) !== 0) return NaN;
            const term = t[at]! * abs;
            if (twoProductError(t[at]!, abs, term) !== 0) return NaN;
            const next = sum + term;
            if (twoSumError(sum, term, next) !== 0) return NaN;
            sum = next;
        }
        return sum;
    }

    // Products of two format values with small integer coefficients, in the format's quire.
    private quireSum(): number {
        const quire = this.acc.quire;
        const t = this.terms;
        quire.clear();
        for (let i = 0; i < this.count; i++) {
            const at = 4 * i;
            const coefficient = t[at]!;
            const a = coefficient < 0 ? -t[at + 1]! : t[at + 1]!;
            for (let r = 0; r < Math.abs(coefficient); r++) quire.addValueProduct(a, t[at + 2]!);
        }
        return this.acc.format.decode(quire.round());
    }

    // Any terms, exactly in bigint dyadics, rounded once.
    private dyadicSum(): number {
        const t = this.terms;
        let sum: Dyadic = dyadicZero;
        for (let i = 0; i < this.count; i++) {
            const at = 4 * i;
            let term = dyadicFromNumber(t[at]!);
            for (let f = 1; f <= 3; f++) term = mulDyadic(term, dyadicFromNumber(t[at + f]!));
            sum = addDyadic(sum, term);
        }
        const format = this.acc.format;
        return format.decode(format.roundDyadic(sum));
    }
}
