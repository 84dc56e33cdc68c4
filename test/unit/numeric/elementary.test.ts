// exp, log, tanh and sigmoid are correctly rounded in every format but float64 (faithful there:
// V8's Math.*), checked against the oracle's own interval evaluation: every posit8 and posit16
// pattern, a sample of the other 16-bit formats, random 32- and 64-bit patterns.
import { describe, expect, it, vi } from 'vitest';
import { parseFormat, type ElementaryFunction } from '../../../engine/numeric/index.js';
import { elementaryTarget, expInterval, logInterval } from './oracle/oracle-elementary.js';
import { oracleDecode, oracleNaR, type OracleSpec } from './oracle/oracle-formats.js';
import { oracleRound, rationalTarget } from './oracle/oracle-rounding.js';
import { compare, dyadic, fromNumber, ONE, rational, sign, type Rational } from './oracle/rational.js';
import { bitsOf, hex, patternOf, sameResult, underTest } from './support/formats-under-test.js';
import { edgePatterns } from './support/operands.js';
import { SeededRandom } from './support/random.js';

vi.setConfig({ testTimeout: 300_000 });

const functions: readonly ElementaryFunction[] = ['exp', 'log', 'tanh', 'sigmoid'];
const math: Record<ElementaryFunction, (x: number) => number> = {
    exp: Math.exp, log: Math.log, tanh: Math.tanh, sigmoid: (x) => 1 / (1 + Math.exp(-x))
};

function ieeeInfinity(spec: OracleSpec, negative: boolean): bigint {
    if (spec.kind !== 'ieee') throw new Error('not IEEE');
    const infinity = ((1n << BigInt(spec.bits - spec.precision)) - 1n) << BigInt(spec.precision - 1);
    return negative ? infinity | (1n << BigInt(spec.bits - 1)) : infinity;
}

const LIMIT = rational(800n);

/** fn(pattern) per the oracle, including the special values the engine documents. */
function oracleElementary(spec: OracleSpec, fn: ElementaryFunction, pattern: bigint): bigint {
    const decoded = oracleDecode(spec, pattern);
    const ieee = spec.kind === 'ieee';
    const round = (r: Rational): bigint => oracleRound(spec, rationalTarget(r));
    if (decoded.kind === 'nar') return oracleNaR(spec);
    if (decoded.kind === 'infinity') {
        const negative = decoded.negative;
        switch (fn) {
            case 'exp': return negative ? 0n : ieeeInfinity(spec, false);
            case 'log': return negative ? oracleNaR(spec) : ieeeInfinity(spec, false);
            case 'tanh': return round(rational(negative ? -1n : 1n));
            case 'sigmoid': return negative ? 0n : round(ONE);
        }
    }
    const x = decoded.value;
    const s = sign(x);
    if (fn === 'log') {
        if (s < 0) return oracleNaR(spec);
        if (s === 0) return ieee ? ieeeInfinity(spec, true) : oracleNaR(spec);
        if (compare(x, ONE) === 0) return 0n;
    }
    if (s === 0) {
        // exp 0 = 1, tanh ±0 = ±0, sigmoid 0 = 1/2.
        if (fn === 'tanh') return pattern;
        return round(fn === 'exp' ? ONE : { num: 1n, den: 2n });
    }
    const magnitude = s < 0 ? { num: -x.num, den: x.den } : x;
    if (fn !== 'log' && compare(magnitude, LIMIT) > 0) {
        // Far outside every format: e^x saturates (posits) or overflows/flushes (IEEE); σ and tanh are ±1 or tiny.
        const huge = dyadic(1n, 2000);
        const tiny = dyadic(1n, -2000);
        if (fn === 'exp') return round(s > 0 ? huge : tiny);
        if (fn === 'tanh') return round(rational(BigInt(s)));
        return round(s > 0 ? ONE : tiny);
    }
    const approx = math[fn](Number(x.num) / Number(x.den));
    const negative = fn === 'tanh' ? s < 0 : fn === 'log' ? compare(x, ONE) < 0 : false;
    const hint = Number.isFinite(approx) && approx !== 0 ? approx : (negative ? -1 : 1) * (approx === 0 ? 2 ** -1000 : 2 ** 1000);
    return oracleRound(spec, elementaryTarget(fn, x, hint, negative));
}

function mismatches(shortName: string, patterns: Iterable<bigint>): string[] {
    const { format, spec } = underTest(shortName);
    const wrong: string[] = [];
    for (const bits of patterns) {
        for (const fn of functions) {
            const expected = oracleElementary(spec, fn, bits);
            const actual = bitsOf(format, format.apply(fn, patternOf(format, bits)));
            if (!sameResult(format, actual, expected) && wrong.push(`${fn}(${hex(format, bits)}) = ${hex(format, actual)}, oracle ${hex(format, expected)}`) >= 10) return wrong;
        }
    }
    return wrong;
}

function* every(bits: number, step = 1): Iterable<bigint> {
    for (let p = 0n; p < 1n << BigInt(bits); p += BigInt(step)) yield p;
}

