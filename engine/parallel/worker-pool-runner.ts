// Data-parallel updates: every micro-batch of an update is cut into one slice per worker; each
// worker runs its slices into its own accumulator. With backprop a worker sends each parameter's
// slot as soon as its backward pass has made it final (the last layer's first), so the main thread
// adds the W slots of a parameter (exactly, with `accumulate quire`; in worker order) and applies
// that parameter's update while the workers are still differentiating earlier layers. Parameters
// go out again with the next request. The reduction is an exact quire sum, so 1, 2 or 4 workers
// give bit-identical weights.
import type { Executor, NumericFault } from '../exec/executor.js';
import type { Program } from '../exec/program.js';
import type { DirectionSource } from '../autodiff/directions.js';
import type { Optimizer } from '../optim/optimizer.js';
import type { MemoryReport } from '../train/memory-report.js';
import type { TrainSettings } from '../train/settings.js';
import { UpdateAccumulator } from '../train/update-accumulator.js';
import type { UpdateOutcome, UpdateRunner } from '../train/update-runner.js';
import { microBatches, workerSlice } from '../train/update-split.js';
import type { WorkerPool } from './worker-pool.js';
import { criticalPathNs } from './critical-path.js';
import { threadTimes } from './thread-cpu.js';
import { packedParamBytes, packParams, type SlotReply, type UpdateRequest } from './worker-protocol.js';

/** Updates computed by a pool of workers, reduced and applied on this thread. */
export class WorkerPoolRunner implements UpdateRunner {
    /** One view per worker over the slot buffers it sent (untracked: the worker counts them). */
    private readonly views: UpdateAccumulator[];
    /** Whether the main thread holds each worker's slot buffers (to hand back with the next request). */
    private holding = false;
    private readonly paramBuffers: ArrayBuffer[];

    constructor(private readonly pool: WorkerPool, program: Program, private readonly settings: TrainSettings, private readonly executor: Executor, private readonly optimizer: Optimizer, private readonly directions: DirectionSource) {
        this.views = Array.from({ length: pool.size }, () => UpdateAccumulator.withoutStorage(program, settings.gradient.mode, settings.gradient.tangents, program.accumulate));
        const bytes = packedParamBytes(executor.params);
        this.paramBuffers = Array.from({ length: pool.size }, () => new ArrayBuffer(bytes));
    }

    /** Sends the update's slices to the workers, reduces each slot as its W parts arrive and applies it. */
    async run(order: Uint32Array, from: number, count: number, step: number): Promise<UpdateOutcome> {
        const workers = this.pool.size;
        const clock = new UpdateClock(workers, this.views[0]!.slotCount);
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
            const view = this.views[w]!;
            const accumulator = this.holding ? Array.from({ length: view.slotCount }, (_, slot) => view.slotBuffer(slot)) : undefined;
            requests.push({ type: 'update', step, updateRows: count, rows, slices: slices.map((slice) => slice.count), params, ...(accumulator !== undefined ? { accumulator } : {}) });
        }
        this.optimizer.beginStep();
        clock.packed();
        const arrived = new Array<number>(this.views[0]!.slotCount).fill(0);
        let fault: NumericFault | undefined;
        const receive = (reply: { worker: number; slot: number; buffer: ArrayBuffer; cpuNs?: number }): void => {
            const started = clock.now();
            this.views[reply.worker]!.adoptSlot(reply.slot, reply.buffer);
            if (reply.cpuNs !== undefined) clock.sent(reply.worker, reply.slot, reply.cpuNs);
            if (++arrived[reply.slot]! < workers || fault !== undefined) return;
            // Every worker's part is in: add them in worker order (only `rounded` can tell) and apply.
            const total = this.views[0]!;
            for (let w = 1; w < workers; w++) total.mergeSlot(reply.slot, this.views[w]!);
            fault = total.applySlot(reply.slot, this.optimizer, this.executor, this.directions, step);
            clock.applied(reply.slot, started);
        };
        const replies = await this.pool.update(requests, (reply: SlotReply) => receive(reply));
        if (!replies.ok) return { loss: NaN, correct: 0, error: replies.error };
        clock.replied();
        this.holding = true;
        let lossSum = 0;
        let correct = 0;
        let stepFault: NumericFault | undefined;
        for (const reply of replies.value) {
            this.paramBuffers[reply.worker] = reply.params;
            lossSum += reply.lossSum;
            correct += reply.correct;
            stepFault ??= reply.fault;
        }
        // Slots sent with the final replies (forward mode's derivatives); after a worker's fault they
        // are not complete sums, so they are only taken back.
        for (const reply of replies.value) {
            for (const entry of reply.slots) {
                if (stepFault === undefined) receive({ worker: reply.worker, ...entry });
                else this.views[reply.worker]!.adoptSlot(entry.slot, entry.buffer);
            }
        }
        const reported = stepFault ?? fault;
        const workerCpuNs = replies.value.map((reply) => reply.cpuNs ?? NaN);
        const criticalPath = clock.criticalPath(workerCpuNs);
        return { loss: lossSum / count, correct, ...(reported !== undefined ? { fault: reported } : {}), ...(workerCpuNs.every(Number.isFinite) ? { workerCpuNs } : {}), ...(criticalPath !== undefined ? { criticalPathNs: criticalPath } : {}) };
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

// The main thread's CPU time per event of one update, for criticalPathNs (nothing when the kernel
// does not report thread times).
class UpdateClock {
    private readonly start = threadTimes();
    private packNs = 0;
    private repliedAt = 0;
    private readonly slotSent: number[][];
    private readonly slotApply: number[];

    constructor(workers: number, slots: number) {
        this.slotSent = Array.from({ length: workers }, () => []);
        this.slotApply = new Array<number>(slots).fill(0);
    }

    /** Main-thread CPU nanoseconds since the update began (NaN off Linux). */
    now(): number {
        const times = threadTimes();
        return this.start !== undefined && times !== undefined ? times.cpuNs - this.start.cpuNs : NaN;
    }

    packed(): void {
        this.packNs = this.now();
    }

    sent(worker: number, slot: number, cpuNs: number): void {
        this.slotSent[worker]![slot] = cpuNs;
    }

    applied(slot: number, startedAt: number): void {
        this.slotApply[slot] = this.now() - startedAt;
    }

    replied(): void {
        this.repliedAt = this.now();
    }

    criticalPath(workerNs: readonly number[]): number | undefined {
        const tailNs = this.now() - this.repliedAt;
        if (!Number.isFinite(this.packNs) || !Number.isFinite(tailNs) || !workerNs.every(Number.isFinite)) return undefined;
        return criticalPathNs({ packNs: this.packNs, slotSentNs: this.slotSent, workerNs, slotApplyNs: this.slotApply, tailNs });
    }
}
