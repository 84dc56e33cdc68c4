// The oracle's transcendental functions: enclosures [lower, upper] of exp, log, tanh and sigmoid at
// a rational argument, in interval arithmetic on dyadic endpoints with directed rounding to p
// bits, refined until they decide a comparison. Written apart from engine/numeric's enclosures and
// with other methods: exp as e^k · e^r (k the nearest integer to x, e from its series, e^k by
// repeated squaring), log as k·ln 2 + 2·atanh((m − 1)/(m + 1)) — the engine halves and squares,
// and runs Newton's method on exp.
import type { ExactTarget } from './oracle-rounding.js';
import { compare, dyadic, neg, ONE, ZERO, type Rational } from './rational.js';

/** Elementary functions the engine evaluates. */
export type OracleFunction = 'exp' | 'log' | 'tanh' | 'sigmoid';

interface Interval {
    readonly lower: Rational;
    readonly upper: Rational;
}

function bits(n: bigint): number {
    const hex = (n < 0n ? -n : n).toString(16);
    return hex === '0' ? 0 : 4 * (hex.length - 1) + (32 - Math.clz32(parseInt(hex[0], 16)));
}

/** num/den (den > 0, not necessarily reduced) rounded down or up to a dyadic of about p significant bits. */
function directed(num: bigint, den: bigint, p: number, ceil: boolean): Rational {
    if (num === 0n) return ZERO;
    const shift = p - (bits(num) - bits(den));
    const scaled = shift >= 0 ? num << BigInt(shift) : num;
    const divisor = shift >= 0 ? den : den << BigInt(-shift);
    let q = scaled / divisor; // truncates toward zero
    if (q * divisor !== scaled && ceil === num > 0n) q += num > 0n ? 1n : -1n;
    return dyadic(q, -shift);
}

const mulDirected = (a: Rational, b: Rational, p: number, ceil: boolean): Rational => directed(a.num * b.num, a.den * b.den, p, ceil);
const divDirected = (a: Rational, b: Rational, p: number, ceil: boolean): Rational =>
    b.num < 0n ? directed(-a.num * b.den, a.den * -b.num, p, ceil) : directed(a.num * b.den, a.den * b.num, p, ceil);

/** a + b exactly, for dyadics (power-of-two denominators: no gcd needed). */
function addExact(a: Rational, b: Rational): Rational {
    const den = a.den > b.den ? a.den : b.den;
    const num = a.num * (den / a.den) + b.num * (den / b.den);
    const shift = bits(den) - 1;
    return dyadic(num, -shift);
}

const integer = (n: bigint | number): Rational => ({ num: BigInt(n), den: 1n });

/** e^r for |r| ≤ 1/2: Taylor series on magnitudes |r|^n/n!, remainder ≤ 2·|r|^(N+1)/(N+1)!. */
function expSmall(r: Rational, p: number): Interval {
    const negative = r.num < 0n;
    const magnitude = negative ? neg(r) : r;
    let low = ONE; // bounds of |r|^n / n!
    let high = ONE;
    let lower = ONE;
    let upper = ONE;
    for (let n = 1; n < 1000; n++) {
        low = divDirected(mulDirected(low, magnitude, p + 20, false), integer(n), p + 20, false);
        high = divDirected(mulDirected(high, magnitude, p + 20, true), integer(n), p + 20, true);
        // Odd powers of a negative r subtract: the lower sum takes the larger magnitude then.
        const odd = negative && n % 2 === 1;
        lower = addExact(lower, odd ? neg(high) : low);
        upper = addExact(upper, odd ? neg(low) : high);
        if (high.num === 0n || bits(high.den) - bits(high.num) > p + 24) {
            // Remainder: 2·|r|^(n+1)/(n+1)! ≤ 2·high (as |r| ≤ 1/2 < n + 1).
            const remainder = mulDirected(high, integer(2), 30, true);
            return { lower: addExact(lower, neg(remainder)), upper: addExact(upper, remainder) };
        }
    }
    throw new Error('exp series did not converge');
}

const eCache = new Map<number, Interval>();

/** e itself, as (e^{1/2})². */
function eInterval(p: number): Interval {
    let e = eCache.get(p);
    if (!e) {
        const half = expSmall({ num: 1n, den: 2n }, p + 8);
        e = { lower: mulDirected(half.lower, half.lower, p + 8, false), upper: mulDirected(half.upper, half.upper, p + 8, true) };
        eCache.set(p, e);
    }
    return e;
}

/** A positive interval to the power k ≥ 0 by repeated squaring, rounding outward. */
function intervalPower(base: Interval, k: number, p: number): Interval {
    let lower = ONE;
    let upper = ONE;
    let squareLow = base.lower;
    let squareHigh = base.upper;
    for (let rest = k; rest > 0; rest >>= 1) {
        if (rest & 1) {
            lower = mulDirected(lower, squareLow, p, false);
            upper = mulDirected(upper, squareHigh, p, true);
        }
        squareLow = mulDirected(squareLow, squareLow, p, false);
        squareHigh = mulDirected(squareHigh, squareHigh, p, true);
    }
    return { lower, upper };
}

