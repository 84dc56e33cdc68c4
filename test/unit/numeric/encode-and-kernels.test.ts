// Encoding from float64 is correctly rounded (against the oracle) for every format, and every
// vectorised kernel and value-space helper the engine calls agrees with the scalar operations
// (which the random and exhaustive tests check against the oracle).
import { describe, expect, it, vi } from 'vitest';
import { allFormats, type NumericFormat, type Pattern, type PatternArray } from '../../../engine/numeric/index.js';
import { oracleNaR, type OracleSpec } from './oracle/oracle-formats.js';
import { oracleRound, rationalTarget } from './oracle/oracle-rounding.js';
import { fromNumber } from './oracle/rational.js';
import { bitsOf, hex, patternOf, sameResult, underTest } from './support/formats-under-test.js';
import { boundaryAbove, edgePatterns } from './support/operands.js';
import { SeededRandom } from './support/random.js';

vi.setConfig({ testTimeout: 300_000 });

/** The oracle's pattern for a float64 (NaN → NaR/NaN; ±∞ → NaR for posits, ±∞ for IEEE). */
function oracleEncode(spec: OracleSpec, x: number): bigint {
    if (Number.isNaN(x) || (spec.kind !== 'ieee' && !Number.isFinite(x))) return oracleNaR(spec);
    if (!Number.isFinite(x)) {
        const infinity = ((1n << BigInt(spec.bits - (spec.kind === 'ieee' ? spec.precision : 0))) - 1n) << BigInt((spec.kind === 'ieee' ? spec.precision : 1) - 1);
        return x < 0 ? infinity | (1n << BigInt(spec.bits - 1)) : infinity;
    }
    return oracleRound(spec, rationalTarget(fromNumber(x), Object.is(x, -0)));
}

/** Random float64s: wide uniform exponents, values near format values, exact boundaries and their float64 neighbours. */
function probeValues(format: NumericFormat, spec: OracleSpec, count: number, random: SeededRandom): number[] {
    const values = [0, -0, NaN, Infinity, -Infinity, Number.MIN_VALUE, -Number.MAX_VALUE, format.minPos / 2, format.maxPos * 2];
    const edges = edgePatterns(spec);
    while (values.length < count) {
        const kind = random.below(4);
        const sign = random.below(2) ? -1 : 1;
        if (kind === 0) {
            values.push(sign * (1 + random.next()) * 2 ** (random.below(700) - 350));
        } else {
            const pattern = random.below(2) ? random.pick(edges) : random.bits(spec.bits);
            const boundary = boundaryAbove(spec, pattern & ((1n << BigInt(spec.bits - 1)) - 1n));
            if (boundary === undefined) continue;
            const value = Number(boundary.num) / Number(boundary.den);
            if (!Number.isFinite(value) || value === 0) continue;
            // The boundary itself (an exact float64 for ≤ 32-bit formats) or one float64 step either side.
            const step = kind === 1 ? 0 : value * 2 ** -52 * (kind === 2 ? 1 : -1);
            values.push(sign * (value + step));
        }
    }
    return values;
}

describe('encode(float64) is correctly rounded', () => {
    for (const shortName of ['posit8', 'posit16', 'posit32', 'posit64', 'bposit16', 'bposit32', 'bposit64', 'float16', 'bfloat16', 'float32']) {
        it(`${shortName}: 20 000 float64s (wide range, exact ties, ties ± 1 ulp, specials)`, () => {
            const { format, spec } = underTest(shortName);
            const wrong: string[] = [];
            for (const x of probeValues(format, spec, 20_000, new SeededRandom(shortName.length * 7919))) {
                const expected = oracleEncode(spec, x);
                const actual = bitsOf(format, format.encode(x));
                if (!sameResult(format, actual, expected) && wrong.push(`encode(${x}) = ${hex(format, actual)}, oracle ${hex(format, expected)}`) >= 10) break;
            }
            expect(wrong).toEqual([]);
        });
    }
});

/** Random patterns: half uniform, half edges, stored in the format's own typed array. */
function randomPatterns(format: NumericFormat, spec: OracleSpec, count: number, random: SeededRandom): PatternArray {
    const edges = edgePatterns(spec);
    const patterns = format.allocate(count);
    for (let i = 0; i < count; i++) (patterns as unknown as Pattern[])[i] = patternOf(format, random.below(2) ? random.pick(edges) : random.bits(spec.bits));
    return patterns;
}

