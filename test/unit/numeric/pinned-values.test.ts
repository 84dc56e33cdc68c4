// Values pinned by outside sources: stillwater-sc/universal's posit8 and bposit<8,4,0> tables
// (test/fixtures/numeric), the Posit Standard's minpos/maxpos, the §4.1 geometric-rounding example,
// NUMERICS.md's b-posit figures and quire widths.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { allFormats, parseFormat } from '../../../engine/numeric/index.js';
import { oracleDecode, bposit as bpositSpec } from './oracle/oracle-formats.js';
import { compare, fromDecimal, fromNumber, rational, type Rational } from './oracle/rational.js';
import { formatNamed, underTest } from './support/formats-under-test.js';

const fixture = (name: string): string[] =>
    readFileSync(new URL(`../../fixtures/numeric/${name}`, import.meta.url), 'utf8').split('\n').filter((line) => line.trim() !== '' && !line.startsWith('#'));

function sameValue(value: number, expected: Rational): boolean {
    return Number.isFinite(value) && compare(fromNumber(value), expected) === 0;
}

describe('stillwater-sc/universal posit<8,2> table', () => {
    const rows = fixture('universal_posit_8_2.csv').map((line) => line.split(','));
    const { format, spec } = underTest('posit8');

    it('has all 256 patterns', () => {
        expect(rows.map((row) => Number(row[0]))).toEqual(Array.from({ length: 256 }, (_, i) => i));
    });

    it('every row decodes (engine and oracle) to the table value', () => {
        const wrong: string[] = [];
        for (const [index, binary, , , , , , , , value] of rows) {
            const pattern = parseInt(binary, 2);
            expect(pattern).toBe(Number(index));
            const engine = format.decode(pattern);
            const oracle = oracleDecode(spec, BigInt(pattern));
            if (value === 'nar') {
                if (!Number.isNaN(engine) || oracle.kind !== 'nar') wrong.push(`${binary}: expected NaR`);
                continue;
            }
            const expected = fromDecimal(value);
            if (!sameValue(engine, expected)) wrong.push(`${binary}: engine ${engine}, table ${value}`);
            if (oracle.kind !== 'real' || compare(oracle.value, expected) !== 0) wrong.push(`${binary}: oracle disagrees with table ${value}`);
        }
        expect(wrong).toEqual([]);
    });

    it("every row's scale column is the engine's binary scale", () => {
        const wrong = rows.filter(([, binary, , , , scale, , , , value]) => value !== 'nar' && value !== '0' && Math.floor(Math.log2(Math.abs(format.decode(parseInt(binary, 2))))) !== Number(scale));
        expect(wrong.map((row) => row[1])).toEqual([]);
    });
});

describe('stillwater-sc/universal bposit<8,4,0> table (generic bounded-posit code)', () => {
    const format = formatNamed('bposit<8, 4, 0>');
    const spec = bpositSpec(8, 4, 0);
    const rows = fixture('universal_bposit_8_4_0.txt').map((line) => line.trim().split(/\s+/));

    it('has the 128 non-negative patterns', () => {
        expect(rows.map((row) => parseInt(row[0], 16))).toEqual(Array.from({ length: 128 }, (_, i) => i));
    });

    it('every pattern and its negation decode to ± the table value', () => {
        const wrong: string[] = [];
        for (const [hexText, , , fraction] of rows) {
            const pattern = parseInt(hexText, 16);
            const [num, den] = fraction.split('/');
            const expected = rational(BigInt(num), BigInt(den ?? '1'));
            if (!sameValue(format.decode(pattern), expected)) wrong.push(`${hexText}: ${format.decode(pattern)} ≠ ${fraction}`);
            const oracle = oracleDecode(spec, BigInt(pattern));
            if (oracle.kind !== 'real' || compare(oracle.value, expected) !== 0) wrong.push(`${hexText}: oracle disagrees`);
            if (pattern !== 0 && format.decode(format.neg(pattern)) !== -format.decode(pattern)) wrong.push(`${hexText}: negation`);
        }
        expect(wrong).toEqual([]);
    });

    it('saturates instead of rounding to 0 or NaR, and minpos is not a power of two', () => {
        expect(format.minPos).toBe(9 / 128);
        expect(format.maxPos).toBe(15);
        expect(format.encode(1e-9)).toBe(1);
        expect(format.encode(1e9)).toBe(0x7f);
        expect(format.encode(-1e9)).toBe(0x81);
    });
});

