// Metrics read from a step's outputs: whether accuracy is defined, and the correct predictions of a
// batch (used by the trainer, the shard trainer of workers and `phg run`).
import type { Batch } from '../exec/executor.js';
import type { Program } from '../exec/program.js';
import type { Tensor } from '../tensor/tensor.js';
import { countCorrect } from '../kernels/loss.js';

/** Whether the model is a classifier (a `class(N)` target), so accuracy is defined. */
export function hasClassLabels(program: Program): boolean {
    return program.graph.nodes.some((node) => node.role === 'target' && node.format.startsWith('class('));
}

/** Correct predictions of a batch: the first output's argmax against the first class target. */
export function batchCorrect(program: Program, outputs: ReadonlyMap<string, Tensor>, batch: Batch): number {
    const labels = [...batch.labels.values()][0];
    const output = outputs.get(program.graph.outputs[0]!);
    if (labels === undefined || output === undefined) return 0;
    return countCorrect(output, labels);
}
