// The entry point of the canary worker thread (bundled as dist/serve-canary-worker.cjs): builds the
// active version and the candidate from their recipes, replays the canary through both and answers
// with the report. It runs beside the serving thread without pauses, at the lowest scheduling
// priority: on a machine with fewer free cores than runnable threads, a flat-out canary at normal
// priority took a core from the serving thread (measured: its run-queue wait tripled during
// rotations), so the canary only gets what serving leaves.
import { readlinkSync } from 'node:fs';
import { constants, setPriority } from 'node:os';
import { parentPort } from 'node:worker_threads';
import { replayCanary } from './canary.js';
import type { CanaryWorkerReply, CanaryWorkerRequest } from './canary-replayer.js';
import { engineServableModelFrom } from './engine-servable-model.js';

const port = parentPort;
if (port === null) throw new Error('serve-canary-worker runs only as a worker thread');
lowerThisThreadsPriority();

port.on('message', (request: CanaryWorkerRequest) => {
    void answer(request).then((reply) => port.postMessage(reply));
});

async function answer(request: CanaryWorkerRequest): Promise<CanaryWorkerReply> {
    const active = engineServableModelFrom(request.active);
    const candidate = engineServableModelFrom(request.candidate);
    try {
        if (!active.ok) return { id: request.id, ok: false, message: `version ${request.active.version} could not be built in the canary worker: ${active.message}` };
        if (!candidate.ok) return { id: request.id, ok: false, message: `version ${request.candidate.version} could not be built in the canary worker: ${candidate.message}` };
        return { id: request.id, ok: true, report: await replayCanary(active.model, candidate.model, request.inputs, 0) };
    } catch (error) {
        return { id: request.id, ok: false, message: `the canary replay failed in the worker: ${error instanceof Error ? error.message : String(error)}` };
    } finally {
        if (active.ok) active.model.dispose();
        if (candidate.ok) candidate.model.dispose();
    }
}

/** Nice 19 for this thread only (Linux: setpriority on a thread id changes that thread alone). */
function lowerThisThreadsPriority(): void {
    try {
        const threadId = Number(readlinkSync('/proc/thread-self').split('/').pop());
        if (Number.isSafeInteger(threadId) && threadId > 0) setPriority(threadId, constants.priority.PRIORITY_LOW);
    } catch {
        // Elsewhere (no /proc/thread-self) the worker keeps the normal priority.
    }
}
