// Runs shards of an update through backprop or forward-gradient steps into an UpdateAccumulator,
// without touching the parameters. The same code runs the micro-batches of gradient accumulation on
// the main thread and each data-parallel worker's slices (engine/parallel/train-worker.ts).
import type { Batch, Executor, NumericFault } from '../exec/executor.js';
import type { Tensor } from '../tensor/tensor.js';
import { runBackpropStep } from '../autodiff/backprop.js';
import { runForwardGradientStep } from '../autodiff/forward-gradient.js';
import type { DirectionSource } from '../autodiff/directions.js';
import { gatherBatch } from '../data/batches.js';
import type { LoadedDataset } from '../data/csv-dataset.js';
import type { UpdateAccumulator } from './update-accumulator.js';
import { batchCorrect } from './batch-metrics.js';

/** Rows order[from … from + count) of the epoch's shuffled order. */
export interface ShardRows {
    readonly from: number;
    readonly count: number;
}

/** What a set of shards reports back. */
export interface ShardOutcome {
    /** Σ over shards of the shard's mean loss × its rows. */
    readonly lossSum: number;
    readonly correct: number;
    readonly rows: number;
    readonly fault?: NumericFault;
}

/** Runs shards with one executor (its parameters are the update's) into one accumulator. */
export class ShardTrainer {
    constructor(readonly executor: Executor, readonly accumulator: UpdateAccumulator, private readonly directions: DirectionSource, private readonly dataset: LoadedDataset) {}

    /**
     * Clears the accumulator and runs `shards` (rows of `order`) as parts of an update of
     * `updateRows` rows at global step `step` (which keys the forward directions). With backprop,
     * `completed(p)` is told during the last shard as soon as parameter p's slot is final.
     */
    run(order: Uint32Array, shards: readonly ShardRows[], updateRows: number, step: number, completed?: (param: number) => void): ShardOutcome {
        const executor = this.executor;
        const program = executor.program;
        this.accumulator.clear();
        let lossSum = 0;
        let correct = 0;
        let rows = 0;
        const last = shards.reduce((at, rowsOf, i) => (rowsOf.count > 0 ? i : at), -1);
        for (const [i, rowsOf] of shards.entries()) {
            if (rowsOf.count === 0) continue;
            const batch = gatherBatch(program, executor.allocator, this.dataset, order, rowsOf.from, rowsOf.count, true);
            const read = (outputs: ReadonlyMap<string, Tensor>, b: Batch): void => { correct += batchCorrect(program, outputs, b); };
            let outcome;
            if (this.accumulator.gradient === 'backprop') {
                const { shard, sink } = this.accumulator.backpropShard(updateRows, i === last ? completed : undefined);
                outcome = runBackpropStep(executor, batch, sink, read, shard);
            } else {
                outcome = runForwardGradientStep(executor, batch, this.directions, step, () => undefined, read, this.accumulator.forwardShard(updateRows));
            }
            if (outcome.fault !== undefined) return { lossSum, correct, rows, fault: outcome.fault };
            lossSum += outcome.loss * rowsOf.count;
            rows += rowsOf.count;
        }
        return { lossSum, correct, rows };
    }
}
