// The main thread's side of data-parallel training: W worker threads started once per run, one
// request in flight per worker, and every reply awaited before the reduction. A worker that throws
// or exits is a failed run (an error value), never a hang.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { engineErrorCodes, failure, success, type Result } from '../errors.js';
import type { MemoryReport } from '../train/memory-report.js';
import type { SlotReply, UpdateReply, UpdateRequest, WorkerInit, WorkerReply } from './worker-protocol.js';

interface Pending {
    resolve(reply: WorkerReply): void;
}

/** A started set of training workers. */
export class WorkerPool {
    /** The latest memory report of each worker. */
    readonly memory: MemoryReport[];
    /** Each worker's thread id, from its start. */
    readonly threadIds: number[];
    private readonly pending: (Pending | undefined)[];
    private failure: string | undefined;
    /** Receives the slots workers send ahead during the current update. */
    private onSlot: ((reply: SlotReply) => void) | undefined;

    private constructor(private readonly workers: readonly Worker[]) {
        this.pending = workers.map(() => undefined);
        this.threadIds = workers.map((worker) => worker.threadId);
        this.memory = workers.map(() => ({ peak: 0, live: 0, byClass: { param: 0, state: 0, activation: 0, tape: 0, tangent: 0, gradient: 0, quire: 0, data: 0 }, rss: 0 }));
        workers.forEach((worker, i) => {
            worker.on('message', (reply: WorkerReply) => this.settle(i, reply));
            worker.on('error', (error: Error) => this.settle(i, { type: 'failed', worker: i, message: error.stack ?? error.message }));
            worker.on('exit', (code) => this.settle(i, { type: 'failed', worker: i, message: `worker ${i} exited (code ${code})` }));
        });
    }

    /** Starts `count` workers running `script` and waits until each has compiled the program. */
    static async start(script: string, count: number, init: Omit<WorkerInit, 'worker'>): Promise<Result<WorkerPool>> {
        const path = resolve(script);
        if (!existsSync(path)) return failure(engineErrorCodes.workerFailed, `the training worker ${path} is missing (run npm run build)`);
        const workers: Worker[] = [];
        try {
            for (let worker = 0; worker < count; worker++) workers.push(new Worker(path, { workerData: { ...init, worker } satisfies WorkerInit }));
        } catch (error) {
            await Promise.all(workers.map((started) => started.terminate()));
            return failure(engineErrorCodes.workerFailed, `cannot start training worker ${workers.length}: ${(error as Error).message}`);
        }
        const pool = new WorkerPool(workers);
        const replies = await Promise.all(workers.map((_, i) => pool.next(i)));
        const failed = replies.find((reply) => reply.type === 'failed');
        if (failed !== undefined) {
            await pool.terminate();
            return failure(engineErrorCodes.workerFailed, `training worker ${failed.worker} failed to start: ${failed.type === 'failed' ? failed.message : ''}`);
        }
        replies.forEach((reply, i) => { if (reply.type === 'ready') pool.memory[i] = reply.memory; });
        return success(pool);
    }

    /** Number of workers. */
    get size(): number {
        return this.workers.length;
    }

    /**
     * Sends one update request to every worker (transferring its buffers) and waits for all replies;
     * slots a worker sends ahead reach `onSlot` as they arrive.
     */
    async update(requests: readonly UpdateRequest[], onSlot: (reply: SlotReply) => void): Promise<Result<UpdateReply[]>> {
        if (this.failure !== undefined) return failure(engineErrorCodes.workerFailed, this.failure);
        this.onSlot = onSlot;
        const replies = requests.map((request, i) => {
            const reply = this.next(i);
            this.workers[i]!.postMessage(request, [request.params, ...(request.accumulator ?? []), request.rows.buffer as ArrayBuffer]);
            return reply;
        });
        const received = await Promise.all(replies);
        this.onSlot = undefined;
        const partials: UpdateReply[] = [];
        for (const reply of received) {
            if (reply.type !== 'partial') return failure(engineErrorCodes.workerFailed, `training worker ${reply.worker} failed: ${reply.type === 'failed' ? reply.message : 'unexpected reply'}`);
            this.memory[reply.worker] = reply.memory;
            partials.push(reply);
        }
        return success(partials);
    }

    /** Stops every worker. */
    async terminate(): Promise<void> {
        this.failure ??= 'the worker pool was stopped';
        await Promise.all(this.workers.map((worker) => worker.terminate()));
    }

    private next(i: number): Promise<WorkerReply> {
        return new Promise((resolve) => { this.pending[i] = { resolve }; });
    }

    private settle(i: number, reply: WorkerReply): void {
        if (reply.type === 'slot') {
            this.onSlot?.(reply);
            return;
        }
        if (reply.type === 'failed') this.failure ??= reply.message;
        const pending = this.pending[i];
        this.pending[i] = undefined;
        pending?.resolve(reply);
    }
}
