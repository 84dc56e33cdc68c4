// Where the canary runs. Replaying it on the serving thread puts its CPU time between live
// requests; a worker thread replays it instead, building both versions from their recipes (plain
// data), so the serving thread only routes requests — but only a machine with a core to spare
// gains from that. On 2 cores the worker, the serving thread and the clients compete for a CPU:
// measured on an idle 2-core machine (bench:rotation), the serving thread's run-queue wait during
// rotations rose 4× with the worker (p99 ratio 2.4–3.2×) and 1.6× with the paced in-thread replay
// (1.3–1.8×). So the worker is the default from 4 cores up. Models without a recipe (test doubles)
// and a missing or failing worker fall back to the paced in-thread replay: a rotation never fails
// for want of one.
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { replayCanary, type CanaryInput, type CanaryReport } from './canary.js';
import type { ModelRecipe, ServableModel } from './servable-model.js';

/** Replays canary inputs through the active version and a candidate. */
export interface CanaryReplayer {
    replay(active: ServableModel, candidate: ServableModel, inputs: readonly CanaryInput[]): Promise<CanaryReport>;
    /** Stops what the replayer started (its worker). */
    close(): Promise<void>;
}

/** A request to the canary worker. */
export interface CanaryWorkerRequest {
    readonly id: number;
    readonly active: ModelRecipe;
    readonly candidate: ModelRecipe;
    readonly inputs: readonly CanaryInput[];
}

/** The canary worker's answer. */
export type CanaryWorkerReply =
    | { readonly id: number; readonly ok: true; readonly report: CanaryReport }
    | { readonly id: number; readonly ok: false; readonly message: string };

/** The paced replay on the calling thread (canary.ts). */
export const inThreadReplayer: CanaryReplayer = {
    replay: async (active, candidate, inputs) => ({ ...(await replayCanary(active, candidate, inputs)), replayedOn: 'serving-thread' }),
    close: () => Promise.resolve()
};

/** The canary worker bundle beside the running code (dist/serve-canary-worker.cjs beside dist/cli.cjs). */
export function canaryWorkerScript(): string {
    return fileURLToPath(new URL('./serve-canary-worker.cjs', import.meta.url));
}

/** Cores from which a service replays its canary on a worker thread by default. */
export const workerCanaryMinimumCores = 4;

/**
 * The replayer a service uses unless told otherwise: a worker thread when the machine has at
 * least `workerCanaryMinimumCores` cores, else the paced replay on the serving thread.
 */
export function defaultCanaryReplayer(onFallback?: (reason: string) => void, cores = availableParallelism(), script = canaryWorkerScript()): CanaryReplayer {
    return cores >= workerCanaryMinimumCores ? workerCanaryReplayer(script, onFallback) : inThreadReplayer;
}

/**
 * A replayer on a worker thread running `script` (started on the first replay, then kept, unref'd
 * so it never holds the process open); the in-thread replay when `script` does not exist.
 */
export function workerCanaryReplayer(script: string = canaryWorkerScript(), onFallback?: (reason: string) => void): CanaryReplayer {
    if (!existsSync(script)) return inThreadReplayer;
    return new WorkerCanaryReplayer(script, onFallback);
}

class WorkerCanaryReplayer implements CanaryReplayer {
    private worker: Worker | undefined;
    private nextId = 1;
    private readonly pending = new Map<number, (reply: CanaryWorkerReply) => void>();

    constructor(private readonly script: string, private readonly onFallback: ((reason: string) => void) | undefined) {}

    async replay(active: ServableModel, candidate: ServableModel, inputs: readonly CanaryInput[]): Promise<CanaryReport> {
        if (!active.recipe || !candidate.recipe) return inThreadReplayer.replay(active, candidate, inputs);
        const id = this.nextId++;
        const reply = await new Promise<CanaryWorkerReply>((resolve) => {
            this.pending.set(id, resolve);
            try {
                this.started().postMessage({ id, active: active.recipe?.(), candidate: candidate.recipe?.(), inputs } as CanaryWorkerRequest);
            } catch (error) {
                this.settleAll(`the canary worker could not be reached: ${error instanceof Error ? error.message : String(error)}`);
            }
        });
        if (reply.ok) return { ...reply.report, replayedOn: 'worker-thread' };
        this.onFallback?.(reply.message);
        return inThreadReplayer.replay(active, candidate, inputs);
    }

    async close(): Promise<void> {
        const worker = this.worker;
        this.worker = undefined;
        this.settleAll('the service is shutting down');
        if (worker) await worker.terminate();
    }

    private started(): Worker {
        if (this.worker) return this.worker;
        const worker = new Worker(this.script);
        worker.unref();
        worker.on('message', (reply: CanaryWorkerReply) => {
            const settle = this.pending.get(reply.id);
            this.pending.delete(reply.id);
            settle?.(reply);
        });
        // A worker that dies answers every pending replay with a failure (the caller falls back)
        // and is started afresh for the next one.
        const lost = (reason: string): void => {
            if (this.worker === worker) this.worker = undefined;
            this.settleAll(reason);
        };
        worker.on('error', (error: Error) => lost(`the canary worker failed: ${error.message}`));
        worker.on('exit', (code) => lost(`the canary worker exited (code ${code})`));
        this.worker = worker;
        return worker;
    }

    private settleAll(message: string): void {
        for (const [id, settle] of this.pending) settle({ id, ok: false, message });
        this.pending.clear();
    }
}
