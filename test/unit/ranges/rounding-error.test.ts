// The worst rounding error of a format over a range, against brute force: every gap between two
// neighbouring values that meets the range is visited, and the format's own rounding (roundValue)
// is evaluated at the range's ends and on both sides of each gap's midpoint. The computed worst case
// must bound every evaluated error and be reached by one of them.
import { describe, expect, it } from 'vitest';
import { parseFormat, type NumericFormat } from '../../../engine/numeric/index.js';
import { Xoshiro128 } from '../../../engine/random/xoshiro.js';
import { interval, nextDown, nextUp, type Interval } from '../../../language/ranges/interval.js';
import { dynamicRangeFit, worstRoundingError } from '../../../language/ranges/rounding-error.js';

const rng = new Xoshiro128(77);

/** Every positive value of a format of at most 16 bits, ascending. */
function positiveValues(format: NumericFormat): number[] {
    const values: number[] = [];
    for (let pattern = format.minPosPattern as number; ; pattern = format.next(pattern) as number) {
        const value = format.decode(pattern);
        values.push(value);
        if (value >= format.maxPos) return values;
    }
}

/** The largest of many numbers (spreading a 65,536-element array into Math.max overflows the stack). */
function maximum(values: readonly number[]): number {
    return values.reduce((a, b) => Math.max(a, b), -Infinity);
}

/**
 * Where the format starts rounding p's neighbour q: the smallest float64 whose pattern is q's,
 * found by bisection on `encode` (tapered formats whose exponent bits are cut round on the bit
 * pattern, not at the arithmetic midpoint).
 */
function roundingPoint(format: NumericFormat, p: number, q: number): number {
    let low = p;
    let high = q;
    const qPattern = format.encode(q);
    for (let mid = low + (high - low) / 2; mid > low && mid < high; mid = low + (high - low) / 2) {
        if (format.encode(mid) === qPattern) high = mid;
        else low = mid;
    }
    return high;
}

/** Evaluated errors: at the ends, and on both sides of the midpoint and of the rounding point of every gap meeting [lo, hi]. */
function evaluatedErrors(format: NumericFormat, values: readonly number[], range: Interval): { relative: number[]; absolute: number[] } {
    const low = range.lo <= 0 && range.hi >= 0 ? 0 : Math.min(Math.abs(range.lo), Math.abs(range.hi));
    const high = Math.max(Math.abs(range.lo), Math.abs(range.hi));
    const points = [low, high];
    const grid = [0, ...values];
    for (let i = 0; i + 1 < grid.length; i++) {
        const [p, q] = [grid[i]!, grid[i + 1]!];
        if (q < low || p > high) continue;
        const middle = (p + q) / 2;
        const turn = roundingPoint(format, p, q);
        for (const v of [nextDown(middle), middle, nextUp(middle), nextDown(turn), turn, nextUp(p), nextDown(q)]) if (v >= low && v <= high) points.push(v);
    }
    const nonzero = points.filter((v) => v > 0);
    return {
        relative: nonzero.map((v) => Math.abs(format.roundValue(v) - v) / v),
        absolute: nonzero.map((v) => Math.abs(format.roundValue(v) - v))
    };
}

