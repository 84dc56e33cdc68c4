// The headline memory property, measured (not asserted from a formula): forward-gradient training
// with K = 1 and momentum SGD peaks at no more than twice what inference of the same model at the
// same batch size peaks at, whatever the depth; backprop's ratio grows with depth (its tape).
import { describe, expect, it } from 'vitest';
import { parseFormat } from '../../../../engine/numeric/index.js';
import { buildMlpGraph } from '../../../../engine/ir/mlp.js';
import { TrackedAllocator } from '../../../../engine/memory/allocator.js';
import { runInference } from '../../../../engine/train/run-inference.js';
import { runTraining } from '../../../../engine/train/trainer.js';
import { compile } from '../support/harness.js';
import { loadDigits } from '../support/digits.js';

async function measuredPeaks(depth: number): Promise<{ inference: number; forward: number; backprop: number }> {
    const format = parseFormat('posit16')!;
    const program = compile(buildMlpGraph({ inputs: 64, hidden: new Array<number>(depth).fill(32), classes: 10, format, inputScale: 1 / 16 }), 'quire');
    const inferenceAllocator = new TrackedAllocator();
    const inference = runInference(program, loadDigits(program, inferenceAllocator, 'test-100'), 32, { kind: 'init', seed: 1 }, inferenceAllocator);
    if (!inference.ok) throw new Error(inference.error.message);
    const train = async (mode: 'forward' | 'backprop'): Promise<number> => {
        const allocator = new TrackedAllocator();
        const outcome = await runTraining({
            program, allocator, train: loadDigits(program, allocator, 'train-300'),
            settings: { gradient: { mode, tangents: 1 }, optimizer: { kind: 'sgd', lr: 1e-4, momentum: 0.9, weightDecay: 0 }, batch: 32, epochs: 1, seed: 3 }
        });
        if (outcome.kind !== 'done') throw new Error(outcome.kind === 'failed' ? outcome.error.message : 'interrupted');
        outcome.executor.dispose();
        return outcome.memory.peak;
    };
    return { inference: inference.value.memory.peak, forward: await train('forward'), backprop: await train('backprop') };
}

describe('training peak / inference peak (posit16, batch 32, MLP 64-32×depth-10)', () => {
    const measured = new Map<number, { inference: number; forward: number; backprop: number }>();
    for (const depth of [2, 8, 32]) {
        it(`forward(K=1) + momentum stays within 2.0× inference at depth ${depth}`, async () => {
            const peaks = await measuredPeaks(depth);
            measured.set(depth, peaks);
            expect(peaks.forward / peaks.inference).toBeLessThanOrEqual(2.0);
            expect(peaks.forward).toBeGreaterThan(peaks.inference);
        });
    }

    it("backprop's ratio grows with depth and exceeds forward mode's", async () => {
        const ratios: number[] = [];
        for (const depth of [2, 8, 32]) {
            const peaks = measured.get(depth) ?? await measuredPeaks(depth);
            expect(peaks.backprop).toBeGreaterThan(peaks.forward);
            ratios.push(peaks.backprop / peaks.inference);
        }
        expect(ratios[1]!).toBeGreaterThan(ratios[0]!);
        expect(ratios[2]!).toBeGreaterThan(ratios[1]!);
        expect(ratios[2]!).toBeGreaterThan(2.0);
    });
});
