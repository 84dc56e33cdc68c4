// A student's predictive probabilities over a data set, as `phg distill` evaluates it and `phg run`
// reports it: through the linearised network under its Laplace posterior at scale τ, or — at
// τ = 0, or without a posterior — the softmax of its logits at the trained weights. Choosing τ
// (when the distill block does not fix it) is done on held-out rows by their negative
// log-likelihood, a proper scoring rule, never on the rows reported.
import type { LoadedDataset } from '../data/csv-dataset.js';
import { Program } from '../exec/program.js';
import type { TrackedAllocator } from '../memory/allocator.js';
import type { NumberPatternArray } from '../tensor/tensor.js';
import { engineErrorCodes, failure, success, type Result } from '../errors.js';
import { calibrationOf, type Calibration } from './calibration.js';
import { classifierHead, logitsGraph } from './classifier-head.js';
import { posteriorStandardDeviations, type LaplacePosterior } from './laplace-posterior.js';
import { scaledLinearizedPredictive } from './linearized-predictive.js';

/** The scales τ tried when a block leaves τ open. */
export const posteriorScaleCandidates: readonly number[] = [0, 0.003, 0.01, 0.03, 0.1, 0.3, 1];

/** How to predict: the posterior (undefined: softmax at the weights), τ values, samples, seed. */
export interface StudentPredictive {
    readonly posterior?: LaplacePosterior;
    readonly samples: number;
    readonly seed: number;
    readonly batch: number;
}

/** Probabilities (rows × classes) for each τ in `scales` (τ = 0: the softmax at the trained weights). */
export function studentProbabilities(program: Program, weights: ReadonlyMap<string, NumberPatternArray>, dataset: LoadedDataset, scales: readonly number[], predictive: StudentPredictive, allocator: TrackedAllocator): Result<Float64Array[]> {
    const head = classifierHead(program.graph);
    if ('problem' in head) return failure(engineErrorCodes.notExecutable, head.problem);
    const logits = Program.compile(logitsGraph(program.graph, head), program.accumulate);
    if (!(logits instanceof Program)) return failure(engineErrorCodes.notExecutable, logits.problems.map((p) => p.message).join('; '));
    const std = predictive.posterior !== undefined ? posteriorStandardDeviations(predictive.posterior, 1) : program.params.map((node) => new Float64Array(node.shape.reduce((a, b) => a * b, 1)));
    const sampled = predictive.posterior !== undefined && scales.some((scale) => scale > 0);
    return scaledLinearizedPredictive(logits, weights, std, dataset, allocator, { samples: sampled ? predictive.samples : 0, seed: predictive.seed, batch: predictive.batch, scales: sampled ? scales : scales.map(() => 0) });
}

/** Accuracy, ECE and NLL for each τ in `scales` against the data set's labels. */
export function studentCalibration(program: Program, weights: ReadonlyMap<string, NumberPatternArray>, dataset: LoadedDataset, scales: readonly number[], predictive: StudentPredictive, allocator: TrackedAllocator): Result<Calibration[]> {
    const head = classifierHead(program.graph);
    if ('problem' in head || head.label === undefined) return failure(engineErrorCodes.notExecutable, `model ${program.graph.model} has no class-label loss to score predictions against`);
    const column = dataset.columns.get(head.label);
    if (column?.kind !== 'class') return failure(engineErrorCodes.dataBinding, `data set '${dataset.name}' has no class column '${head.label}'`);
    const probabilities = studentProbabilities(program, weights, dataset, scales, predictive, allocator);
    if (!probabilities.ok) return probabilities;
    return success(probabilities.value.map((values) => calibrationOf(values, column.labels, head.classes)));
}

/** The τ among the candidates with the lowest NLL on `held` (ties: the smaller τ), with its calibration. */
export function choosePosteriorScale(program: Program, weights: ReadonlyMap<string, NumberPatternArray>, held: LoadedDataset, predictive: StudentPredictive, allocator: TrackedAllocator): Result<{ readonly scale: number; readonly calibration: Calibration }> {
    const scored = studentCalibration(program, weights, held, posteriorScaleCandidates, predictive, allocator);
    if (!scored.ok) return scored;
    let best = 0;
    scored.value.forEach((calibration, k) => { if (calibration.nll < scored.value[best]!.nll) best = k; });
    return success({ scale: posteriorScaleCandidates[best]!, calibration: scored.value[best]! });
}
