// Correctly rounded exp, log, tanh and sigmoid for every format (Ziv's strategy). The float64
// estimate from Math.* has a relative error below 2^-50 (V8's fdlibm ports are within 1–2 ulp);
// an enclosure 16× wider than that is rounded at both ends, and when both ends give the same
// pattern — monotone rounding — that pattern is the correctly rounded result. Otherwise (about
// one argument in 2^20 for 32-bit formats) bigint enclosures are tightened until the ends agree.
import type { Dyadic, ElementaryFunction, FormatFamily, Pattern } from '../format.js';
import { dyadicFromNumber } from '../dyadic.js';
import { pow2 } from '../bits/float-bits.js';
import { expEnclosure, logEnclosure, sigmoidEnclosure, tanhEnclosure, type Enclosure } from './exact-bounds.js';

/** What the elementary functions need of a format. */
export interface ElementaryTarget {
    readonly family: FormatFamily;
    readonly nar: Pattern;
    encode(value: number): Pattern;
    roundDyadic(value: Dyadic, inexact?: boolean): Pattern;
}

/** Relative half-width of the enclosure around a float64 estimate. */
const ESTIMATE_MARGIN = pow2(-46);
/** Beyond |x| = 1000, e^x is outside every format's range: saturate (posits) or overflow (IEEE). */
const EXP_LIMIT = 1000;

/** fn(x) rounded to the target format, for x a value of the format (NaN stands for NaR). */
export function evaluateElementary(target: ElementaryTarget, fn: ElementaryFunction, x: number): Pattern {
    const special = specialCase(target, fn, x);
    if (special !== undefined) return special;
    const estimate = fastEstimate(fn, x);
    const lower = target.encode(estimate - Math.abs(estimate) * ESTIMATE_MARGIN);
    const upper = target.encode(estimate + Math.abs(estimate) * ESTIMATE_MARGIN);
    if (lower === upper) return lower;
    return evaluateExactly(target, fn, dyadicFromNumber(x));
}

/** fn(x) rounded to the target format using only bigint enclosures (64-bit formats, hard cases). */
export function evaluateExactly(target: ElementaryTarget, fn: ElementaryFunction, x: Dyadic): Pattern {
    let last: Pattern = target.nar;
    for (let bits = 80; bits <= 4096; bits *= 2) {
        const enclosure = enclose(fn, x, bits);
        const lower = target.roundDyadic(enclosure.lower);
        const upper = target.roundDyadic(enclosure.upper);
        if (lower === upper) return lower;
        last = lower;
    }
    // Transcendental values are never exactly on a rounding boundary, so this is not reached.
    return last;
}

/** Results that need no evaluation: NaR, infinities, domain errors, exact points and saturation. */
export function specialCase(target: ElementaryTarget, fn: ElementaryFunction, x: number): Pattern | undefined {
    if (Number.isNaN(x)) return target.nar;
    const posit = target.family !== 'ieee';
    switch (fn) {
        case 'exp':
            if (x === 0) return target.encode(1);
            if (x > EXP_LIMIT) return target.encode(posit ? pow2(1000) : Infinity);
            if (x < -EXP_LIMIT) return target.encode(posit ? pow2(-1000) : 0);
            return undefined;
        case 'log':
            if (x < 0) return target.nar;
            // ln 0 = −∞: posits have no infinity, so NaR (as the Posit Standard's log); IEEE gives −∞.
            if (x === 0) return posit ? target.nar : target.encode(-Infinity);
            if (x === Infinity) return target.encode(Infinity);
            if (x === 1) return target.encode(0);
            return undefined;
        case 'tanh':
            if (x === 0) return target.encode(x);
            if (x === Infinity || x === -Infinity) return target.encode(Math.sign(x));
            return undefined;
        case 'sigmoid':
            if (x === 0) return target.encode(0.5);
            if (x === Infinity) return target.encode(1);
            if (x === -Infinity) return target.encode(0);
            if (x < -EXP_LIMIT) return target.encode(posit ? pow2(-1000) : 0);
            return undefined;
    }
}

function fastEstimate(fn: ElementaryFunction, x: number): number {
    switch (fn) {
        case 'exp': {
            const y = Math.exp(x);
            // Out of float64 range but still finite: stand-ins that saturate or overflow the same way.
            return y === Infinity ? pow2(1000) : y === 0 ? pow2(-1000) : y;
        }
        case 'log':
            return Math.log(x);
        case 'tanh':
            return Math.tanh(x);
        case 'sigmoid': {
            const y = x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
            return y === 0 ? pow2(-1000) : y;
        }
    }
}

function enclose(fn: ElementaryFunction, x: Dyadic, bits: number): Enclosure {
    switch (fn) {
        case 'exp':
            return expEnclosure(x, bits);
        case 'log':
            return logEnclosure(x, bits);
        case 'tanh':
            return tanhEnclosure(x, bits);
        case 'sigmoid':
            return sigmoidEnclosure(x, bits);
    }
}
