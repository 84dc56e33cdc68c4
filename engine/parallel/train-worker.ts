// The entry point of a data-parallel training worker (bundled as dist/train-worker.cjs). It compiles
// the program once, keeps its own executor, parameters, accumulator and copy of the data set, and
// answers each update request with the exact partial sums of its slices. It holds nothing another
// thread can write: parameters arrive as a copy, the accumulator's buffers travel by transfer.
import { parentPort, threadId, workerData } from 'node:worker_threads';
import { Program } from '../exec/program.js';
import { Executor } from '../exec/executor.js';
import { TrackedAllocator } from '../memory/allocator.js';
import { memoryReport } from '../train/memory-report.js';
import { ShardTrainer, type ShardRows } from '../train/shard-trainer.js';
import { UpdateAccumulator } from '../train/update-accumulator.js';
import { runDirections } from '../train/run-directions.js';
import { threadTimes } from './thread-cpu.js';
import { datasetFromData, unpackParams, type FailedReply, type ReadyReply, type SlotReply, type UpdateReply, type WorkerInit, type WorkerRequest } from './worker-protocol.js';

const port = parentPort;
if (port === null) throw new Error('train-worker runs only as a worker thread');
const init = workerData as WorkerInit;

try {
    const compiled = Program.compile(init.graph, init.accumulate);
    if (!(compiled instanceof Program)) throw new Error(compiled.problems.map((problem) => problem.message).join('; '));
    const program = compiled;
    const settings = init.settings;
    const gradient = settings.gradient.mode;
    const allocator = new TrackedAllocator();
    const dataset = datasetFromData(init.dataset, allocator);
    const executor = new Executor(program, allocator, gradient, init.maxRows);
    const params = executor.allocateParams();
    const accumulator = new UpdateAccumulator(program, gradient, settings.gradient.tangents, program.accumulate, allocator);
    const trainer = new ShardTrainer(executor, accumulator, runDirections(settings), dataset);
    port.postMessage({ type: 'ready', worker: init.worker, threadId, memory: memoryReport(allocator) } satisfies ReadyReply);

    // The main thread ends a worker with Worker.terminate(): nothing here outlives the thread.
    port.on('message', (request: WorkerRequest) => {
        try {
            const started = threadTimes();
            if (request.accumulator !== undefined) accumulator.adopt(request.accumulator);
            unpackParams(request.params, params);
            const slices: ShardRows[] = [];
            let at = 0;
            for (const count of request.slices) {
                slices.push({ from: at, count });
                at += count;
            }
            // A parameter's slot goes to the main thread as soon as its last deposit is in.
            const sent = new Set<number>();
            const send = (slot: number): void => {
                const buffer = accumulator.slotBuffer(slot);
                sent.add(slot);
                const now = started !== undefined ? threadTimes() : undefined;
                port.postMessage({ type: 'slot', worker: init.worker, slot, buffer, ...(now !== undefined && started !== undefined ? { cpuNs: now.cpuNs - started.cpuNs } : {}) } satisfies SlotReply, [buffer]);
            };
            const outcome = trainer.run(request.rows, slices, request.updateRows, request.step, (param) => send(param));
            const ended = threadTimes();
            const rest = Array.from({ length: accumulator.slotCount }, (_, slot) => slot).filter((slot) => !sent.has(slot)).map((slot) => ({ slot, buffer: accumulator.slotBuffer(slot) }));
            const reply: UpdateReply = {
                type: 'partial', worker: init.worker, threadId, lossSum: outcome.lossSum, correct: outcome.correct, rows: outcome.rows,
                ...(outcome.fault !== undefined ? { fault: outcome.fault } : {}),
                slots: rest, params: request.params,
                ...(started !== undefined && ended !== undefined ? { cpuNs: ended.cpuNs - started.cpuNs } : {}),
                memory: memoryReport(allocator)
            };
            port.postMessage(reply, [...rest.map((entry) => entry.buffer), request.params]);
        } catch (error) {
            port.postMessage({ type: 'failed', worker: init.worker, message: (error as Error).stack ?? String(error) } satisfies FailedReply);
        }
    });
} catch (error) {
    port.postMessage({ type: 'failed', worker: init.worker, message: (error as Error).stack ?? String(error) } satisfies FailedReply);
}
