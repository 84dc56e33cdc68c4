// Inference over a whole data set at a batch size: what `phg run` does, and the measurement the
// training/inference memory ratio divides by. The allocator given here sees the parameters, the
// scratch arena, the quires and each batch's activations — nothing training adds.
import type { TrackedAllocator } from '../memory/allocator.js';
import type { NumberPatternArray } from '../tensor/tensor.js';
import { Executor } from '../exec/executor.js';
import { runInferenceStep } from '../exec/inference.js';
import type { Program } from '../exec/program.js';
import { gatherBatch, hasTargets } from '../data/batches.js';
import type { LoadedDataset } from '../data/csv-dataset.js';
import { engineErrorCodes, failure, success, type Result } from '../errors.js';
import { initializeParams } from './init.js';
import { memoryReport, type MemoryReport } from './memory-report.js';
import { batchCorrect, hasClassLabels } from './trainer.js';

/** Where the parameters come from: saved patterns by name, or a fresh initialisation. */
export type InferenceWeights = { readonly kind: 'patterns'; readonly byName: ReadonlyMap<string, NumberPatternArray> } | { readonly kind: 'init'; readonly seed: number };

/** What an inference run measured. */
export interface InferenceResult {
    /** Fraction of correct predictions for a classifier whose data has labels; undefined otherwise. */
    readonly accuracy: number | undefined;
    readonly samples: number;
    readonly ms: number;
    readonly memory: MemoryReport;
    /** Decoded first output, row after row (only when `keepOutputs`). */
    readonly outputs?: Float64Array;
}

/** Runs the model over every row of `dataset` in batches of `batch`. */
export function runInference(program: Program, dataset: LoadedDataset, batch: number, weights: InferenceWeights, allocator: TrackedAllocator, keepOutputs = false): Result<InferenceResult> {
    const executor = new Executor(program, allocator, 'inference', batch);
    try {
        const params = executor.allocateParams();
        if (weights.kind === 'init') {
            initializeParams(program.params, params, weights.seed);
        } else {
            for (let i = 0; i < params.length; i++) {
                const node = program.params[i]!;
                const saved = weights.byName.get(node.name);
                if (saved === undefined || saved.length !== params[i]!.size || saved.constructor !== params[i]!.data.constructor) {
                    return failure(engineErrorCodes.noVersion, `the saved weights have no ${node.format} parameter ${node.name} of ${params[i]!.size} values`);
                }
                params[i]!.data.set(saved as never);
            }
        }
        const labelled = hasTargets(program, dataset);
        const classifier = labelled && hasClassLabels(program);
        const order = Uint32Array.from({ length: dataset.rows }, (_, i) => i);
        const outputName = program.graph.outputs[0]!;
        const outputWidth = program.nodes.get(outputName)!.shape.reduce((a, b) => a * b, 1);
        const outputs = keepOutputs ? new Float64Array(dataset.rows * outputWidth) : undefined;
        let correct = 0;
        const started = performance.now();
        for (let from = 0; from < dataset.rows; from += batch) {
            const count = Math.min(batch, dataset.rows - from);
            const data = gatherBatch(program, allocator, dataset, order, from, count, labelled);
            const outcome = runInferenceStep(executor, data, (values, b) => {
                if (labelled) correct += batchCorrect(program, values, b);
                const output = values.get(outputName)!;
                if (outputs !== undefined) output.format.decodeArray(output.data, outputs.subarray(from * outputWidth, (from + count) * outputWidth), output.size);
            });
            if (outcome.fault !== undefined) return failure(engineErrorCodes.numericFault, `${outcome.fault.message} in rows ${from + 1}–${from + count}`, { node: outcome.fault.node });
        }
        const ms = performance.now() - started;
        return success({ accuracy: classifier ? correct / dataset.rows : undefined, samples: dataset.rows, ms, memory: memoryReport(allocator), ...(outputs !== undefined ? { outputs } : {}) });
    } finally {
        executor.dispose();
    }
}
