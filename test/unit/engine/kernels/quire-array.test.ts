// A quire array holds one exact sum per element and rounds it once: checked bit for bit against the
// independent rational oracle of the numeric tests, for random sums of products (weighted towards
// the extremes of each format, with massive cancellation), split across two arrays and merged in
// either order, in every ≤ 32-bit format.
import { describe, expect, it } from 'vitest';
import type { NumericFormat } from '../../../../engine/numeric/index.js';
import { QuireArray, supportsQuireArray } from '../../../../engine/kernels/quire-array.js';
import { twoProductError } from '../../../../engine/numeric/bits/error-free.js';
import { oracleDecode, type OracleSpec } from '../../numeric/oracle/oracle-formats.js';
import { oracleRound, rationalTarget } from '../../numeric/oracle/oracle-rounding.js';
import { add, mul, ZERO, type Rational } from '../../numeric/oracle/rational.js';
import { underTest } from '../../numeric/support/formats-under-test.js';
import { SeededRandom } from '../../numeric/support/random.js';

const formats = ['posit8', 'posit16', 'posit32', 'bposit16', 'bposit32', 'float16', 'bfloat16', 'float32'];

/** A random finite pattern: a quarter of them at or next to minpos / maxpos, the rest uniform. */
function randomPattern(format: NumericFormat, random: SeededRandom): number {
    for (;;) {
        const pick = random.below(8);
        let pattern: number;
        if (pick === 0) pattern = format.minPosPattern as number;
        else if (pick === 1) pattern = format.maxPosPattern as number;
        else pattern = Number(format.fromBits(BigInt(random.nextUint32() % 2 ** format.bits)));
        if (pick < 2 && random.below(2) === 1) pattern = format.neg(pattern) as number;
        const value = format.decode(pattern);
        if (Number.isFinite(value)) return pattern;
    }
}

function exactValue(spec: OracleSpec, format: NumericFormat, pattern: number): Rational {
    const decoded = oracleDecode(spec, format.bitsOf(pattern));
    if (decoded.kind !== 'real') throw new Error('not a real');
    return decoded.value;
}

/** Adds the exact product a·b to an element as float64 terms (the product and, when inexact, its TwoProduct error). */
function addProduct(array: QuireArray, i: number, a: number, b: number): void {
    const p = a * b;
    array.add(i, p);
    const error = twoProductError(a, b, p);
    if (error !== 0) array.add(i, error);
}

describe('quire arrays', () => {
    for (const name of formats) {
        const { format, spec } = underTest(name);

        it(`round every element's exact sum of products once (${name}), however the terms are split`, () => {
            expect(supportsQuireArray(format)).toBe(true);
            const random = new SeededRandom(0x5eed ^ format.bits);
            const size = 24;
            const whole = new QuireArray(format, size);
            const left = new QuireArray(format, size);
            const right = new QuireArray(format, size);
            const exact: Rational[] = new Array<Rational>(size).fill(ZERO);
            for (let i = 0; i < size; i++) {
                const terms: [number, number][] = [];
                const count = 1 + random.below(120);
                for (let t = 0; t < count; t++) terms.push([randomPattern(format, random), randomPattern(format, random)]);
                // After every term, the larger half comes back with the other sign: what remains is
                // the small terms, whose low bits a float64 running sum lost along the way.
                const magnitudes = terms.map(([a, b]) => Math.abs(format.decode(a) * format.decode(b))).sort((x, y) => x - y);
                const median = magnitudes[Math.floor(magnitudes.length / 2)]!;
                const cancelled = terms.filter(([a, b]) => Math.abs(format.decode(a) * format.decode(b)) > median).map(([a, b]): [number, number] => [format.neg(a) as number, b]);
                for (const [a, b] of [...terms, ...cancelled]) {
                    const av = format.decode(a);
                    const bv = format.decode(b);
                    exact[i] = add(exact[i]!, mul(exactValue(spec, format, a), exactValue(spec, format, b)));
                    addProduct(whole, i, av, bv);
                    addProduct(random.below(2) === 0 ? left : right, i, av, bv);
                }
            }
            const merged = new QuireArray(format, size);
            merged.addArray(right);
            merged.addArray(left);
            left.addArray(right);
            for (let i = 0; i < size; i++) {
                const expected = oracleRound(spec, rationalTarget(exact[i]!));
                expect(format.bitsOf(whole.roundPattern(i)), `element ${i}`).toBe(expected);
                expect(format.bitsOf(merged.roundPattern(i)), `element ${i}, right + left`).toBe(expected);
                expect(format.bitsOf(left.roundPattern(i)), `element ${i}, left + right`).toBe(expected);
            }
        });
    }

    it('keeps a term far below a huge one and returns it exactly once the huge one cancels (posit16)', () => {
        const { format } = underTest('posit16');
        const array = new QuireArray(format, 1);
        const huge = format.maxPos * format.maxPos;
        const tiny = format.minPos * format.minPos * 3;
        array.add(0, huge);
        array.add(0, tiny);
        array.add(0, -huge);
        // 3·minpos² lies below minpos: a posit saturates to ±minpos rather than rounding to zero.
        expect(array.roundPattern(0)).toBe(format.minPosPattern);
        array.add(0, 2 ** -20 - tiny);
        expect(array.roundValue(0)).toBe(2 ** -20);
    });

    it('rounds an element to NaR once a non-finite term reaches it, leaving the others', () => {
        const { format } = underTest('posit16');
        const array = new QuireArray(format, 2);
        array.add(0, 1.5);
        array.add(0, NaN);
        array.add(1, 1.5);
        expect(array.roundPattern(0)).toBe(format.nar);
        expect(array.roundValue(1)).toBe(1.5);
        array.clear();
        expect(array.roundValue(0)).toBe(0);
    });

    it('survives a transfer: a second array over the same buffer reads the same sums', () => {
        const { format } = underTest('bposit32');
        const array = new QuireArray(format, 3);
        array.add(2, 2 ** 100);
        array.add(2, 2 ** -300);
        const copy = new QuireArray(format, 3, array.buffer.slice(0));
        expect(copy.roundValue(2)).toBe(array.roundValue(2));
        expect(copy.roundValue(0)).toBe(0);
    });

    it('refuses IEEE float64, whose quire spans beyond float64 exponents', () => {
        expect(supportsQuireArray(underTest('float64').format)).toBe(false);
    });
});