function sample(shortName: string, count: number, seed: number): bigint[] {
    const { format, spec } = underTest(shortName);
    const random = new SeededRandom(seed);
    const edges = edgePatterns(spec);
    // Half of them near 1 in magnitude, where activations and losses live.
    return Array.from({ length: count }, (_, i) => (i % 4 === 0 ? random.pick(edges) : i % 2 ? random.bits(format.bits) : bitsOf(format, format.encode((random.next() - 0.5) * 2 ** (random.below(12) - 4)))));
}

describe('oracle self-check', () => {
    it('encloses e and ln 2 correctly (digits from the literature)', () => {
        const e = expInterval(ONE, 128);
        const ln2 = logInterval(rational(2n), 128);
        // e = 2.71828182845904523536…, ln 2 = 0.69314718055994530941…
        // Tight and true: 20-digit truncations below the lower ends, the next 20-digit values above the upper ends.
        expect(compare(e.lower, { num: 271828182845904523536n, den: 10n ** 20n })).toBe(1);
        expect(compare(e.upper, { num: 271828182845904523537n, den: 10n ** 20n })).toBe(-1);
        expect(compare(ln2.lower, { num: 69314718055994530941n, den: 10n ** 20n })).toBe(1);
        expect(compare(ln2.upper, { num: 69314718055994530942n, den: 10n ** 20n })).toBe(-1);
        expect(compare(e.lower, e.upper)).toBe(-1);
    });
});

describe('elementary functions are correctly rounded', () => {
    it('posit8: every pattern', () => expect(mismatches('posit8', every(8))).toEqual([]));
    it('posit16: every 3rd pattern', () => expect(mismatches('posit16', every(16, 3))).toEqual([]));
    it('bposit16: every 11th pattern', () => expect(mismatches('bposit16', every(16, 11))).toEqual([]));
    it('float16: every 11th pattern', () => expect(mismatches('float16', every(16, 11))).toEqual([]));
    it('bfloat16: every 11th pattern', () => expect(mismatches('bfloat16', every(16, 11))).toEqual([]));
    it('posit32: 3000 patterns', () => expect(mismatches('posit32', sample('posit32', 3000, 32))).toEqual([]));
    it('bposit32: 3000 patterns', () => expect(mismatches('bposit32', sample('bposit32', 3000, 33))).toEqual([]));
    it('float32: 3000 patterns', () => expect(mismatches('float32', sample('float32', 3000, 34))).toEqual([]));
    it('posit64: 150 patterns (bigint enclosures only)', () => expect(mismatches('posit64', sample('posit64', 150, 64))).toEqual([]));
    it('bposit64: 150 patterns', () => expect(mismatches('bposit64', sample('bposit64', 150, 65))).toEqual([]));

    it('declares its accuracy: correctly rounded everywhere but float64 exp and log (faithful)', () => {
        for (const name of ['posit8', 'posit16', 'posit32', 'posit64', 'bposit32', 'float16', 'float32']) {
            for (const fn of functions) expect(parseFormat(name)?.elementaryAccuracy(fn)).toBe('correctly-rounded');
        }
        expect(functions.map((fn) => parseFormat('float64')?.elementaryAccuracy(fn))).toEqual(['faithful', 'faithful', 'correctly-rounded', 'correctly-rounded']);
    });

    it('applyValue is apply on values (the engine\'s activation loop)', () => {
        const format = parseFormat('posit16')!;
        for (const x of [-3.5, -0.25, 0.001, 1.5, 7]) {
            for (const fn of functions) expect(Object.is(format.applyValue(fn, format.roundValue(x)), format.decode(format.apply(fn, format.encode(x))))).toBe(true);
        }
    });
});

describe('float64 elementary functions', () => {
    it('2000 random arguments: exp and log are faithful (one of the two neighbours), tanh and sigmoid correctly rounded', () => {
        const format = parseFormat('float64')!;
        const random = new SeededRandom(0xf64);
        const wrong: string[] = [];
        for (let i = 0; i < 2000; i++) {
            const fn = functions[i % 4];
            const x = fn === 'log' ? random.next() * 2 ** (random.below(200) - 100) : (random.next() - 0.5) * 2 ** (random.below(14) - 6);
            const y = format.apply(fn, x) as number;
            const below = format.prior(y) as number;
            const above = format.next(y) as number;
            const target = elementaryTarget(fn, fromNumber(x), y, y < 0);
            // Faithful: the true value lies strictly between y's neighbours.
            if (!(target.compare(fromNumber(below)) > 0 && target.compare(fromNumber(above)) < 0)) wrong.push(`${fn}(${x}) = ${y}`);
            // Correctly rounded: and on y's side of both midpoints.
            if (fn === 'tanh' || fn === 'sigmoid') {
                const half = (z: number): Rational => ({ num: fromNumber(y).num * fromNumber(z).den + fromNumber(z).num * fromNumber(y).den, den: 2n * fromNumber(y).den * fromNumber(z).den });
                if (!(target.compare(half(below)) > 0 && target.compare(half(above)) < 0)) wrong.push(`${fn}(${x}) = ${y} not nearest`);
            }
        }
        expect(wrong.slice(0, 10)).toEqual([]);
    });
});
