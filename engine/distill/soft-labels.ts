// Soft labels (Hinton, Vinyals & Dean 2015): a classifier's probabilities at temperature T,
// softmax(z / T), which spread the teacher's belief over the classes it finds similar. The teacher
// is fixed during distillation, so its soft labels are computed once per data row, from its logits
// in its own format, and kept as float64 beside the data set.
import type { Program } from '../exec/program.js';
import type { LoadedDataset } from '../data/csv-dataset.js';
import type { TrackedAllocator } from '../memory/allocator.js';
import { runInference, type InferenceWeights } from '../train/run-inference.js';
import { success, type Result } from '../errors.js';

/** out[outAt + j] = softmax(z / T)_j over `classes` values of z from `at` (float64, max-shifted). */
export function temperedSoftmax(z: ArrayLike<number>, at: number, classes: number, temperature: number, out: Float64Array, outAt: number): void {
    let max = -Infinity;
    for (let j = 0; j < classes; j++) max = Math.max(max, z[at + j]! / temperature);
    let sum = 0;
    for (let j = 0; j < classes; j++) {
        const e = Math.exp(z[at + j]! / temperature - max);
        out[outAt + j] = e;
        sum += e;
    }
    for (let j = 0; j < classes; j++) out[outAt + j] = out[outAt + j]! / sum;
}

/** KL(q ‖ p) = Σ q log(q / p) of one row (0·log 0 = 0). */
export function klDivergence(q: ArrayLike<number>, qAt: number, p: ArrayLike<number>, pAt: number, classes: number): number {
    let sum = 0;
    for (let j = 0; j < classes; j++) {
        const qj = q[qAt + j]!;
        if (qj > 0) sum += qj * (Math.log(qj) - Math.log(p[pAt + j]!));
    }
    return sum;
}

/** The soft labels of every row of a data set: rows × classes, row after row. */
export interface SoftTargets {
    readonly temperature: number;
    readonly classes: number;
    readonly rows: number;
    readonly values: Float64Array;
    /** The teacher's accuracy on the rows (its argmax against their labels), when they have labels. */
    readonly teacherAccuracy?: number;
}

/**
 * Runs the teacher (`logitsProgram`: a graph whose only output is its logits) over `dataset` and
 * returns softmax(logits / T) per row. `labels`, when given, scores the teacher's own predictions.
 */
export function teacherSoftTargets(logitsProgram: Program, weights: InferenceWeights, dataset: LoadedDataset, temperature: number, batch: number, allocator: TrackedAllocator, labels?: Int32Array): Result<SoftTargets> {
    const inference = runInference(logitsProgram, dataset, batch, weights, allocator, true);
    if (!inference.ok) return inference;
    const logits = inference.value.outputs!;
    const classes = logits.length / dataset.rows;
    const values = new Float64Array(logits.length);
    let correct = 0;
    for (let r = 0; r < dataset.rows; r++) {
        temperedSoftmax(logits, r * classes, classes, temperature, values, r * classes);
        if (labels !== undefined && argmax(logits, r * classes, classes) === labels[r]) correct++;
    }
    return success({ temperature, classes, rows: dataset.rows, values, ...(labels !== undefined ? { teacherAccuracy: correct / dataset.rows } : {}) });
}

/** Index of the largest of `classes` values from `at` (ties: the first). */
export function argmax(values: ArrayLike<number>, at: number, classes: number): number {
    let best = 0;
    for (let j = 1; j < classes; j++) if (values[at + j]! > values[at + best]!) best = j;
    return best;
}
