// Rigorous enclosures [lower, upper] of exp, log, tanh and sigmoid at a dyadic argument, computed
// with bigint fixed point and directed rounding. The elementary functions fall back to these when
// the float64 estimate lies too close to a rounding boundary, and 64-bit formats always use them.
import type { Dyadic } from '../format.js';
import { addDyadic, bitLength, compareDyadic, dyadicFromNumber, dyadicToNumber, negDyadic, normalizeDyadic } from '../dyadic.js';

/** A closed interval of dyadics known to contain the true value. */
export interface Enclosure {
    readonly lower: Dyadic;
    readonly upper: Dyadic;
}

const one: Dyadic = { negative: false, magnitude: 1n, exponent: 0 };

/** floor(a·2^shift) for a ≥ 0 as a bigint; `ceil` rounds up instead. */
function toFixed(a: Dyadic, shift: number, ceil: boolean): bigint {
    const e = a.exponent + shift;
    if (e >= 0) return a.magnitude << BigInt(e);
    const q = a.magnitude >> BigInt(-e);
    return ceil && (q << BigInt(-e)) !== a.magnitude ? q + 1n : q;
}

/** x / y for positive dyadics, rounded down (ceil = false) or up to at least `bits` significant bits. */
function divideDirected(x: Dyadic, y: Dyadic, bits: number, ceil: boolean): Dyadic {
    const shift = Math.max(0, bits + bitLength(y.magnitude) - bitLength(x.magnitude) + 1);
    const numerator = x.magnitude << BigInt(shift);
    let quotient = numerator / y.magnitude;
    if (ceil && quotient * y.magnitude !== numerator) quotient += 1n;
    return normalizeDyadic({ negative: false, magnitude: quotient, exponent: x.exponent - y.exponent - shift });
}

/** e^x for x ≥ 0, |x| ≤ 1000, with relative error below 2^-bits. */
function expNonNegative(x: Dyadic, bits: number): Enclosure {
    // Halve the argument until it is below 2^-6, sum the Taylor series, then square back.
    const scale = x.magnitude === 0n ? -Infinity : x.exponent + bitLength(x.magnitude) - 1;
    const squarings = Math.max(0, scale + 7);
    const q = bits + squarings + 12;
    const unit = 1n << BigInt(q);
    const reduced: Dyadic = { negative: false, magnitude: x.magnitude, exponent: x.exponent - squarings };
    const tLow = toFixed(reduced, q, false);
    const tHigh = toFixed(reduced, q, true);
    let low = unit;
    let term = unit;
    for (let k = 1n; term > 0n; k++) {
        term = (term * tLow) / (unit * k);
        low += term;
    }
    let high = unit;
    term = unit;
    for (let k = 1n; term > 1n; k++) {
        term = (term * tHigh + unit * k - 1n) / (unit * k);
        high += term;
    }
    // Remaining terms sum to less than 2·term + the rounding of each: t < 1/64.
    high += 2n * term + 2n;
    for (let i = 0; i < squarings; i++) {
        low = (low * low) >> BigInt(q);
        high = (high * high + unit - 1n) >> BigInt(q);
    }
    return {
        lower: normalizeDyadic({ negative: false, magnitude: low, exponent: -q }),
        upper: normalizeDyadic({ negative: false, magnitude: high, exponent: -q })
    };
}

/** An enclosure of e^x with relative width about 2^-bits (|x| ≤ 1000). */
export function expEnclosure(x: Dyadic, bits: number): Enclosure {
    if (!x.negative || x.magnitude === 0n) return expNonNegative(x, bits);
    const positive = expNonNegative(negDyadic(x), bits);
    return { lower: divideDirected(one, positive.upper, bits + 2, false), upper: divideDirected(one, positive.lower, bits + 2, true) };
}

