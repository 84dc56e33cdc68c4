// Rounding an exact value to a format, applying each definition literally:
// - posits, Posit Standard §4.1: exact → itself; |x| > maxpos → ±maxpos; 0 < |x| < minpos →
//   ±minpos; otherwise with neighbours u < x < w, U = u's pattern and v the value of the (n+1)-bit
//   posit U·1: u if x < v or (x = v and U ends in 0), else w;
// - b-posits: the same saturation, and between neighbours the nearer one, ties to the even pattern;
// - IEEE: round to nearest, ties to even, overflow to ±∞ at maxfinite + ulp/2, signed zeros.
// Neighbours are found by binary search over patterns (patterns are in value order), guided by a
// float64 estimate and then confirmed with exact comparisons only.
import { oracleApproximate, oracleDecode, type OracleSpec } from './oracle-formats.js';
import { add, compare, dyadic, mul, type Rational } from './rational.js';

/** An exact value to round, known through comparisons (which also serves √ and transcendental values). */
export interface ExactTarget {
    /** Sign of (x − q). */
    compare(q: Rational): number;
    /** A float64 near x (a search hint only). */
    readonly approx: number;
    /** Whether x is negative (for IEEE signed zero results) and whether it is zero. */
    readonly negative: boolean;
    readonly isZero: boolean;
}

/** A target for an exact rational. */
export function rationalTarget(x: Rational, negativeZero = false): ExactTarget {
    return {
        compare: (q) => compare(x, q),
        approx: approximateRational(x),
        negative: x.num < 0n || (x.num === 0n && negativeZero),
        isZero: x.num === 0n
    };
}

function approximateRational(x: Rational): number {
    if (x.num === 0n) return 0;
    const negative = x.num < 0n;
    const n = negative ? -x.num : x.num;
    const shift = n.toString(2).length - x.den.toString(2).length - 64;
    const q = shift >= 0 ? n / (x.den << BigInt(shift)) : (n << BigInt(-shift)) / x.den;
    // Two steps keep 2^shift inside float64 range for the formats' values.
    const value = Number(q) * 2 ** Math.trunc(shift / 2) * 2 ** (shift - Math.trunc(shift / 2));
    return negative ? -value : value;
}

const valueCache = new WeakMap<OracleSpec, Rational[]>();

/** Exact value of a real pattern (throws on NaR / infinity: the searches never visit those). */
function valueOf(spec: OracleSpec, pattern: bigint): Rational {
    const decoded = oracleDecode(spec, pattern);
    if (decoded.kind !== 'real') throw new Error(`pattern ${pattern} is not real`);
    return decoded.value;
}

/** Values of all patterns by unsigned pattern, cached for ≤ 16-bit formats. */
function cachedValue(spec: OracleSpec, pattern: bigint): Rational {
    if (spec.bits > 16) return valueOf(spec, pattern);
    let table = valueCache.get(spec);
    if (!table) {
        table = [];
        valueCache.set(spec, table);
    }
    const index = Number(pattern);
    return (table[index] ??= valueOf(spec, pattern));
}

/** Every 2^SAMPLE_SHIFT-th index's approximate value, per format: the first levels of every search. */
const SAMPLE_SHIFT = 14;
const sampleCache = new WeakMap<OracleSpec, { lo: number; samples: Float64Array }>();

function samplesFor(spec: OracleSpec, lo: number, hi: number, approxAt: (i: number) => number): Float64Array {
    let entry = sampleCache.get(spec);
    if (!entry || entry.lo !== lo) {
        const count = Math.floor((hi - lo) / 2 ** SAMPLE_SHIFT) + 1;
        const samples = new Float64Array(count);
        for (let j = 0; j < count; j++) samples[j] = approxAt(lo + j * 2 ** SAMPLE_SHIFT);
        entry = { lo, samples };
        sampleCache.set(spec, entry);
    }
    return entry.samples;
}

/**
 * The largest index i in [lo, hi] with value(i) ≤ x, given value(lo) ≤ x (indices in value order).
 * Indices are numbers for ≤ 32-bit formats (exact) and bigints beyond.
 */
