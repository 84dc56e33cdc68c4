// The diagonal Fisher information of a classifier at its weights w over a data sample:
//   F̄ᵢ = (1/n) Σₙ Σ_c p(c | xₙ, w) · (∂ log p(c | xₙ, w) / ∂wᵢ)²
// — the "true" Fisher: the expectation over the model's own predictive distribution, computed
// exactly over the classes (no sampled labels, so it is deterministic), not the empirical Fisher
// of the observed labels. Each term is one batch-of-one backprop step of the engine (in the
// model's format, with its accumulation mode) whose label is set to c: the step's gradient is
// −∂ log p(c)/∂w. Classes the model gives less than `minProbability` are skipped: their terms
// weigh less than that.
import type { Program } from '../exec/program.js';
import { Executor } from '../exec/executor.js';
import { runBackpropStep } from '../autodiff/backprop.js';
import { gatherBatch } from '../data/batches.js';
import type { LoadedDataset } from '../data/csv-dataset.js';
import type { TrackedAllocator } from '../memory/allocator.js';
import type { NumberPatternArray } from '../tensor/tensor.js';
import { Xoshiro128 } from '../random/xoshiro.js';
import { engineErrorCodes, failure, success, type Result } from '../errors.js';
import { classifierHead } from './classifier-head.js';

/** A diagonal Fisher information, one array per parameter of the model (graph order). */
export interface FisherDiagonal {
    readonly names: readonly string[];
    /** Mean over the sample of the per-example Fisher. */
    readonly values: readonly Float64Array[];
    /** Rows averaged. */
    readonly samples: number;
    /** Rows of the data set the sample was drawn from (N_t: the Fisher of the whole data is N_t · F̄). */
    readonly dataRows: number;
}

/** Which rows, and how exactly. */
export interface FisherOptions {
    /** Use this many rows, drawn by a seeded shuffle (default: every row). */
    readonly sample?: number;
    readonly seed?: number;
    /** Skip classes the model gives less probability than this (default 1e-6; 0: every class). */
    readonly minProbability?: number;
}

/** Stream of the seed reserved for the Fisher sample. */
const sampleStream = 3000;

/** The diagonal Fisher of `program` (lowered with `cross_entropy(output, label)`) at `weights` over `dataset`. */
export function diagonalFisher(program: Program, weights: ReadonlyMap<string, NumberPatternArray>, dataset: LoadedDataset, allocator: TrackedAllocator, options: FisherOptions = {}): Result<FisherDiagonal> {
    const head = classifierHead(program.graph);
    if ('problem' in head) return failure(engineErrorCodes.notExecutable, head.problem);
    if (head.label === undefined) return failure(engineErrorCodes.notExecutable, `model ${program.graph.model} has no cross_entropy loss over its output ${head.output}`);
    const label = head.label;
    const executor = new Executor(program, allocator, 'backprop', 1);
    try {
        const params = executor.allocateParams();
        for (let p = 0; p < params.length; p++) {
            const saved = weights.get(program.params[p]!.name);
            if (saved === undefined || saved.length !== params[p]!.size) return failure(engineErrorCodes.noVersion, `the weights have no parameter ${program.params[p]!.name} of ${params[p]!.size} values`);
            params[p]!.data.set(saved as never);
        }
        const order = Uint32Array.from({ length: dataset.rows }, (_, i) => i);
        const count = Math.min(dataset.rows, options.sample ?? dataset.rows);
        if (count < dataset.rows) new Xoshiro128(options.seed ?? 0, sampleStream).shuffle(order);
        const minProbability = options.minProbability ?? 1e-6;
        const sums = params.map((tensor) => new Float64Array(tensor.size));
        const probabilities = new Float64Array(head.classes);
        for (let n = 0; n < count; n++) {
            for (let c = 0; c < head.classes; c++) {
                if (c > 0 && probabilities[c]! < minProbability) continue;
                const batch = gatherBatch(program, allocator, dataset, order, n, 1, false);
                const labels = allocator.int32(1, 'activation', `${label} (Fisher class)`);
                labels[0] = c;
                batch.labels.set(label, labels);
                let weight = 0;
                const outcome = runBackpropStep(executor, batch, (p, gradient) => {
                    const sum = sums[p]!;
                    for (let i = 0; i < sum.length; i++) {
                        const g = gradient(i);
                        sum[i] = sum[i]! + weight * g * g;
                    }
                }, (outputs) => {
                    const output = outputs.get(head.output)!;
                    if (c === 0) output.format.decodeArray(output.data, probabilities, head.classes);
                    weight = probabilities[c]!;
                });
                if (outcome.fault !== undefined) return failure(engineErrorCodes.numericFault, `${outcome.fault.message} while computing the Fisher information (row ${order[n]! + 1})`, { node: outcome.fault.node });
            }
        }
        for (const sum of sums) for (let i = 0; i < sum.length; i++) sum[i] = sum[i]! / count;
        return success({ names: program.params.map((node) => node.name), values: sums, samples: count, dataRows: dataset.rows });
    } finally {
        executor.dispose();
    }
}