/** An enclosure of ln y for y > 0, relative width about 2^-bits (Newton on exp, then verified). */
export function logEnclosure(y: Dyadic, bits: number): Enclosure {
    const length = bitLength(y.magnitude);
    const scale = y.exponent + length - 1;
    // ln y = scale·ln 2 + ln(m) with m in [1, 2): the float64 estimate seeds Newton's iteration.
    const mantissa = dyadicToNumber({ negative: false, magnitude: y.magnitude, exponent: 1 - length });
    let z = dyadicFromNumber(Math.log(mantissa) + scale * Math.LN2);
    for (let precision = 50; precision < 2 * bits + 40; precision *= 2) {
        // z ← z + y·e^(−z) − 1 (quadratic convergence from ~50 correct bits).
        const e = expEnclosure(negDyadic(z), precision + 20);
        const product = multiplyTruncated(y, e.lower, precision + 20);
        z = truncate(addDyadic(z, addDyadic(product, negDyadic(one))), precision + 20);
    }
    // Verify: e^(z−δ) ≤ y ≤ e^(z+δ) with δ a little above the achieved accuracy.
    for (let slack = bits + 4; slack > 8; slack -= 8) {
        const zScale = z.magnitude === 0n ? 0 : Math.max(0, z.exponent + bitLength(z.magnitude) - 1);
        const delta: Dyadic = { negative: false, magnitude: 1n, exponent: zScale - slack };
        const lower = addDyadic(z, negDyadic(delta));
        const upper = addDyadic(z, delta);
        if (compareDyadic(expEnclosure(lower, bits + 8).upper, y) <= 0 && compareDyadic(expEnclosure(upper, bits + 8).lower, y) >= 0) {
            return { lower, upper };
        }
    }
    // Unreachable for y in the formats' ranges; an enclosure that is wide but still true.
    return { lower: dyadicFromNumber(Math.log(dyadicToNumber(y)) - 1), upper: dyadicFromNumber(Math.log(dyadicToNumber(y)) + 1) };
}

/** An enclosure of tanh x. */
export function tanhEnclosure(x: Dyadic, bits: number): Enclosure {
    if (x.negative) {
        const positive = tanhEnclosure(negDyadic(x), bits);
        return { lower: negDyadic(positive.upper), upper: negDyadic(positive.lower) };
    }
    // tanh x = (e^{2x} − 1) / (e^{2x} + 1), increasing in e^{2x}.
    const e = expEnclosure({ negative: false, magnitude: x.magnitude, exponent: x.exponent + 1 }, bits + 4);
    const minusOne = negDyadic(one);
    const lowerNumerator = addDyadic(e.lower, minusOne);
    const lower = lowerNumerator.negative || lowerNumerator.magnitude === 0n
        ? { negative: false, magnitude: 0n, exponent: 0 }
        : divideDirected(lowerNumerator, addDyadic(e.lower, one), bits + 4, false);
    const upper = divideDirected(addDyadic(e.upper, minusOne), addDyadic(e.upper, one), bits + 4, true);
    return { lower, upper };
}

/** An enclosure of the logistic sigmoid 1 / (1 + e^{−x}). */
export function sigmoidEnclosure(x: Dyadic, bits: number): Enclosure {
    const e = expEnclosure(negDyadic(x), bits + 4);
    return { lower: divideDirected(one, addDyadic(one, e.upper), bits + 4, false), upper: divideDirected(one, addDyadic(one, e.lower), bits + 4, true) };
}

function multiplyTruncated(a: Dyadic, b: Dyadic, bits: number): Dyadic {
    return truncate({ negative: a.negative !== b.negative, magnitude: a.magnitude * b.magnitude, exponent: a.exponent + b.exponent }, bits);
}

function truncate(a: Dyadic, bits: number): Dyadic {
    const excess = bitLength(a.magnitude) - bits;
    if (excess <= 0) return a;
    return normalizeDyadic({ negative: a.negative, magnitude: a.magnitude >> BigInt(excess), exponent: a.exponent + excess });
}
