// Order, neighbours, magnitude and integers, against the oracle's values: comparisons are the
// two's-complement order of the patterns (NaR below every real, NaR = NaR), next/prior step one
// pattern, integers round to nearest with ties to even.
import { describe, expect, it } from 'vitest';
import { allFormats } from '../../../engine/numeric/index.js';
import { oracleDecode } from './oracle/oracle-formats.js';
import { oracleRound, rationalTarget } from './oracle/oracle-rounding.js';
import { compare, rational, type Rational } from './oracle/rational.js';
import { bitsOf, patternOf, underTest } from './support/formats-under-test.js';
import { edgePatterns } from './support/operands.js';
import { SeededRandom } from './support/random.js';

const tapered = ['posit8', 'posit16', 'posit32', 'posit64', 'bposit16', 'bposit32', 'bposit64'];

/** Nearest integer to a rational, ties to even (the oracle's own rounding). */
function nearestInteger(x: Rational): bigint {
    const floor = x.num >= 0n ? x.num / x.den : -((-x.num + x.den - 1n) / x.den);
    const twice = 2n * (x.num - floor * x.den);
    if (twice > x.den || (twice === x.den && floor % 2n !== 0n)) return floor + 1n;
    return floor;
}

describe('order, neighbours, abs, min/max and integers', () => {
    for (const name of [...tapered, 'float16', 'bfloat16', 'float32']) {
        const { format, spec } = underTest(name);
        it(`${name}: compare follows the values; NaR is below everything; min/max give NaR on NaR`, () => {
            const random = new SeededRandom(name.length * 13);
            const edges = edgePatterns(spec);
            const wrong: string[] = [];
            for (let i = 0; i < 3000; i++) {
                const x = random.below(2) ? random.pick(edges) : random.bits(format.bits);
                const y = random.below(2) ? random.pick(edges) : random.bits(format.bits);
                const dx = oracleDecode(spec, x);
                const dy = oracleDecode(spec, y);
                const px = patternOf(format, x);
                const py = patternOf(format, y);
                const rank = (d: typeof dx): number => (d.kind === 'nar' ? -2 : d.kind === 'infinity' ? (d.negative ? -1 : 1) : 0);
                const expected = rank(dx) !== 0 || rank(dy) !== 0 ? Math.sign(rank(dx) - rank(dy)) : compare(dx.kind === 'real' ? dx.value : rational(0n), dy.kind === 'real' ? dy.value : rational(0n));
                const infinitiesEqual = dx.kind === 'infinity' && dy.kind === 'infinity' && dx.negative === dy.negative;
                if (Math.sign(format.compare(px, py)) !== (infinitiesEqual ? 0 : expected)) wrong.push(`compare(${x}, ${y})`);
                const nar = format.isNaR(px) || format.isNaR(py);
                const low = format.min(px, py);
                const high = format.max(px, py);
                if (nar ? !format.isNaR(low) || !format.isNaR(high) : format.compare(low, high) > 0 || format.compare(low, px) > 0 || format.compare(high, py) < 0) wrong.push(`min/max(${x}, ${y})`);
                if (!format.isNaR(px) && dx.kind === 'real' && bitsOf(format, format.abs(px)) !== oracleRound(spec, rationalTarget(dx.value.num < 0n ? { num: -dx.value.num, den: dx.value.den } : dx.value))) wrong.push(`abs(${x})`);
            }
            expect(wrong.slice(0, 10)).toEqual([]);
        });

        it(`${name}: next/prior move to the adjacent value`, () => {
            const random = new SeededRandom(name.length * 17);
            const wrong: string[] = [];
            for (let i = 0; i < 2000; i++) {
                const x = random.bits(format.bits);
                const px = patternOf(format, x);
                if (format.isNaR(px)) continue;
                const up = format.next(px);
                const down = format.prior(px);
                if (format.isNaR(up) || format.isNaR(down)) continue;
                if (format.compare(up, px) <= 0 && !(format.family === 'ieee' && format.decode(px) === Infinity)) wrong.push(`next(${x})`);
                if (format.compare(down, px) >= 0 && !(format.family === 'ieee' && format.decode(px) === -Infinity)) wrong.push(`prior(${x})`);
                if (format.family !== 'ieee') {
                    // Adjacent in the two's-complement order: nothing lies strictly between.
                    if (bitsOf(format, up) !== (x + 1n) % (1n << BigInt(format.bits))) wrong.push(`next(${x}) skips`);
                    if (bitsOf(format, format.prior(up)) !== x) wrong.push(`prior(next(${x}))`);
                }
            }
            expect(wrong.slice(0, 10)).toEqual([]);
        });

        it(`${name}: toInteger rounds half to even; fromInteger rounds once`, () => {
            const random = new SeededRandom(name.length * 19);
            const wrong: string[] = [];
            for (let i = 0; i < 2000; i++) {
                const x = random.bits(format.bits);
                const decoded = oracleDecode(spec, x);
                const integer = format.toInteger(patternOf(format, x));
                if (decoded.kind !== 'real') {
                    if (integer !== undefined) wrong.push(`toInteger(${x}) of a non-real`);
                    continue;
                }
                if (integer !== nearestInteger(decoded.value)) wrong.push(`toInteger(${x}) = ${integer}`);
                const n = BigInt(Math.round((random.next() - 0.5) * 2 ** random.below(70)));
                if (bitsOf(format, format.fromInteger(n)) !== oracleRound(spec, rationalTarget(rational(n)))) wrong.push(`fromInteger(${n})`);
            }
            expect(format.toInteger(format.encode(2.5))).toBe(2n);
            expect(format.toInteger(format.encode(-3.5))).toBe(-4n);
            expect(wrong.slice(0, 10)).toEqual([]);
        });
    }

    it('posit next/prior wrap through NaR as the standard\'s integer order does', () => {
        for (const format of allFormats.filter((f) => f.family !== 'ieee')) {
            expect(format.isNaR(format.next(format.maxPosPattern))).toBe(true);
            expect(format.next(format.nar)).toEqual(format.neg(format.maxPosPattern));
            expect(format.prior(format.zero)).toEqual(format.neg(format.minPosPattern));
        }
    });
});
