// Data-parallel updates: every micro-batch of an update is cut into one slice per worker; each
// worker runs its slices into its own accumulator and sends the state back; the main thread adds
// the W states (exactly, with `accumulate quire`) and applies one update to its parameters, which go
// out again with the next request. The reduction is an exact quire sum, so 1, 2 or 4 workers give
// bit-identical weights.
import type { Executor } from '../exec/executor.js';
import type { Program } from '../exec/program.js';
import type { DirectionSource } from '../autodiff/directions.js';
import type { Optimizer } from '../optim/optimizer.js';
import type { MemoryReport } from '../train/memory-report.js';
import type { TrainSettings } from '../train/settings.js';
import { UpdateAccumulator } from '../train/update-accumulator.js';
import type { UpdateOutcome, UpdateRunner } from '../train/update-runner.js';
import { microBatches, workerSlice } from '../train/update-split.js';
import type { WorkerPool } from './worker-pool.js';
import { packedParamBytes, packParams, type UpdateRequest } from './worker-protocol.js';

/** Updates computed by a pool of workers, reduced and applied on this thread. */
export class WorkerPoolRunner implements UpdateRunner {
    /** Buffers each worker sent last time, to hand back with its next request. */
    private readonly returned: (readonly ArrayBuffer[] | undefined)[];
    private readonly paramBuffers: ArrayBuffer[];

    constructor(private readonly pool: WorkerPool, private readonly program: Program, private readonly settings: TrainSettings, private readonly executor: Executor, private readonly optimizer: Optimizer, private readonly directions: DirectionSource) {
        this.returned = Array.from({ length: pool.size }, () => undefined);
        const bytes = packedParamBytes(executor.params);
        this.paramBuffers = Array.from({ length: pool.size }, () => new ArrayBuffer(bytes));
    }

    /** Sends the update's slices to the workers, adds their partial sums and applies the update. */
    async run(order: Uint32Array, from: number, count: number, step: number): Promise<UpdateOutcome> {
        const workers = this.pool.size;
        const micro = microBatches(from, count, this.settings.batch);
        const requests: UpdateRequest[] = [];
        for (let w = 0; w < workers; w++) {
            const slices = micro.map((batch) => workerSlice(batch, w, workers));
            const rows = new Uint32Array(slices.reduce((sum, slice) => sum + slice.count, 0));
            let at = 0;
            for (const slice of slices) {
                rows.set(order.subarray(slice.from, slice.from + slice.count), at);
                at += slice.count;
            }
            const params = this.paramBuffers[w]!;
            packParams(this.executor.params, params);
            const accumulator = this.returned[w];
            requests.push({ type: 'update', step, updateRows: count, rows, slices: slices.map((slice) => slice.count), params, ...(accumulator !== undefined ? { accumulator } : {}) });
        }
        const replies = await this.pool.update(requests);
        if (!replies.ok) return { loss: NaN, correct: 0, error: replies.error };
        let lossSum = 0;
        let correct = 0;
        const gradient = this.settings.gradient.mode;
        const tangents = this.settings.gradient.tangents;
        // Reduce into worker 0's state (in worker order, which only `rounded` can notice).
        let total: UpdateAccumulator | undefined;
        for (const reply of replies.value) {
            this.returned[reply.worker] = reply.accumulator;
            this.paramBuffers[reply.worker] = reply.params;
            lossSum += reply.lossSum;
            correct += reply.correct;
            if (reply.fault !== undefined) return { loss: NaN, correct, fault: reply.fault };
            const state = new UpdateAccumulator(this.program, gradient, tangents, this.program.accumulate, undefined, reply.accumulator);
            if (total === undefined) total = state;
            else total.merge(state);
        }
        this.optimizer.beginStep();
        const fault = total!.apply(this.optimizer, this.executor, this.directions, step);
        const workerCpuNs = replies.value.map((reply) => reply.cpuNs ?? NaN);
        return { loss: lossSum / count, correct, ...(fault !== undefined ? { fault } : {}), ...(workerCpuNs.every(Number.isFinite) ? { workerCpuNs } : {}) };
    }

    /** The workers' latest memory reports. */
    threadMemory(): readonly MemoryReport[] {
        return this.pool.memory;
    }

    /** Stops the workers. */
    dispose(): Promise<void> {
        return this.pool.terminate();
    }
}