const same = (format: NumericFormat, a: Pattern, b: Pattern): boolean => sameResult(format, format.bitsOf(a), format.bitsOf(b));
const sameValue = (a: number, b: number): boolean => Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b));

describe('vectorised kernels and value-space helpers agree with the scalar operations', () => {
    for (const format of allFormats) {
        const name = format.shortName;
        const spec = name === 'float64' ? undefined : underTest(name).spec;
        it(`${name}: decode/encode/round arrays, + − × ÷ √ fma arrays, and the value helpers`, () => {
            const count = format.bits === 64 ? 500 : 4000;
            const random = new SeededRandom(format.bits * 31 + name.length);
            const a = spec ? randomPatterns(format, spec, count, random) : Float64Array.from({ length: count }, () => (random.next() - 0.5) * 2 ** (random.below(200) - 100));
            const b = spec ? randomPatterns(format, spec, count, random) : Float64Array.from({ length: count }, () => (random.next() - 0.5) * 2 ** (random.below(200) - 100));
            const c = spec ? randomPatterns(format, spec, count, random) : Float64Array.from({ length: count }, () => random.next() - 0.5);
            const get = (array: PatternArray, i: number): Pattern => (array as unknown as Pattern[])[i];
            const wrong: string[] = [];
            const check = (label: string, ok: boolean): void => {
                if (!ok && wrong.length < 10) wrong.push(label);
            };

            const va = new Float64Array(count);
            const vb = new Float64Array(count);
            const vc = new Float64Array(count);
            format.decodeArray(a, va);
            format.decodeArray(b, vb);
            format.decodeArray(c, vc);
            for (let i = 0; i < count; i++) check(`decodeArray[${i}]`, sameValue(va[i], format.decode(get(a, i))));

            const probes = Float64Array.from({ length: count }, (_, i) => (i % 3 === 0 ? va[i] : (random.next() - 0.5) * 2 ** (random.below(120) - 60)));
            const encoded = format.allocate(count);
            format.encodeArray(probes, encoded);
            const rounded = new Float64Array(count);
            format.roundValues(probes, rounded);
            for (let i = 0; i < count; i++) {
                check(`encodeArray[${i}]`, same(format, get(encoded, i), format.encode(probes[i])));
                check(`roundValues[${i}]`, sameValue(rounded[i], format.decode(format.encode(probes[i]))) && sameValue(rounded[i], format.roundValue(probes[i])));
            }

            const out = format.allocate(count);
            const kernels: [string, () => void, (i: number) => Pattern, (i: number) => number][] = [
                ['add', () => format.addArrays(a, b, out), (i) => format.add(get(a, i), get(b, i)), (i) => format.addValues(va[i], vb[i])],
                ['sub', () => format.subArrays(a, b, out), (i) => format.sub(get(a, i), get(b, i)), (i) => format.addValues(va[i], -vb[i])],
                ['mul', () => format.mulArrays(a, b, out), (i) => format.mul(get(a, i), get(b, i)), (i) => format.mulValues(va[i], vb[i])],
                ['div', () => format.divArrays(a, b, out), (i) => format.div(get(a, i), get(b, i)), (i) => format.divValues(va[i], vb[i])],
                ['sqrt', () => format.sqrtArray(a, out), (i) => format.sqrt(get(a, i)), (i) => format.sqrtValue(va[i])],
                ['fma', () => format.fmaArrays(a, b, c, out), (i) => format.fma(get(a, i), get(b, i), get(c, i)), (i) => format.fmaValues(va[i], vb[i], vc[i])]
            ];
            for (const [op, kernel, scalar, valueHelper] of kernels) {
                kernel();
                for (let i = 0; i < count; i++) {
                    const expected = scalar(i);
                    check(`${op}Arrays[${i}]`, same(format, get(out, i), expected));
                    // Value helpers take decoded values; 64-bit formats decode with rounding, so they are not comparable there.
                    if (format.decodeIsExact) check(`${op}Values[${i}] ${va[i]} ${vb[i]}`, sameValue(valueHelper(i), format.decode(expected)));
                }
            }
            expect(wrong).toEqual([]);
        });
    }
});
