// How an update's rows are cut: into micro-batches of at most `batch` rows (gradient accumulation),
// and each micro-batch into one contiguous slice per worker. With `accumulate quire` any cut gives
// the same weights; these functions only fix which rows run where and when (activations of one
// micro-batch slice are live at a time).
import type { ShardRows } from './shard-trainer.js';

/** Rows per update: `batch` rows per micro-batch, `accumulateSteps` micro-batches. */
export function updateRowsOf(batch: number, accumulateSteps: number): number {
    return batch * accumulateSteps;
}

/** The micro-batches of the update order[from … from + count): consecutive, `batch` rows each, the last one shorter. */
export function microBatches(from: number, count: number, batch: number): ShardRows[] {
    const result: ShardRows[] = [];
    for (let at = 0; at < count; at += batch) result.push({ from: from + at, count: Math.min(batch, count - at) });
    return result;
}

/** Worker w's slice of a micro-batch: contiguous, sizes differ by at most one row (possibly empty). */
export function workerSlice(microBatch: ShardRows, worker: number, workers: number): ShardRows {
    const start = Math.floor((worker * microBatch.count) / workers);
    const end = Math.floor(((worker + 1) * microBatch.count) / workers);
    return { from: microBatch.from + start, count: end - start };
}

/** The most rows any worker runs at once: its slice of a full micro-batch. */
export function largestSlice(batch: number, workers: number): number {
    return Math.ceil(batch / workers);
}
