// Quires hold every sum of products exactly and round once: the extremes of the Posit Standard's
// sizing (minpos², maxpos², 2^31 terms) and long fused dot products with massive cancellation,
// bit for bit against the oracle.
import { describe, expect, it, vi } from 'vitest';
import { allFormats, type NumericFormat, type Pattern } from '../../../engine/numeric/index.js';
import { oracleDecode } from './oracle/oracle-formats.js';
import { oracleDot } from './oracle/oracle-ops.js';
import { add, compare, dyadic, mul, neg, rational, type Rational } from './oracle/rational.js';
import { bitsOf, hex, patternOf, underTest } from './support/formats-under-test.js';
import { boundaryAbove, exactPattern } from './support/operands.js';
import { SeededRandom } from './support/random.js';

// Exact-oracle checks are CPU-heavy; on a shared machine they may need more than the default minute.
vi.setConfig({ testTimeout: 300_000 });

const quireFormats = allFormats.filter((f) => f.shortName !== 'float64');

function exactOf(format: NumericFormat, pattern: Pattern): Rational {
    const d = format.toDyadic(pattern);
    if (!d) throw new Error('not real');
    return dyadic(d.negative ? -d.magnitude : d.magnitude, d.exponent);
}

function quireValue(_format: NumericFormat, quire: ReturnType<NumericFormat["createQuire"]>): Rational {
    const d = quire.toDyadic();
    if (!d) throw new Error('quire is NaR');
    return dyadic(d.negative ? -d.magnitude : d.magnitude, d.exponent);
}

function bitLength(value: bigint): number {
    return (value < 0n ? -value : value).toString(2).length;
}

describe('quire extremes', () => {
    for (const format of quireFormats) {
        const minPos = format.minPosPattern;
        const maxPos = format.maxPosPattern;
        const minSquare = mul(exactOf(format, minPos), exactOf(format, minPos));
        const maxSquare = mul(exactOf(format, maxPos), exactOf(format, maxPos));

        it(`${format.name}: minpos² and maxpos² land exactly, together and apart`, () => {
            const quire = format.createQuire();
            quire.addProduct(minPos, minPos);
            expect(compare(quireValue(format, quire), minSquare)).toBe(0);
            quire.addProduct(maxPos, maxPos);
            expect(compare(quireValue(format, quire), add(minSquare, maxSquare))).toBe(0);
            quire.subProduct(maxPos, maxPos);
            expect(compare(quireValue(format, quire), minSquare)).toBe(0);
            // One rounding at the end: minpos² is below minpos, so posits give minpos and IEEE gives 0.
            expect(quire.round()).toEqual(format.family === 'ieee' ? format.zero : minPos);
            // maxpos² + minpos² − maxpos² was exact; the subtraction order does not matter.
            quire.clear();
            quire.subProduct(maxPos, maxPos);
            quire.addProduct(minPos, minPos);
            quire.addProduct(maxPos, maxPos);
            expect(compare(quireValue(format, quire), minSquare)).toBe(0);
        });

        it(`${format.name}: 2^31 products of maxpos² accumulate exactly (addQuire doubling)`, () => {
            const quire = format.createQuire();
            quire.addProduct(maxPos, maxPos);
            for (let i = 0; i < 31; i++) quire.addQuire(quire);
            const expected = mul(maxSquare, rational(2n ** 31n));
            expect(compare(quireValue(format, quire), expected)).toBe(0);
            expect(quire.round()).toEqual(format.family === 'ieee' ? format.encode(Infinity) : maxPos);
            // Taking them all away again leaves exactly minpos² behind when it was there first.
            const other = format.createQuire();
            other.addProduct(minPos, minPos);
            other.addQuire(quire);
            for (let i = 0; i < 31; i++) quire.addQuire(quire);
            expect(compare(quireValue(format, other), add(expected, minSquare))).toBe(0);
        });

        it(`${format.name}: the declared ${format.quireBits}-bit width holds 2^31 − 1 products of maxpos² plus minpos² (carry-bit arithmetic)`, () => {
            // In units of the quire's lsb (minpos's last bit squared), the worst sum must fit in quireBits − 1 bits + sign.
            const lsb = format.quireLsbExponent;
            const units = (r: Rational): bigint => (r.num << BigInt(-lsb)) / r.den;
            expect(compare(dyadic(units(minSquare), lsb), minSquare)).toBe(0);
            const worst = units(maxSquare) * (2n ** 31n - 1n) + units(minSquare);
            expect(bitLength(worst) + 1).toBeLessThanOrEqual(format.quireBits);
        });
    }

    it('posit quires are 16n bits: sign, 31 carry bits, 8n − 16 integer and 8n − 16 fraction bits', () => {
        for (const format of quireFormats.filter((f) => f.family === 'posit')) {
            const n = format.bits;
            expect(format.quireBits).toBe(1 + 31 + 2 * (8 * n - 16));
            expect(format.quireLsbExponent).toBe(16 - 8 * n);
        }
    });

    it('NaR poisons the quire until clear()', () => {
        for (const format of quireFormats) {
            const quire = format.createQuire();
            quire.addPattern(format.encode(1));
            quire.addPattern(format.nar);
            expect(quire.isNaR).toBe(true);
            expect(format.isNaR(quire.round())).toBe(true);
            expect(quire.toExactString()).toBe('NaR');
            quire.clear();
            quire.addPattern(format.encode(0.5));
            expect(quire.isNaR).toBe(false);
            expect(quire.toExactString()).toBe('0.5');
        }
    });
});

