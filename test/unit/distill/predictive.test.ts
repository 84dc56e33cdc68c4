// Predictive probabilities under a diagonal Gaussian posterior through the linearised network:
// exact for a model that is linear in its weights, first-order close to the perturbed network for
// small perturbations, and the plain softmax of the logits without samples.
import { describe, expect, it } from 'vitest';
import { TrackedAllocator } from '../../../engine/memory/allocator.js';
import { Program } from '../../../engine/exec/program.js';
import { classifierHead, logitsGraph } from '../../../engine/distill/classifier-head.js';
import { linearizedPredictive } from '../../../engine/distill/linearized-predictive.js';
import { Xoshiro128 } from '../../../engine/random/xoshiro.js';
import { asPatterns, dataset, randomRows, randomWeights, referenceLogits, referenceLogSoftmax, tinyClassifier } from './support.js';

function logitsProgram(program: Program): Program {
    const head = classifierHead(program.graph);
    if ('problem' in head) throw new Error(head.problem);
    const compiled = Program.compile(logitsGraph(program.graph, head), program.accumulate);
    if (!(compiled instanceof Program)) throw new Error('cannot compile');
    return compiled;
}

/** The weight samples the predictive draws (stream 4000 + s of the seed), as σ⊙ε. */
function samples(program: Program, std: readonly Float64Array[], count: number, seed: number): Map<string, Float64Array>[] {
    return Array.from({ length: count }, (_, s) => {
        const rng = new Xoshiro128(seed, 4000 + s);
        return new Map(program.params.map((node, p) => [node.name, std[p]!.map((sigma) => sigma * rng.nextNormal())]));
    });
}

describe('linearised Laplace predictive', () => {
    it('without samples it is softmax of the logits', () => {
        const program = tinyClassifier('float64', 3, [4], 3);
        const rows = randomRows(5, 3, 3, 51);
        const weights = randomWeights(program, 52);
        const std = program.params.map((node) => new Float64Array(node.shape.reduce((a, b) => a * b, 1)).fill(0.3));
        const result = linearizedPredictive(logitsProgram(program), asPatterns(program, weights), std, dataset(program, rows, new TrackedAllocator()), new TrackedAllocator(), { samples: 0, seed: 1, batch: 2 });
        if (!result.ok) throw new Error(result.error.message);
        rows.forEach((row, r) => {
            const expected = referenceLogSoftmax(referenceLogits(weights, row.slice(0, 3), [3, 4, 3])).map(Math.exp);
            expected.forEach((p, j) => expect(result.value[r * 3 + j]).toBeCloseTo(p, 12));
        });
    });

    it('is exact for a model linear in its weights: the mean over samples of softmax(x·(W + σε_W) + b + σε_b)', () => {
        const program = tinyClassifier('float64', 3, [], 4);
        const rows = randomRows(7, 3, 4, 61);
        const weights = randomWeights(program, 62);
        const std = program.params.map((node, p) => new Float64Array(node.shape.reduce((a, b) => a * b, 1)).fill(0.4 + 0.3 * p));
        const draws = samples(program, std, 6, 9);
        const result = linearizedPredictive(logitsProgram(program), asPatterns(program, weights), std, dataset(program, rows, new TrackedAllocator()), new TrackedAllocator(), { samples: 6, seed: 9, batch: 3 });
        if (!result.ok) throw new Error(result.error.message);
        rows.forEach((row, r) => {
            const expected = [0, 0, 0, 0];
            for (const draw of draws) {
                const perturbed = new Map(program.params.map((node) => [node.name, weights.get(node.name)!.map((w, i) => w + draw.get(node.name)![i]!)]));
                referenceLogSoftmax(referenceLogits(perturbed, row.slice(0, 3), [3, 4])).forEach((logP, j) => { expected[j]! += Math.exp(logP) / draws.length; });
            }
            expected.forEach((p, j) => expect(result.value[r * 4 + j], `row ${r} class ${j}`).toBeCloseTo(p, 12));
        });
    });

    it('through a ReLU layer it is the first-order expansion: within O(σ²) of the perturbed network', () => {
        const program = tinyClassifier('float64', 3, [5], 3);
        const rows = randomRows(6, 3, 3, 71);
        const weights = randomWeights(program, 72);
        for (const sigma of [1e-3, 1e-4]) {
            const std = program.params.map((node) => new Float64Array(node.shape.reduce((a, b) => a * b, 1)).fill(sigma));
            const [draw] = samples(program, std, 1, 3);
            const result = linearizedPredictive(logitsProgram(program), asPatterns(program, weights), std, dataset(program, rows, new TrackedAllocator()), new TrackedAllocator(), { samples: 1, seed: 3, batch: 6 });
            if (!result.ok) throw new Error(result.error.message);
            const perturbed = new Map(program.params.map((node) => [node.name, weights.get(node.name)!.map((w, i) => w + draw!.get(node.name)![i]!)]));
            let worst = 0;
            let moved = 0;
            rows.forEach((row, r) => {
                const exact = referenceLogSoftmax(referenceLogits(perturbed, row.slice(0, 3), [3, 5, 3])).map(Math.exp);
                const centre = referenceLogSoftmax(referenceLogits(weights, row.slice(0, 3), [3, 5, 3])).map(Math.exp);
                exact.forEach((p, j) => {
                    worst = Math.max(worst, Math.abs(result.value[r * 3 + j]! - p));
                    moved = Math.max(moved, Math.abs(centre[j]! - p));
                });
            });
            expect(moved).toBeGreaterThan(10 * sigma * 0.01);
            expect(worst).toBeLessThan(50 * sigma * sigma);
        }
    });
});
