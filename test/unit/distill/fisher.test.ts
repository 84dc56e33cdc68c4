// The diagonal Fisher information the teacher's prior is built from, against an explicit
// computation: F̄ᵢ = (1/n) Σₙ Σ_c p_c (∂ log p_c / ∂wᵢ)², with each derivative taken by central
// finite differences of an independent float64 forward pass.
import { describe, expect, it } from 'vitest';
import { TrackedAllocator } from '../../../engine/memory/allocator.js';
import { diagonalFisher } from '../../../engine/distill/fisher.js';
import { laplacePosterior } from '../../../engine/distill/laplace-posterior.js';
import { laplacePrior, matchTeacherParams } from '../../../engine/distill/gaussian-prior.js';
import { asPatterns, asValues, dataset, finiteDifferences, randomRows, randomWeights, referenceLogits, referenceLogSoftmax, tinyClassifier } from './support.js';

const widths = [3, 4, 3];

function explicitFisher(weights: Map<string, Float64Array>, rows: readonly (readonly number[])[]): Map<string, Float64Array> {
    const total = new Map([...weights].map(([name, values]) => [name, new Float64Array(values.length)]));
    for (const row of rows) {
        const x = row.slice(0, widths[0]);
        const p = referenceLogSoftmax(referenceLogits(weights, x, widths)).map(Math.exp);
        for (let c = 0; c < widths[2]!; c++) {
            const derivative = finiteDifferences(weights, () => referenceLogSoftmax(referenceLogits(weights, x, widths))[c]!);
            for (const [name, d] of derivative) {
                const sum = total.get(name)!;
                for (let i = 0; i < d.length; i++) sum[i] = sum[i]! + p[c]! * d[i]! * d[i]! / rows.length;
            }
        }
    }
    return total;
}

describe('diagonal Fisher information', () => {
    it('equals the explicit sum over rows and classes of p_c (∂ log p_c/∂w)² in float64', () => {
        const program = tinyClassifier('float64', 3, [4], 3);
        const rows = randomRows(6, 3, 3, 1);
        const weights = randomWeights(program, 2);
        const fisher = diagonalFisher(program, asPatterns(program, weights), dataset(program, rows, new TrackedAllocator()), new TrackedAllocator(), { minProbability: 0 });
        expect(fisher.ok).toBe(true);
        if (!fisher.ok) return;
        const expected = explicitFisher(weights, rows);
        expect(fisher.value.samples).toBe(6);
        expect(fisher.value.dataRows).toBe(6);
        program.params.forEach((node, p) => {
            const want = expected.get(node.name)!;
            const got = fisher.value.values[p]!;
            const scale = Math.max(...want);
            for (let i = 0; i < want.length; i++) expect(Math.abs(got[i]! - want[i]!), `${node.name}[${i}]`).toBeLessThan(1e-7 * scale + 1e-12);
        });
        // Dead hidden units make rows of W1 zero; the check above would pass on all-zero output only if every value were zero.
        expect(Math.max(...fisher.value.values.map((v) => Math.max(...v)))).toBeGreaterThan(1e-3);
    });

    it('in posit16 it is the same quantity at the rounded weights, within the format’s gradient rounding', () => {
        const program = tinyClassifier('posit16', 3, [4], 3);
        const rows = randomRows(6, 3, 3, 3);
        const patterns = asPatterns(program, randomWeights(program, 4));
        const fisher = diagonalFisher(program, patterns, dataset(program, rows, new TrackedAllocator()), new TrackedAllocator(), { minProbability: 0 });
        if (!fisher.ok) throw new Error(fisher.error.message);
        const expected = explicitFisher(asValues(program, patterns), rows.map((row) => row.map((v, i) => (i < 3 ? program.formatOf(program.nodes.get('x')!)!.roundValue(v) : v))));
        program.params.forEach((node, p) => {
            const want = expected.get(node.name)!;
            const scale = Math.max(...want);
            for (let i = 0; i < want.length; i++) expect(Math.abs(fisher.value.values[p]![i]! - want[i]!), `${node.name}[${i}]`).toBeLessThan(2e-3 * scale);
        });
    });

    it('uses `sample` rows drawn by the seed, and scales to the whole data set in the prior', () => {
        const program = tinyClassifier('float64', 3, [4], 3);
        const rows = randomRows(20, 3, 3, 5);
        const patterns = asPatterns(program, randomWeights(program, 6));
        const data = dataset(program, rows, new TrackedAllocator());
        const a = diagonalFisher(program, patterns, data, new TrackedAllocator(), { sample: 5, seed: 1, minProbability: 0 });
        const b = diagonalFisher(program, patterns, data, new TrackedAllocator(), { sample: 5, seed: 1, minProbability: 0 });
        const all = diagonalFisher(program, patterns, data, new TrackedAllocator(), { minProbability: 0 });
        if (!a.ok || !b.ok || !all.ok) throw new Error('fisher failed');
        expect(a.value.samples).toBe(5);
        expect(a.value.dataRows).toBe(20);
        expect(a.value.values).toEqual(b.value.values);
        expect(a.value.values).not.toEqual(all.value.values);
        // σᵢ² = scale²/(N_t F̄ᵢ + λ): precision = (20·F̄ + 0.5)/2².
        const matches = matchTeacherParams(program.params, program.params);
        const teacherValues = program.params.map((node) => asValues(program, patterns).get(node.name)!);
        const prior = laplacePrior(matches, teacherValues, all.value, { scale: 2, damping: 0.5 });
        expect(prior[0]!.precision[3]).toBeCloseTo((20 * all.value.values[0]![3]! + 0.5) / 4, 12);
        expect(prior[0]!.mean).toEqual(teacherValues[0]);
        // The student's posterior adds its own data's Fisher to the prior's precision.
        const posterior = laplacePosterior(all.value, 20, [prior[0], undefined, prior[2], undefined], 0.25);
        expect(posterior.precision[0]![3]).toBeCloseTo(20 * all.value.values[0]![3]! + prior[0]!.precision[3]!, 12);
        expect(posterior.precision[1]![0]).toBeCloseTo(20 * all.value.values[1]![0]! + 0.25, 12);
    });
});
