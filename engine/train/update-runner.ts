// How the trainer runs one optimizer update over rows of the epoch's order. Three ways, one result
// with `accumulate quire`:
// - one batch on the calling thread (accumulate_steps 1, workers 1): the step hands each rounded
//   gradient straight to the optimizer, as it always did;
// - micro-batches on the calling thread (accumulate_steps N): shards into an UpdateAccumulator, then
//   one update;
// - slices on worker threads (workers W, engine/parallel/worker-pool-runner.ts).
import type { Executor, NumericFault } from '../exec/executor.js';
import type { EngineError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import type { Batch } from '../exec/executor.js';
import { runBackpropStep } from '../autodiff/backprop.js';
import { runForwardGradientStep } from '../autodiff/forward-gradient.js';
import type { DirectionSource } from '../autodiff/directions.js';
import { gatherBatch } from '../data/batches.js';
import type { LoadedDataset } from '../data/csv-dataset.js';
import type { Optimizer } from '../optim/optimizer.js';
import type { MemoryReport } from './memory-report.js';
import { batchCorrect } from './batch-metrics.js';
import { ShardTrainer } from './shard-trainer.js';
import type { UpdateAccumulator } from './update-accumulator.js';
import { microBatches } from './update-split.js';

/** What one update reports. */
export interface UpdateOutcome {
    /** Mean loss over the update's rows. */
    readonly loss: number;
    readonly correct: number;
    readonly fault?: NumericFault;
    /** A failure that is not the model's numbers (a worker thread stopped). */
    readonly error?: EngineError;
    /** CPU time of each worker thread for this update (workers only; undefined off Linux). */
    readonly workerCpuNs?: readonly number[];
    /**
     * Workers only: how long this update would take with an idle core per thread, from each
     * thread's measured CPU time per event (see engine/parallel/critical-path.ts).
     */
    readonly criticalPathNs?: number;
}

/** Runs updates for the trainer. */
export interface UpdateRunner {
    /** Runs the update over rows order[from … from + count) at global step `step` and applies it. */
    run(order: Uint32Array, from: number, count: number, step: number): Promise<UpdateOutcome>;
    /** Memory reports of other threads (workers), to add to the run's. */
    threadMemory(): readonly MemoryReport[];
    /** Releases what the runner holds (stops workers). */
    dispose(): Promise<void>;
}

/** One batch per update, gradients straight to the optimizer. */
export class BatchRunner implements UpdateRunner {
    constructor(private readonly executor: Executor, private readonly optimizer: Optimizer, private readonly directions: DirectionSource, private readonly dataset: LoadedDataset) {}

    /** Runs one step over the update's rows. */
    run(order: Uint32Array, from: number, count: number, step: number): Promise<UpdateOutcome> {
        const executor = this.executor;
        const program = executor.program;
        const batch = gatherBatch(program, executor.allocator, this.dataset, order, from, count, true);
        this.optimizer.beginStep();
        let correct = 0;
        const read = (outputs: ReadonlyMap<string, Tensor>, b: Batch): void => { correct = batchCorrect(program, outputs, b); };
        const sink = (p: number, gradient: (i: number) => number): void => this.optimizer.update(p, gradient);
        const outcome = executor.mode === 'backprop'
            ? runBackpropStep(executor, batch, sink, read)
            : runForwardGradientStep(executor, batch, this.directions, step, sink, read);
        return Promise.resolve({ loss: outcome.loss, correct, ...(outcome.fault !== undefined ? { fault: outcome.fault } : {}) });
    }

    /** No other threads. */
    threadMemory(): readonly MemoryReport[] {
        return [];
    }

    /** Nothing to release. */
    dispose(): Promise<void> {
        return Promise.resolve();
    }
}

/** N micro-batches per update on the calling thread, summed in an accumulator, then one update. */
export class MicroBatchRunner implements UpdateRunner {
    private readonly shards: ShardTrainer;

    constructor(private readonly executor: Executor, private readonly optimizer: Optimizer, private readonly directions: DirectionSource, dataset: LoadedDataset, private readonly accumulator: UpdateAccumulator, private readonly batch: number) {
        this.shards = new ShardTrainer(executor, accumulator, directions, dataset);
    }

    /** Runs the update's micro-batches, then applies their sum. */
    run(order: Uint32Array, from: number, count: number, step: number): Promise<UpdateOutcome> {
        const outcome = this.shards.run(order, microBatches(from, count, this.batch), count, step);
        if (outcome.fault !== undefined) return Promise.resolve({ loss: NaN, correct: outcome.correct, fault: outcome.fault });
        this.optimizer.beginStep();
        const fault = this.accumulator.apply(this.optimizer, this.executor, this.directions, step);
        return Promise.resolve({ loss: outcome.lossSum / count, correct: outcome.correct, ...(fault !== undefined ? { fault } : {}) });
    }

    /** No other threads. */
    threadMemory(): readonly MemoryReport[] {
        return [];
    }

    /** Stops tracking the accumulator. */
    dispose(): Promise<void> {
        this.accumulator.dispose();
        return Promise.resolve();
    }
}
