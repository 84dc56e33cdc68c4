// Closed intervals of real numbers with float64 endpoints, rounded outward: every real value an
// operation can produce from values of its operand intervals lies inside its result interval.
// Sums, products and quotients round toward −∞ for the lower bound and +∞ for the upper one
// (error-free transformations decide when the float64 result is already exact, so exact bounds
// stay exact: 16 stays 16); elementary functions, which float64 only evaluates to within an ulp,
// widen by two ulps. An infinite endpoint means no bound is known on that side.
import { quotientTailSign, sqrtTailSign, twoProductError, twoSumError } from '../../engine/numeric/bits/error-free.js';

/** [lo, hi] with lo ≤ hi; ±Infinity where the side is unbounded. */
export interface Interval {
    readonly lo: number;
    readonly hi: number;
}

/** The whole real line: nothing is known. */
export const unbounded: Interval = { lo: -Infinity, hi: Infinity };

/** The interval of one value. */
export function point(value: number): Interval {
    return { lo: value, hi: value };
}

/** An interval from two bounds in either order. */
export function interval(a: number, b: number): Interval {
    return a <= b ? { lo: a, hi: b } : { lo: b, hi: a };
}

/** Whether both bounds are finite. */
export function isBounded(x: Interval): boolean {
    return Number.isFinite(x.lo) && Number.isFinite(x.hi);
}

/** Whether the interval contains zero. */
export function containsZero(x: Interval): boolean {
    return x.lo <= 0 && x.hi >= 0;
}

/** The largest magnitude in the interval. */
export function magnitude(x: Interval): number {
    return Math.max(Math.abs(x.lo), Math.abs(x.hi));
}

/** The intersection, or undefined when it is empty. */
export function intersect(a: Interval, b: Interval): Interval | undefined {
    const lo = Math.max(a.lo, b.lo);
    const hi = Math.min(a.hi, b.hi);
    return lo <= hi ? { lo, hi } : undefined;
}

/** The smallest interval holding both. */
export function hull(a: Interval, b: Interval): Interval {
    return { lo: Math.min(a.lo, b.lo), hi: Math.max(a.hi, b.hi) };
}

const bits = new DataView(new ArrayBuffer(8));

/** The next float64 above x. */
export function nextUp(x: number): number {
    if (Number.isNaN(x) || x === Infinity) return x;
    if (x === 0) return Number.MIN_VALUE;
    bits.setFloat64(0, x);
    const raw = bits.getBigUint64(0);
    bits.setBigUint64(0, x > 0 ? raw + 1n : raw - 1n);
    return bits.getFloat64(0);
}

/** The next float64 below x. */
export function nextDown(x: number): number {
    return -nextUp(-x);
}

/** Below x by `ulps` float64 steps. */
function down(x: number, ulps: number): number {
    for (let i = 0; i < ulps; i++) x = nextDown(x);
    return x;
}

/** Above x by `ulps` float64 steps. */
function up(x: number, ulps: number): number {
    for (let i = 0; i < ulps; i++) x = nextUp(x);
    return x;
}

/** Widens by `ulps` float64 steps on each side (for results float64 evaluates only to within an ulp). */
export function widen(x: Interval, ulps = 2): Interval {
    return { lo: down(x.lo, ulps), hi: up(x.hi, ulps) };
}

/** a + b rounded toward −∞ (`direction` −1) or +∞ (+1). */
export function addRounded(a: number, b: number, direction: -1 | 1): number {
    const s = a + b;
    if (!Number.isFinite(s)) return Number.isNaN(s) ? (direction < 0 ? -Infinity : Infinity) : s;
    const error = twoSumError(a, b, s);
    if (direction < 0) return error < 0 ? nextDown(s) : s;
    return error > 0 ? nextUp(s) : s;
}

/** a · b rounded toward −∞ (−1) or +∞ (+1); 0 · ∞ is 0 (an unbounded side times exactly zero). */
export function mulRounded(a: number, b: number, direction: -1 | 1): number {
    if (a === 0 || b === 0) return 0;
    const p = a * b;
    if (!Number.isFinite(p)) return p;
    const magnitudeP = Math.abs(p);
    // Dekker's product is exact only away from overflow and underflow; elsewhere widen by one step.
    if (Math.abs(a) >= 2 ** 995 || Math.abs(b) >= 2 ** 995 || magnitudeP < 2 ** -969) return direction < 0 ? nextDown(p) : nextUp(p);
    const error = twoProductError(a, b, p);
    if (direction < 0) return error < 0 ? nextDown(p) : p;
    return error > 0 ? nextUp(p) : p;
}