function searchFloor(spec: OracleSpec, lo: bigint, hi: bigint, approxAt: (i: bigint | number) => number, valueAt: (i: bigint) => Rational, x: ExactTarget): bigint {
    // Float-guided bisection first (cheap), then exact confirmation and local correction.
    let i: bigint;
    if (hi - lo < 1n << 53n) {
        let a = Number(lo);
        let b = Number(hi);
        if (b - a > 2 ** (SAMPLE_SHIFT + 4)) {
            // Narrow to one sample interval with the cached samples (samples are in value order too).
            const samples = samplesFor(spec, a, b, approxAt);
            let s = 0;
            let t = samples.length - 1;
            while (t - s > 1) {
                const mid = (s + t) >> 1;
                if (samples[mid] <= x.approx) s = mid;
                else t = mid;
            }
            const start = a;
            a = start + s * 2 ** SAMPLE_SHIFT;
            b = Math.min(b, start + (s + 2) * 2 ** SAMPLE_SHIFT);
        }
        while (b - a > 1) {
            const mid = Math.floor((a + b) / 2);
            if (approxAt(mid) <= x.approx) a = mid;
            else b = mid;
        }
        i = BigInt(approxAt(b) <= x.approx ? b : a);
    } else {
        let a = lo;
        let b = hi;
        while (b - a > 1n) {
            const mid = (a + b) >> 1n;
            if (approxAt(mid) <= x.approx) a = mid;
            else b = mid;
        }
        i = approxAt(b) <= x.approx ? b : a;
    }
    while (i > lo && x.compare(valueAt(i)) < 0) i--;
    while (i < hi && x.compare(valueAt(i + 1n)) >= 0) i++;
    return i;
}

/** The pattern of `spec` that the definition assigns to x (x must not be NaR). */
export function oracleRound(spec: OracleSpec, x: ExactTarget): bigint {
    return spec.kind === 'ieee' ? roundIeee(spec, x) : roundTapered(spec, x);
}

function roundTapered(spec: OracleSpec & { kind: 'posit' | 'bposit' }, x: ExactTarget): bigint {
    const n = spec.bits;
    const modulus = 1n << BigInt(n);
    const maxIndex = (1n << BigInt(n - 1)) - 1n;
    const patternOf = (i: bigint): bigint => (i < 0n ? i + modulus : i);
    const valueAt = (i: bigint): Rational => cachedValue(spec, patternOf(i));
    const approxAt = (i: bigint | number): number =>
        typeof i === 'number' ? oracleApproximate(spec, i < 0 ? i + 2 ** n : i) : oracleApproximate(spec, patternOf(i));
    if (x.isZero) return 0n;
    const maxPos = valueAt(maxIndex);
    const minPos = valueAt(1n);
    if (x.compare(maxPos) > 0) return maxIndex;
    if (x.compare(mul(maxPos, { num: -1n, den: 1n })) < 0) return patternOf(-maxIndex);
    if (!x.negative && x.compare(minPos) < 0) return 1n;
    if (x.negative && x.compare(mul(minPos, { num: -1n, den: 1n })) > 0) return patternOf(-1n);
    const u = searchFloor(spec, -maxIndex, maxIndex, approxAt, valueAt, x);
    if (x.compare(valueAt(u)) === 0) return patternOf(u);
    const w = u + 1n;
    const uPattern = patternOf(u);
    const uEven = (uPattern & 1n) === 0n;
    let comparison: number;
    if (spec.kind === 'posit') {
        // v = the (n+1)-bit posit whose bits are U followed by 1.
        const wider: OracleSpec = { kind: 'posit', bits: n + 1, es: spec.es };
        comparison = x.compare(valueOf(wider, (uPattern << 1n) | 1n));
    } else {
        comparison = x.compare(mul(add(valueAt(u), valueAt(w)), { num: 1n, den: 2n }));
    }
    if (comparison < 0 || (comparison === 0 && uEven)) return uPattern;
    return patternOf(w);
}

function roundIeee(spec: OracleSpec & { kind: 'ieee' }, x: ExactTarget): bigint {
    const n = spec.bits;
    const signBit = x.negative ? 1n << BigInt(n - 1) : 0n;
    if (x.isZero) return signBit;
    const exponentWidth = n - spec.precision;
    const infinity = ((1n << BigInt(exponentWidth)) - 1n) << BigInt(spec.precision - 1);
    const maxFinite = infinity - 1n;
    const magnitude: ExactTarget = {
        compare: (q) => (x.negative ? -x.compare(mul(q, { num: -1n, den: 1n })) : x.compare(q)),
        approx: Math.abs(x.approx),
        negative: false,
        isZero: false
    };
    const valueAt = (i: bigint): Rational => cachedValue(spec, i);
    const approxAt = (i: bigint | number): number => oracleApproximate(spec, i);
    // Overflow threshold: maxfinite + ulp/2 = 2^emax · (2 − 2^−p); at or beyond it (a tie goes to ∞, the even side).
    const threshold = dyadic((1n << BigInt(spec.precision + 1)) - 1n, spec.maxExponent - spec.precision);
    if (magnitude.compare(threshold) >= 0) return signBit | infinity;
    const u = searchFloor(spec, 0n, maxFinite, approxAt, valueAt, magnitude);
    if (magnitude.compare(valueAt(u)) === 0) return signBit | u;
    const w = u + 1n;
    const wValue = w === infinity ? dyadic(1n, spec.maxExponent + 1) : valueAt(w);
    const comparison = magnitude.compare(mul(add(valueAt(u), wValue), { num: 1n, den: 2n }));
    if (comparison < 0 || (comparison === 0 && (u & 1n) === 0n)) return signBit | u;
    return signBit | w;
}
