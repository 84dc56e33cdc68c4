// The student's objective L = CE(p, label) + α·T²·KL(q_t ‖ softmax(z/T)): its gradient through the
// whole network against central finite differences of an independent float64 evaluation, and the
// soft-label-free case against the engine's own backprop step, bit for bit.
import { describe, expect, it } from 'vitest';
import { TrackedAllocator } from '../../../engine/memory/allocator.js';
import { Executor } from '../../../engine/exec/executor.js';
import { gatherBatch } from '../../../engine/data/batches.js';
import { runBackpropStep } from '../../../engine/autodiff/backprop.js';
import { runDistillationStep } from '../../../engine/distill/distillation-step.js';
import { classifierHead } from '../../../engine/distill/classifier-head.js';
import { runDistillation } from '../../../engine/distill/distillation-trainer.js';
import { runTraining } from '../../../engine/train/trainer.js';
import type { TrainSettings } from '../../../engine/train/settings.js';
import { Xoshiro128 } from '../../../engine/random/xoshiro.js';
import type { Program } from '../../../engine/exec/program.js';
import { asPatterns, dataset, finiteDifferences, randomRows, randomWeights, referenceLogits, referenceLogSoftmax, tinyClassifier } from './support.js';

const widths = [3, 5, 4];
const alpha = 0.7;
const temperature = 2.5;

function softTargets(rows: number, classes: number, seed: number): Float64Array {
    const rng = new Xoshiro128(seed, 9);
    const out = new Float64Array(rows * classes);
    for (let r = 0; r < rows; r++) {
        let sum = 0;
        for (let j = 0; j < classes; j++) sum += out[r * classes + j] = rng.nextUniform() + 0.05;
        for (let j = 0; j < classes; j++) out[r * classes + j]! /= sum;
    }
    return out;
}

/** The objective in plain float64, as the docs write it. */
function referenceObjective(weights: Map<string, Float64Array>, rows: readonly (readonly number[])[], teacher: Float64Array): number {
    const classes = widths[widths.length - 1]!;
    let sum = 0;
    rows.forEach((row, r) => {
        const z = referenceLogits(weights, row.slice(0, widths[0]), widths);
        const logP = referenceLogSoftmax(z);
        const logQ = referenceLogSoftmax(z, temperature);
        let kl = 0;
        for (let j = 0; j < classes; j++) {
            const q = teacher[r * classes + j]!;
            kl += q * (Math.log(q) - logQ[j]!);
        }
        sum += -logP[row[widths[0]!]!]! + alpha * temperature * temperature * kl;
    });
    return sum / rows.length;
}

function stepGradients(program: Program, patterns: ReturnType<typeof asPatterns>, rows: number[][], teacher: Float64Array, soft: boolean): { gradients: Float64Array[]; loss: number; softLoss: number } {
    const allocator = new TrackedAllocator();
    const executor = new Executor(program, allocator, 'backprop', rows.length);
    executor.allocateParams().forEach((tensor, p) => tensor.data.set(patterns.get(program.params[p]!.name)! as never));
    const data = dataset(program, rows, allocator);
    const batch = gatherBatch(program, allocator, data, Uint32Array.from(rows.keys()), 0, rows.length, true);
    const gradients = program.params.map((node) => new Float64Array(node.shape.reduce((a, b) => a * b, 1)));
    const sink = (p: number, g: (i: number) => number): void => { for (let i = 0; i < gradients[p]!.length; i++) gradients[p]![i] = g(i); };
    const head = classifierHead(program.graph);
    if ('problem' in head) throw new Error(head.problem);
    const outcome = soft
        ? runDistillationStep(executor, batch, head, { teacher, alpha, temperature }, sink, () => {})
        : runBackpropStep(executor, batch, sink, () => {});
    executor.dispose();
    return { gradients, loss: outcome.loss, softLoss: 'softLoss' in outcome ? (outcome.softLoss as number) : NaN };
}

describe('distillation objective', () => {
    it('its gradient (labels + α·T²·KL at temperature T) matches finite differences of the float64 objective', () => {
        const program = tinyClassifier('float64', 3, [5], 4);
        const rows = randomRows(5, 3, 4, 11);
        const weights = randomWeights(program, 12);
        const teacher = softTargets(rows.length, 4, 13);
        const { gradients, loss } = stepGradients(program, asPatterns(program, weights), rows, teacher, true);
        expect(loss).toBeCloseTo(referenceObjective(weights, rows, teacher), 12);
        const expected = finiteDifferences(weights, () => referenceObjective(weights, rows, teacher));
        program.params.forEach((node, p) => {
            const want = expected.get(node.name)!;
            for (let i = 0; i < want.length; i++) expect(Math.abs(gradients[p]![i]! - want[i]!), `${node.name}[${i}]`).toBeLessThan(1e-7);
        });
        // The soft term is not negligible here: without it the gradient is visibly different.
        const hardOnly = stepGradients(program, asPatterns(program, weights), rows, teacher, false);
        expect(Math.max(...hardOnly.gradients[2]!.map((g, i) => Math.abs(g - gradients[2]![i]!)))).toBeGreaterThan(1e-2);
    });

    it('with α = 0 the step hands the optimizer exactly the backprop step’s gradients (posit16, quire)', () => {
        const program = tinyClassifier('posit16', 3, [5], 4);
        const rows = randomRows(7, 3, 4, 21);
        const patterns = asPatterns(program, randomWeights(program, 22));
        const teacher = softTargets(rows.length, 4, 23);
        const plain = stepGradients(program, patterns, rows, teacher, false);
        const allocator = new TrackedAllocator();
        const executor = new Executor(program, allocator, 'backprop', rows.length);
        executor.allocateParams().forEach((tensor, p) => tensor.data.set(patterns.get(program.params[p]!.name)! as never));
        const data = dataset(program, rows, allocator);
        const batch = gatherBatch(program, allocator, data, Uint32Array.from(rows.keys()), 0, rows.length, true);
        const gradients = program.params.map((node) => new Float64Array(node.shape.reduce((a, b) => a * b, 1)));
        const head = classifierHead(program.graph);
        if ('problem' in head) throw new Error(head.problem);
        runDistillationStep(executor, batch, head, { teacher, alpha: 0, temperature }, (p, g) => { for (let i = 0; i < gradients[p]!.length; i++) gradients[p]![i] = g(i); }, () => {});
        expect(gradients).toEqual(plain.gradients);
        executor.dispose();
    });

    it('a student without teacher or prior trains to exactly the weights `phg train` gives', async () => {
        const program = tinyClassifier('posit16', 3, [5], 4);
        const rows = randomRows(40, 3, 4, 31);
        const settings: TrainSettings = { gradient: { mode: 'backprop', tangents: 1 }, optimizer: { kind: 'sgd', lr: 0.1, momentum: 0.9, weightDecay: 0 }, batch: 8, epochs: 3, seed: 5 };
        const trained = await runTraining({ program, settings, train: dataset(program, rows, new TrackedAllocator()), allocator: new TrackedAllocator() });
        const distilled = await runDistillation({
            program, settings, train: dataset(program, rows, new TrackedAllocator()), allocator: new TrackedAllocator(), alpha: 0, priors: program.params.map(() => undefined),
            softTargets: { temperature: 1, classes: 4, rows: rows.length, values: new Float64Array(rows.length * 4) }
        });
        if (trained.kind !== 'done' || distilled.kind !== 'done') throw new Error('training failed');
        expect(distilled.executor.params.map((t) => [...t.data])).toEqual(trained.executor.params.map((t) => [...t.data]));
        expect(distilled.history[2]!.priorPenalty).toBe(0);
    });
});