/**
 * Terms whose exact sum is tiny next to the terms: random products, then each product again with
 * one factor negated (in shuffled order), plus a few small terms and optionally an exact tie.
 */
function cancellingVectors(format: NumericFormat, spec: ReturnType<typeof underTest>['spec'], length: number, random: SeededRandom, tie: 'none' | 'tie' | 'above' | 'below'): [bigint[], bigint[]] {
    const a: bigint[] = [];
    const b: bigint[] = [];
    const half = Math.floor((length - 8) / 2);
    for (let i = 0; i < half; i++) {
        a.push(random.bits(format.bits));
        b.push(random.bits(format.bits));
    }
    const order = Array.from({ length: half }, (_, i) => i).sort(() => random.next() - 0.5);
    for (const i of order) {
        a.push(a[i]);
        b.push(bitsOf(format, format.neg(patternOf(format, b[i]))));
    }
    // Small survivors (only without a tie, which must be the whole sum): products of small values.
    while (tie === 'none' && a.length < length - 2) {
        a.push(bitsOf(format, format.encode((random.next() - 0.5) * 2 ** (random.below(20) - 30))));
        b.push(bitsOf(format, format.encode(random.next())));
    }
    const one = bitsOf(format, format.encode(1));
    if (tie !== 'none') {
        // u·1 + (v − u)·1 with v the rounding boundary above u: the exact sum is a tie.
        const u = bitsOf(format, format.encode(1 + random.next()));
        const boundary = boundaryAbove(spec, u);
        const uValue = oracleDecode(spec, u);
        const gap = boundary && uValue.kind === 'real' ? exactPattern(spec, add(boundary, neg(uValue.value))) : undefined;
        if (gap !== undefined) {
            a.push(u, gap);
            b.push(one, one);
        }
        // A term far below the tie's last bit: only a sticky bit can carry it into the rounding.
        if (tie !== 'tie') {
            a.push(bitsOf(format, tie === 'above' ? format.minPosPattern : format.neg(format.minPosPattern)));
            b.push(bitsOf(format, format.minPosPattern));
        }
    }
    while (a.length < length) {
        a.push(0n);
        b.push(one);
    }
    return [a, b];
}

const NaRFree = (format: NumericFormat, bits: bigint): boolean => !format.isNaR(patternOf(format, bits)) && Number.isFinite(format.decode(patternOf(format, bits)));

describe('fused dot products against the oracle', () => {
    const cases: [string, number[]][] = [
        ['posit8', [1_000, 20_000]], ['posit16', [1_000, 100_000]], ['posit32', [1_000, 50_000]],
        ['bposit16', [1_000, 50_000]], ['bposit32', [1_000, 50_000]], ['float16', [1_000, 20_000]], ['bfloat16', [1_000]], ['float32', [1_000, 20_000]],
        ['posit64', [1_000]], ['bposit64', [1_000]]
    ];
    for (const [name, lengths] of cases) {
        const { format, spec } = underTest(name);
        for (const length of lengths) {
            it(`${name}: ${length} terms with huge cancellation, rounded once (dotValues, dotPatterns, quire ops)`, () => {
                const random = new SeededRandom(length + format.bits);
                const wrong: string[] = [];
                for (const withTie of ['none', 'tie', 'above', 'below'] as const) {
                    let [a, b] = cancellingVectors(format, spec, length, random, withTie);
                    // IEEE: keep the terms finite (∞ − ∞ has no exact sum).
                    const keep = a.map((x, i) => NaRFree(format, x) && NaRFree(format, b[i]) && Number.isFinite(format.decode(patternOf(format, x)) * format.decode(patternOf(format, b[i]))));
                    a = a.filter((_, i) => keep[i]);
                    b = b.filter((_, i) => keep[i]);
                    const expected = oracleDot(spec, a, b);
                    const pa = format.allocate(a.length);
                    const pb = format.allocate(b.length);
                    a.forEach((x, i) => (pa[i] = patternOf(format, x) as never));
                    b.forEach((x, i) => (pb[i] = patternOf(format, x) as never));
                    const viaPatterns = bitsOf(format, format.dotPatterns(pa, pb));
                    if (viaPatterns !== expected) wrong.push(`dotPatterns tie=${withTie}: ${hex(format, viaPatterns)} ≠ oracle ${hex(format, expected)}`);
                    const va = new Float64Array(a.length);
                    const vb = new Float64Array(2 * b.length);
                    format.decodeArray(pa, va);
                    // b interleaved at stride 2, offset 1: exercises offsets and strides.
                    b.forEach((x, i) => (vb[1 + 2 * i] = format.decode(patternOf(format, x))));
                    const value = format.dotValues(va, 0, 1, vb, 1, 2, a.length);
                    if (format.decodeIsExact && bitsOf(format, format.encode(value)) !== expected) wrong.push(`dotValues tie=${withTie}: ${value}`);
                    const quire = format.createQuire();
                    a.forEach((x, i) => (i % 2 ? quire.subProduct(patternOf(format, x), format.neg(patternOf(format, b[i]))) : quire.addProduct(patternOf(format, x), patternOf(format, b[i]))));
                    if (bitsOf(format, quire.round()) !== expected) wrong.push(`quire add/subProduct tie=${withTie}`);
                }
                expect(wrong).toEqual([]);
            });
        }
    }
});