/** a / b rounded toward −∞ (−1) or +∞ (+1), for b ≠ 0. */
export function divRounded(a: number, b: number, direction: -1 | 1): number {
    if (a === 0) return 0;
    const q = a / b;
    if (!Number.isFinite(q)) return q;
    if (q === 0 || !Number.isFinite(a) || Math.abs(a) >= 2 ** 995 || Math.abs(b) >= 2 ** 995 || Math.abs(q) < 2 ** -969 || Math.abs(b) < 2 ** -969) return direction < 0 ? nextDown(q) : nextUp(q);
    const tail = quotientTailSign(a, b, q);
    if (direction < 0) return tail < 0 ? nextDown(q) : q;
    return tail > 0 ? nextUp(q) : q;
}

/** √a rounded toward −∞ (−1) or +∞ (+1), for a ≥ 0. */
export function sqrtRounded(a: number, direction: -1 | 1): number {
    if (a === 0 || a === Infinity) return a;
    const s = Math.sqrt(a);
    if (a < 2 ** -969 || a >= 2 ** 995) return direction < 0 ? nextDown(s) : nextUp(s);
    const tail = sqrtTailSign(a, s);
    if (direction < 0) return tail < 0 ? nextDown(s) : s;
    return tail > 0 ? nextUp(s) : s;
}

/** Sum of two intervals. */
export function add(a: Interval, b: Interval): Interval {
    return { lo: addRounded(a.lo, b.lo, -1), hi: addRounded(a.hi, b.hi, 1) };
}

/** Difference of two intervals. */
export function sub(a: Interval, b: Interval): Interval {
    return add(a, neg(b));
}

/** The negated interval. */
export function neg(a: Interval): Interval {
    return { lo: -a.hi, hi: -a.lo };
}

/** Product of two independent intervals. */
export function mul(a: Interval, b: Interval): Interval {
    const ends = [[a.lo, b.lo], [a.lo, b.hi], [a.hi, b.lo], [a.hi, b.hi]] as const;
    return {
        lo: Math.min(...ends.map(([x, y]) => mulRounded(x, y, -1))),
        hi: Math.max(...ends.map(([x, y]) => mulRounded(x, y, 1)))
    };
}

/** The square of one interval (x·x with the same x: never negative). */
export function square(a: Interval): Interval {
    const lowest = containsZero(a) ? 0 : Math.min(Math.abs(a.lo), Math.abs(a.hi));
    const highest = magnitude(a);
    return { lo: mulRounded(lowest, lowest, -1), hi: mulRounded(highest, highest, 1) };
}

/** Quotient; a divisor that contains zero leaves the result unbounded (unless the dividend is 0). */
export function div(a: Interval, b: Interval): Interval {
    if (a.lo === 0 && a.hi === 0) return point(0);
    if (containsZero(b)) return unbounded;
    const ends = [[a.lo, b.lo], [a.lo, b.hi], [a.hi, b.lo], [a.hi, b.hi]] as const;
    return {
        lo: Math.min(...ends.map(([x, y]) => divRounded(x, y, -1))),
        hi: Math.max(...ends.map(([x, y]) => divRounded(x, y, 1)))
    };
}

/** An interval times a non-negative whole number n (a sum of n values of it). */
export function times(a: Interval, n: number): Interval {
    return { lo: mulRounded(a.lo, n, -1), hi: mulRounded(a.hi, n, 1) };
}

/** Elementwise maximum. */
export function max(a: Interval, b: Interval): Interval {
    return { lo: Math.max(a.lo, b.lo), hi: Math.max(a.hi, b.hi) };
}

/** Elementwise minimum. */
export function min(a: Interval, b: Interval): Interval {
    return { lo: Math.min(a.lo, b.lo), hi: Math.min(a.hi, b.hi) };
}

/** |x|. */
export function abs(a: Interval): Interval {
    if (containsZero(a)) return { lo: 0, hi: magnitude(a) };
    return a.lo > 0 ? a : neg(a);
}

/** An increasing function evaluated to within an ulp by float64, clamped to its range of values. */
export function increasing(a: Interval, f: (x: number) => number, range: Interval = unbounded): Interval {
    const lo = Number.isFinite(a.lo) ? nextDown(nextDown(f(a.lo))) : f(a.lo);
    const hi = Number.isFinite(a.hi) ? nextUp(nextUp(f(a.hi))) : f(a.hi);
    return { lo: Math.max(range.lo, lo), hi: Math.min(range.hi, hi) };
}