describe('minpos and maxpos', () => {
    const cases: [string, number, number][] = [
        ['posit8', 2 ** -24, 2 ** 24],
        ['posit16', 2 ** -56, 2 ** 56],
        ['posit32', 2 ** -120, 2 ** 120],
        ['posit64', 2 ** -248, 2 ** 248],
        // b-posit: minpos = 2^-192·(1 + 2^-Fmin), maxpos = 2^191·(2 − 2^-Fmin), Fmin = n − 12.
        ['bposit16', 2 ** -192 * (1 + 2 ** -4), 2 ** 191 * (2 - 2 ** -4)],
        ['bposit32', 2 ** -192 * (1 + 2 ** -20), 2 ** 191 * (2 - 2 ** -20)],
        ['bposit64', 2 ** -192 * (1 + 2 ** -52), 2 ** 191 * (2 - 2 ** -52)],
        ['float16', 2 ** -24, 65504],
        ['bfloat16', 2 ** -133, (2 - 2 ** -7) * 2 ** 127],
        ['float32', 2 ** -149, (2 - 2 ** -23) * 2 ** 127]
    ];
    for (const [name, minPos, maxPos] of cases) {
        it(`${name}: minpos ${minPos.toExponential(3)}, maxpos ${maxPos.toExponential(3)}`, () => {
            const format = formatNamed(name);
            expect(format.minPos).toBe(minPos);
            expect(format.maxPos).toBe(maxPos);
            expect(format.decode(format.minPosPattern)).toBe(minPos);
            expect(format.decode(format.maxPosPattern)).toBe(maxPos);
        });
    }

    it('b-posit32 spans about 1.59e-58 … 6.28e57 (NUMERICS.md)', () => {
        const format = formatNamed('bposit32');
        expect(format.minPos.toPrecision(3)).toBe('1.59e-58');
        expect(format.maxPos.toPrecision(3)).toBe('6.28e+57');
    });
});

describe('Posit Standard §4.1 rounding examples', () => {
    it('posit8 rounds 144179.2 to 262144 (geometric where exponent bits are cut off), not 65536', () => {
        const posit8 = formatNamed('posit8');
        expect(posit8.decode(posit8.encode(144179.2))).toBe(262144);
        expect(posit8.encode(144179.2)).toBe(0x7d);
    });

    it('never rounds a non-zero real to zero or to NaR', () => {
        for (const format of allFormats.filter((f) => f.family !== 'ieee')) {
            expect(format.encode(1e-300)).toEqual(format.minPosPattern);
            expect(format.encode(-1e300)).toEqual(format.neg(format.maxPosPattern));
        }
    });
});

describe('format descriptors', () => {
    it('quire widths: 16n bits for posits; range + 31 carry bits + sign for b-posits (776/808/872 + 32)', () => {
        const widths = Object.fromEntries(allFormats.map((f) => [f.shortName, f.quireBits]));
        expect(widths).toMatchObject({ posit8: 128, posit16: 256, posit32: 512, posit64: 1024, bposit16: 808, bposit32: 840, bposit64: 904 });
    });

    it('fraction bits by scale: posit32 27 at 1, b-posit32 24 near 1 and 20 at the extremes, b-posit16 8 and 4', () => {
        expect(formatNamed('posit16').fractionBitsAt(0)).toBe(11);
        expect(formatNamed('posit32').fractionBitsAt(0)).toBe(27);
        expect(formatNamed('posit32').fractionBitsAt(120)).toBe(0);
        expect(formatNamed('bposit32').fractionBitsAt(0)).toBe(24);
        expect(formatNamed('bposit32').fractionBitsAt(-192)).toBe(20);
        expect(formatNamed('bposit32').fractionBitsAt(191)).toBe(20);
        expect(formatNamed('bposit32').fractionBitsAt(192)).toBe(0);
        expect(formatNamed('bposit16').fractionBitsAt(0)).toBe(8);
        expect(formatNamed('bposit16').fractionBitsAt(-192)).toBe(4);
        expect(formatNamed('float32').fractionBitsAt(0)).toBe(23);
        expect(formatNamed('float32').fractionBitsAt(-140)).toBe(9);
    });

    it('typed arrays hold exactly n bits a value', () => {
        const kinds = Object.fromEntries(allFormats.map((f) => [f.shortName, [f.arrayKind, f.allocate(3).BYTES_PER_ELEMENT, f.bytes]]));
        expect(kinds).toEqual({
            posit8: ['Uint8Array', 1, 1], posit16: ['Uint16Array', 2, 2], posit32: ['Uint32Array', 4, 4], posit64: ['BigUint64Array', 8, 8],
            bposit16: ['Uint16Array', 2, 2], bposit32: ['Uint32Array', 4, 4], bposit64: ['BigUint64Array', 8, 8],
            float16: ['Uint16Array', 2, 2], bfloat16: ['Uint16Array', 2, 2], float32: ['Float32Array', 4, 4], float64: ['Float64Array', 8, 8]
        });
        expect(parseFormat('posit16')?.allocate(3)).toBeInstanceOf(Uint16Array);
    });
});
