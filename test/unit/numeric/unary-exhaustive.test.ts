// Every pattern of the 8- and 16-bit formats: exact decoding, encode(decode(p)) = p, negation,
// square root and conversion to every wider format, each against the oracle.
import { describe, expect, it, vi } from 'vitest';
import { convertPattern } from '../../../engine/numeric/index.js';
import { oracleDecode } from './oracle/oracle-formats.js';
import { oracleRound, rationalTarget } from './oracle/oracle-rounding.js';
import { compare, fromNumber, neg } from './oracle/rational.js';
import { sqrtMismatches } from './support/oracle-checks.js';
import { bitsOf, hex, patternOf, sameResult, underTest } from './support/formats-under-test.js';

// Exact-oracle checks are CPU-heavy; on a shared machine they may need more than the default minute.
vi.setConfig({ testTimeout: 300_000 });

const conversions: Record<string, readonly string[]> = {
    posit8: ['posit16', 'posit32', 'posit64', 'bposit16', 'float16', 'float32', 'float64'],
    posit16: ['posit32', 'posit64', 'bposit32', 'float32', 'float64'],
    bposit16: ['bposit32', 'bposit64', 'posit32', 'float32', 'float64'],
    float16: ['float32', 'float64', 'posit32', 'bposit32'],
    bfloat16: ['float32', 'float64', 'bposit32']
};

for (const [source, targets] of Object.entries(conversions)) {
    const { format, spec } = underTest(source);
    const all = Array.from({ length: 2 ** format.bits }, (_, p) => BigInt(p));

    describe(`${source}: every pattern`, () => {
        it('decodes to exactly the value the definition gives', () => {
            const wrong: string[] = [];
            for (const bits of all) {
                const expected = oracleDecode(spec, bits);
                const value = format.decode(patternOf(format, bits));
                const ok = expected.kind === 'real' ? Number.isFinite(value) && compare(fromNumber(value), expected.value) === 0 && (!expected.negativeZero || Object.is(value, -0))
                    : expected.kind === 'infinity' ? value === (expected.negative ? -Infinity : Infinity)
                    : Number.isNaN(value);
                if (!ok && wrong.push(`${hex(format, bits)} decodes to ${value}`) >= 10) break;
            }
            expect(wrong).toEqual([]);
        });

        it('encode(decode(p)) = p (NaN patterns: any NaN)', () => {
            const wrong = all.filter((bits) => {
                const back = bitsOf(format, format.encode(format.decode(patternOf(format, bits))));
                return !sameResult(format, back, bits);
            });
            expect(wrong.slice(0, 10).map((b) => hex(format, b))).toEqual([]);
        });

        it('neg is exact: −x for every real, NaR stays NaR', () => {
            const wrong: string[] = [];
            for (const bits of all) {
                const decoded = oracleDecode(spec, bits);
                const actual = bitsOf(format, format.neg(patternOf(format, bits)));
                const expected = decoded.kind === 'real' ? oracleRound(spec, rationalTarget(neg(decoded.value), !decoded.negativeZero && spec.kind === 'ieee')) : decoded.kind === 'infinity' ? bits ^ (1n << BigInt(format.bits - 1)) : actual;
                if (decoded.kind === 'nar' ? !format.isNaR(patternOf(format, actual)) : actual !== expected) wrong.push(`neg(${hex(format, bits)}) = ${hex(format, actual)}`);
            }
            expect(wrong.slice(0, 10)).toEqual([]);
        });

        it('sqrt matches the oracle', () => {
            expect(sqrtMismatches(format, spec, all)).toEqual([]);
        });

        for (const targetName of targets) {
            it(`converts to ${targetName} correctly rounded (exactly where the target is wider)`, () => {
                const target = underTest(targetName);
                const wrong: string[] = [];
                for (const bits of all) {
                    const decoded = oracleDecode(spec, bits);
                    const expected = decoded.kind === 'real' ? oracleRound(target.spec, rationalTarget(decoded.value, decoded.negativeZero))
                        : decoded.kind === 'infinity' && target.format.family === 'ieee' ? bitsOf(target.format, target.format.encode(decoded.negative ? -Infinity : Infinity))
                        : bitsOf(target.format, target.format.nar);
                    const actual = bitsOf(target.format, convertPattern(patternOf(format, bits), format, target.format));
                    if (!sameResult(target.format, actual, expected) && wrong.push(`${hex(format, bits)} → ${hex(target.format, actual)}, oracle ${hex(target.format, expected)}`) >= 10) break;
                }
                expect(wrong).toEqual([]);
            });
        }

        if (format.family !== 'ieee') {
            it('widening to a same-family format appends zero bits (Posit Standard: conversions to wider posits are exact)', () => {
                const wider = underTest(`${format.family}${format.bits * 2}`).format;
                const shift = BigInt(format.bits);
                const wrong = all.filter((bits) => bitsOf(wider, convertPattern(patternOf(format, bits), format, wider)) !== bits << shift);
                expect(wrong.slice(0, 10).map((b) => hex(format, b))).toEqual([]);
            });
        }
    });
}
