// How well a numeric format holds the values of a range: whether the range fits its dynamic range,
// and the worst rounding error over it, computed exactly from the format's grid of values (its
// neighbours, not a model of its bit fields), so posits' tapering, b-posits' capped regime and
// IEEE subnormals are all accounted for.
//
// Rounding to nearest moves a value v in the gap [p, q] between two neighbours by at most
// (q − p)/2, the worst relative error of that gap being (q − p)/(q + p) (just below its midpoint).
// Within a run of equal gaps (between powers of two) the first gap is the worst, so the supremum
// over a range is reached in the gap holding its lower end, the one after it, or a gap starting at
// a power of two inside it.
//
// A range that contains zero has no finite worst relative error in any format (values near zero
// round to zero or to minpos), so for such a range the error is measured against the range's
// largest magnitude instead: sup |fl(v) − v| / max |v| ("scaled" error).
import type { NumericFormat } from '../../engine/numeric/index.js';
import { containsZero, isBounded, magnitude, nextDown as nextDownValue, nextUp as nextUpValue, type Interval } from './interval.js';

/** The worst rounding error of a format over a range. */
export interface RoundingError {
    /** `relative`: sup |fl(v) − v| / |v| (a range without zero); `scaled`: sup |fl(v) − v| / max |range| (a range with zero). */
    readonly kind: 'relative' | 'scaled';
    readonly value: number;
}

/** Where a range lies against a format's dynamic range [minpos, maxpos] (zero is always exact). */
export type DynamicRangeFit =
    | { readonly fit: 'inside' }
    /** Some values lie beyond maxpos (`above`) or, in a range without zero, below minpos (`below`). */
    | { readonly fit: 'partly'; readonly side: 'above' | 'below' }
    /** Every nonzero value lies beyond maxpos, or below minpos. */
    | { readonly fit: 'outside'; readonly side: 'above' | 'below' };

/** How a range's finite bounds lie against a format's dynamic range; unbounded sides are not judged. */
export function dynamicRangeFit(format: NumericFormat, range: Interval): DynamicRangeFit {
    const finite = [range.lo, range.hi].filter(Number.isFinite);
    if (finite.length === 0) return { fit: 'inside' };
    const largest = Math.max(...finite.map(Math.abs));
    if (largest > format.maxPos) {
        const whollyAbove = isBounded(range) && (range.lo > format.maxPos || range.hi < -format.maxPos);
        return { fit: whollyAbove ? 'outside' : 'partly', side: 'above' };
    }
    if (containsZero(range)) {
        // Zero is exact; a bounded range whose every other value is below minpos has nothing representable.
        return isBounded(range) && largest > 0 && largest < format.minPos ? { fit: 'outside', side: 'below' } : { fit: 'inside' };
    }
    const smallest = Math.min(...finite.map(Math.abs));
    if (smallest >= format.minPos) return { fit: 'inside' };
    return { fit: isBounded(range) && largest < format.minPos ? 'outside' : 'partly', side: 'below' };
}

/** Whether every value of a bounded range rounds within the format's dynamic range. */
export function covers(format: NumericFormat, range: Interval): boolean {
    return isBounded(range) && dynamicRangeFit(format, range).fit === 'inside';
}

/**
 * The worst rounding error of a format over a range it covers; undefined when it does not cover it
 * or cannot decode its values exactly (64-bit tapered formats).
 */
export function worstRoundingError(format: NumericFormat, range: Interval): RoundingError | undefined {
    if (!format.decodeIsExact || !covers(format, range)) return undefined;
    const grid = new ValueGrid(format);
    if (containsZero(range)) {
        const largest = magnitude(range);
        return { kind: 'scaled', value: largest === 0 ? 0 : grid.worstAbsoluteUpTo(largest) / largest };
    }
    const low = Math.min(Math.abs(range.lo), Math.abs(range.hi));
    return { kind: 'relative', value: grid.worstRelative(low, magnitude(range)) };
}

/** The positive values of a format, walked through its neighbour operations. */
class ValueGrid {
    constructor(private readonly format: NumericFormat) {}

    /** The largest format value ≤ v (v ≥ 0), and the next one above it (undefined past maxpos). */
    gapAt(v: number): { p: number; q: number | undefined } {
        const format = this.format;
        let pattern = format.encode(v);
        if (format.decode(pattern) > v) pattern = format.prior(pattern);
        const p = format.decode(pattern);
        return { p, q: p >= format.maxPos ? undefined : format.decode(format.next(pattern)) };
    }

    /** sup over v in [a, b] (0 < a ≤ b ≤ maxpos) of |fl(v) − v| / v. */
    worstRelative(a: number, b: number): number {
        const starts = new Set<number>();
        const first = this.gapAt(a);
        starts.add(first.p);
        if (first.q !== undefined && first.q < b) starts.add(first.q);
        for (let s = Math.ceil(Math.log2(a)); 2 ** s < b; s++) {
            const power = 2 ** s;
            if (power > a && this.gapAt(power).p === power) starts.add(power);
        }
        starts.add(this.gapAt(b).p);
        let worst = 0;
        for (const start of starts) {
            const { p, q } = this.gapAt(start);
            if (q === undefined) continue;
            const t = this.threshold(p, q);
            const x = Math.max(a, p);
            const y = Math.min(b, q);
            // Below t values round down to p (the error grows toward t), from t on up to q (it shrinks).
            if (x < t) worst = Math.max(worst, p === 0 ? 1 : (Math.min(y, t) - p) / Math.min(y, t));
            if (y >= t) worst = Math.max(worst, (q - Math.max(x, t)) / Math.max(x, t));
        }
        return worst;
    }

    /**
     * sup over v in [0, m] of |fl(v) − v| (m ≤ maxpos). Gaps widen with magnitude, so gaps are
     * visited from the top down, a run of equal gaps at a time, until no lower gap can be worse.
     */
    worstAbsoluteUpTo(m: number): number {
        const format = this.format;
        const inGap = (p: number, q: number, top: number): number => {
            const t = this.threshold(p, q);
            return Math.max(Math.min(top, t) - p, top >= t ? q - t : 0);
        };
        const { p, q } = this.gapAt(m);
        let worst = q === undefined ? 0 : inGap(p, q, m);
        if (p > 0) {
            const before = format.decode(format.prior(format.encode(p)));
            worst = Math.max(worst, inGap(before, p, p));
        }
        for (let s = Math.floor(Math.log2(Math.max(p, format.minPos))); s >= Math.floor(Math.log2(format.minPos)); s--) {
            const { p: below, q: power } = this.gapAt(nextDownValue(2 ** s));
            if (power === undefined || power - below <= worst) break;
            worst = Math.max(worst, inGap(below, power, power));
        }
        // Below minpos: posits round to minpos (never to zero), IEEE formats to 0 or minpos.
        return Math.max(worst, inGap(0, format.minPos, Math.min(m, format.minPos)));
    }

    /** The smallest float64 in (p, q] that the format rounds up to q. */
    private threshold(p: number, q: number): number {
        const round = (v: number): number => this.format.roundValue(v);
        const middle = (p + q) / 2;
        // Round to nearest: the threshold is the midpoint (a tie goes to the even neighbour).
        if (round(nextDownValue(middle)) === p && round(nextUpValue(middle)) === q) return middle;
        // Tapered formats whose exponent bits are cut round on their bit pattern instead: search.
        let low = p;
        let high = q;
        while (true) {
            const mid = low + (high - low) / 2;
            if (mid <= low || mid >= high) return high;
            if (round(mid) >= q) high = mid;
            else low = mid;
        }
    }
}