/** e^x for a dyadic x (|x| ≤ 1000). */
export function expInterval(x: Rational, p: number): Interval {
    // k = ⌊x + 1/2⌋, r = x − k in [−1/2, 1/2].
    const numerator = 2n * x.num + x.den;
    const denominator = 2n * x.den;
    const k = numerator >= 0n ? numerator / denominator : -((-numerator + denominator - 1n) / denominator);
    const r = addExact(x, integer(-k));
    const working = p + 2 * bits(k < 0n ? -k : k) + 24;
    const er = expSmall(r, working);
    const ek = intervalPower(eInterval(working), Number(k < 0n ? -k : k), working);
    if (k >= 0n) return { lower: mulDirected(ek.lower, er.lower, p, false), upper: mulDirected(ek.upper, er.upper, p, true) };
    return { lower: divDirected(er.lower, ek.upper, p, false), upper: divDirected(er.upper, ek.lower, p, true) };
}

/** atanh z for 0 ≤ z ≤ 1/3: Σ z^(2i+1)/(2i+1); remainder ≤ (9/8)·z^(2N+3)/(2N+3) ≤ (9/8)·last term. */
function atanhSmall(z: Rational, p: number): Interval {
    if (z.num === 0n) return { lower: ZERO, upper: ZERO };
    const square = { num: z.num * z.num, den: z.den * z.den };
    let powerLow = z; // bounds of z^(2i+1)
    let powerHigh = z;
    let lower = ZERO;
    let upper = ZERO;
    for (let i = 0; i < 5000; i++) {
        const termLow = divDirected(powerLow, integer(2 * i + 1), p + 20, false);
        const termHigh = divDirected(powerHigh, integer(2 * i + 1), p + 20, true);
        lower = addExact(lower, termLow);
        upper = addExact(upper, termHigh);
        if (bits(termHigh.den) - bits(termHigh.num) > p + 24) {
            return { lower, upper: addExact(upper, mulDirected(termHigh, { num: 9n, den: 8n }, 30, true)) };
        }
        powerLow = mulDirected(powerLow, square, p + 20, false);
        powerHigh = mulDirected(powerHigh, square, p + 20, true);
    }
    throw new Error('atanh series did not converge');
}

/** ln y for a dyadic y > 0. */
export function logInterval(y: Rational, p: number): Interval {
    // y = 2^k · m with m in [1, 2).
    let k = bits(y.num) - bits(y.den);
    let m = dyadic(y.num, -(bits(y.den) - 1) - k); // y's denominator is a power of two: exact scaling
    if (compare(m, ONE) < 0) {
        k--;
        m = addExact(m, m);
    }
    const working = p + bits(BigInt(Math.abs(k))) + 24;
    // z = (m − 1)/(m + 1) is exact as a rational but not dyadic: enclose it first; atanh is increasing.
    const zNum = addExact(m, integer(-1));
    const zDen = addExact(m, ONE);
    const logLow = atanhSmall(divDirected(zNum, zDen, working, false), working).lower;
    const logHigh = atanhSmall(divDirected(zNum, zDen, working, true), working).upper;
    const ln2 = atanhSmall({ num: 1n, den: 3n }, working); // ln 2 = 2·atanh(1/3)
    const kk = integer(k);
    const kLn2Low = k >= 0 ? mulDirected(kk, ln2.lower, working, false) : mulDirected(kk, ln2.upper, working, false);
    const kLn2High = k >= 0 ? mulDirected(kk, ln2.upper, working, true) : mulDirected(kk, ln2.lower, working, true);
    const two = integer(2);
    return { lower: mulDirected(addExact(kLn2Low, logLow), two, p, false), upper: mulDirected(addExact(kLn2High, logHigh), two, p, true) };
}

/** tanh x = (e^{2x} − 1)/(e^{2x} + 1), odd and increasing in e^{2x}. */
export function tanhInterval(x: Rational, p: number): Interval {
    if (x.num < 0n) {
        const positive = tanhInterval(neg(x), p);
        return { lower: neg(positive.upper), upper: neg(positive.lower) };
    }
    const e = expInterval(addExact(x, x), p + 8);
    const at = (v: Rational, ceil: boolean): Rational => divDirected(addExact(v, integer(-1)), addExact(v, ONE), p, ceil);
    return { lower: at(e.lower, false), upper: at(e.upper, true) };
}

/** σ(x) = 1/(1 + e^{−x}), decreasing in e^{−x}. */
export function sigmoidInterval(x: Rational, p: number): Interval {
    const e = expInterval(neg(x), p + 8);
    return { lower: divDirected(ONE, addExact(ONE, e.upper), p, false), upper: divDirected(ONE, addExact(ONE, e.lower), p, true) };
}

/**
 * An exact target for fn(x) (x dyadic, in the function's domain, |x| ≤ 1000): comparisons refine
 * the enclosure until it separates the value from the other side of the comparison.
 */
export function elementaryTarget(fn: OracleFunction, x: Rational, approx: number, negative: boolean): ExactTarget {
    const intervals = new Map<number, Interval>();
    const enclose = (p: number): Interval => {
        let interval = intervals.get(p);
        if (!interval) {
            interval = fn === 'exp' ? expInterval(x, p) : fn === 'log' ? logInterval(x, p) : fn === 'tanh' ? tanhInterval(x, p) : sigmoidInterval(x, p);
            intervals.set(p, interval);
        }
        return interval;
    };
    return {
        compare(q: Rational): number {
            for (let p = 80; p <= 8192; p *= 2) {
                const { lower, upper } = enclose(p);
                if (compare(q, lower) < 0) return 1;
                if (compare(q, upper) > 0) return -1;
            }
            throw new Error(`${fn}(${x.num}/${x.den}) not separated from ${q.num}/${q.den}`);
        },
        approx,
        negative,
        isZero: false
    };
}
