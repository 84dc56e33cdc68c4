// The random arithmetic specification shared by the per-format test files: for each basic
// operation, `pairs` operand pairs (half uniform, half edges and exact ties) against the oracle;
// √ over as many single operands; fma over a quarter as many triples whose addend often cancels.
import { describe, expect, it } from 'vitest';
import { oracleBinary } from '../oracle/oracle-ops.js';
import { binaryMismatches, fmaMismatches, sqrtMismatches } from './oracle-checks.js';
import { underTest } from './formats-under-test.js';
import { edgePatterns, operandPairs, operandSingles } from './operands.js';
import { SeededRandom } from './random.js';

/** Time allowed per test: the oracle is exact and slow, and the machine may be shared. */
const TIMEOUT = 300_000;

/** Declares the random arithmetic tests of one format. */
export function describeRandomArithmetic(shortName: string, pairs: number, seed: number): void {
    const { format, spec } = underTest(shortName);
    describe(`${shortName}: random operands against the oracle`, () => {
        for (const op of ['add', 'sub', 'mul', 'div'] as const) {
            it(`${op}: ${pairs} pairs (uniform, regime edges, minpos/maxpos, 0/NaR, exact ties)`, () => {
                const operands = operandPairs(spec, op, pairs, new SeededRandom(seed + op.length));
                expect(binaryMismatches(format, spec, op, operands)).toEqual([]);
            }, TIMEOUT);
        }
        it(`sqrt: ${pairs} operands`, () => {
            expect(sqrtMismatches(format, spec, operandSingles(spec, pairs, new SeededRandom(seed + 7)))).toEqual([]);
        }, TIMEOUT);
        it(`fma: ${Math.ceil(pairs / 4)} triples, many with a cancelling addend`, () => {
            const random = new SeededRandom(seed + 11);
            const edges = edgePatterns(spec);
            const triples: [bigint, bigint, bigint][] = [];
            for (const [a, b] of operandPairs(spec, 'mul', Math.ceil(pairs / 4), random)) {
                // A third of the addends are −round(a·b) ± a few ulps: the exact sum then cancels deeply.
                const choice = random.below(3);
                const product = oracleBinary(spec, 'mul', a, b);
                const c = choice === 0 ? random.bits(spec.bits) : choice === 1 ? random.pick(edges) : oracleBinary(spec, 'sub', 0n, (product + BigInt(random.below(5)) - 2n) & ((1n << BigInt(spec.bits)) - 1n));
                triples.push([a, b, c]);
            }
            expect(fmaMismatches(format, spec, triples)).toEqual([]);
        }, TIMEOUT);
    });
}