describe('worst rounding error over a range, against every gap of the format', () => {
    for (const name of ['posit8', 'posit16', 'bposit16', 'float16', 'bfloat16']) {
        it(`${name}: ranges without zero (relative) and with zero (scaled by the largest magnitude)`, () => {
            const format = parseFormat(name)!;
            const values = positiveValues(format);
            const logMin = Math.log2(format.minPos);
            const logMax = Math.log2(format.maxPos);
            for (let trial = 0; trial < 24; trial++) {
                const a = 2 ** (logMin + (logMax - logMin) * rng.nextUniform());
                const b = a * 2 ** (6 * rng.nextUniform());
                const withZero = trial % 3 === 0;
                const range = withZero ? interval(-a * rng.nextUniform(), Math.min(b, format.maxPos)) : trial % 2 === 0 ? interval(a, Math.min(b, format.maxPos)) : interval(-Math.min(b, format.maxPos), -a);
                const error = worstRoundingError(format, range);
                expect(error, `[${range.lo}, ${range.hi}]`).toBeDefined();
                const evaluated = evaluatedErrors(format, values, range);
                if (withZero) {
                    const largest = Math.max(Math.abs(range.lo), Math.abs(range.hi));
                    const scaled = evaluated.absolute.map((e) => e / largest);
                    expect(error!.kind).toBe('scaled');
                    expect(maximum(scaled)).toBeLessThanOrEqual(error!.value * (1 + 1e-12));
                    // The supremum sits just below a midpoint (or at minpos's neighbourhood): reached to 1e-6.
                    expect(maximum(scaled)).toBeGreaterThanOrEqual(error!.value * (1 - 1e-6));
                } else {
                    expect(error!.kind).toBe('relative');
                    expect(maximum(evaluated.relative)).toBeLessThanOrEqual(error!.value * (1 + 1e-12));
                    expect(maximum(evaluated.relative)).toBeGreaterThanOrEqual(error!.value * (1 - 1e-6));
                }
            }
        });
    }

    it('32-bit formats over narrow ranges (every gap visited)', () => {
        for (const name of ['posit32', 'bposit32', 'float32']) {
            const format = parseFormat(name)!;
            for (let trial = 0; trial < 20; trial++) {
                const a = 2 ** (40 * rng.nextUniform() - 20);
                const range = interval(a, a * (1 + 2 ** -14));
                const values: number[] = [];
                let pattern = format.encode(a);
                while (format.decode(pattern) > a) pattern = format.prior(pattern);
                for (; format.decode(pattern) <= range.hi; pattern = format.next(pattern)) values.push(format.decode(pattern));
                values.push(format.decode(pattern));
                const evaluated = evaluatedErrors(format, values, range);
                const error = worstRoundingError(format, range)!;
                expect(maximum(evaluated.relative)).toBeLessThanOrEqual(error.value * (1 + 1e-12));
                expect(maximum(evaluated.relative)).toBeGreaterThanOrEqual(error.value * (1 - 1e-6));
            }
        }
    });

    it('near 1, posit16 keeps 11 fraction bits (worst relative error 1/(2^12 + 1)), float16 10, bfloat16 7', () => {
        const near1 = interval(1, 1.5);
        expect(worstRoundingError(parseFormat('posit16')!, near1)).toEqual({ kind: 'relative', value: 1 / (2 ** 12 + 1) });
        expect(worstRoundingError(parseFormat('float16')!, near1)).toEqual({ kind: 'relative', value: 1 / (2 ** 11 + 1) });
        expect(worstRoundingError(parseFormat('bfloat16')!, near1)).toEqual({ kind: 'relative', value: 1 / (2 ** 8 + 1) });
    });
});

describe('dynamic range (LANGUAGE.md: posit8 spans 2^±24, posit16 2^±56, b-posit 2^±192, float32 ~1e±38)', () => {
    it('says where a range lies against minpos and maxpos', () => {
        const posit8 = parseFormat('posit8')!;
        expect(posit8.maxPos).toBe(2 ** 24);
        expect(dynamicRangeFit(posit8, interval(0, 2 ** 24))).toEqual({ fit: 'inside' });
        expect(dynamicRangeFit(posit8, interval(0, 2 ** 25))).toEqual({ fit: 'partly', side: 'above' });
        expect(dynamicRangeFit(posit8, interval(2 ** 25, 2 ** 30))).toEqual({ fit: 'outside', side: 'above' });
        expect(dynamicRangeFit(posit8, interval(-(2 ** 30), -(2 ** 25)))).toEqual({ fit: 'outside', side: 'above' });
        expect(dynamicRangeFit(posit8, interval(2 ** -30, 1))).toEqual({ fit: 'partly', side: 'below' });
        expect(dynamicRangeFit(posit8, interval(2 ** -30, 2 ** -26))).toEqual({ fit: 'outside', side: 'below' });
        expect(dynamicRangeFit(posit8, interval(0, 2 ** -26))).toEqual({ fit: 'outside', side: 'below' });
        expect(dynamicRangeFit(posit8, interval(-(2 ** -26), 1))).toEqual({ fit: 'inside' });
        expect(dynamicRangeFit(parseFormat('posit16')!, interval(2 ** 50, 2 ** 56))).toEqual({ fit: 'inside' });
        expect(dynamicRangeFit(parseFormat('bposit16')!, interval(2 ** 100, 2 ** 190))).toEqual({ fit: 'inside' });
        expect(dynamicRangeFit(parseFormat('float32')!, interval(1e38, 1e39))).toEqual({ fit: 'partly', side: 'above' });
        // An unbounded side (nothing known) is not judged.
        expect(dynamicRangeFit(posit8, interval(0, Infinity))).toEqual({ fit: 'inside' });
    });
});
