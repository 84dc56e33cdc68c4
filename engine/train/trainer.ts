// The training loop: epochs of shuffled batches through backprop or forward-gradient steps, the
// optimizer applied as each parameter's gradient completes, evaluation after every epoch, and a
// checkpoint after every epoch (and on a stop request) from which a resumed run continues bit for
// bit: the shuffle of epoch e and the directions of step s are pure functions of (seed, e, s), so
// the checkpoint only needs the parameters, the optimizer state and the position.
//
// A step is one optimizer update over `batch × accumulateSteps` rows. With `accumulateSteps` > 1
// the rows run as micro-batches of `batch` whose gradients add up in one quire per parameter; with
// `workers` > 1 each micro-batch is split across worker threads (update-runner.ts,
// engine/parallel/). With `accumulate quire` every way gives the weights of one batch of all rows.
import { TrackedAllocator } from '../memory/allocator.js';
import { Executor } from '../exec/executor.js';
import type { Tensor } from '../tensor/tensor.js';
import { runInferenceStep } from '../exec/inference.js';
import type { Program } from '../exec/program.js';
import { Optimizer } from '../optim/optimizer.js';
import { gatherBatch, hasTargets } from '../data/batches.js';
import type { LoadedDataset } from '../data/csv-dataset.js';
import { mseValue } from '../kernels/loss.js';
import { engineErrorCodes, type EngineError } from '../errors.js';
import { initializeParams } from './init.js';
import { combinedMemoryReport, memoryReport, type MemoryReport } from './memory-report.js';
import { restoreCheckpoint, type CheckpointState, type EpochRecord, type LoadedCheckpoint } from './checkpoint.js';
import type { TrainSettings } from './settings.js';
import { parseFormat } from '../numeric/index.js';
import { batchCorrect, hasClassLabels } from './batch-metrics.js';
import { runDirections } from './run-directions.js';
import { shardingProblems, startUpdateRunner } from './runner-choice.js';
import type { UpdateRunner } from './update-runner.js';
import { threadTimes } from '../parallel/thread-cpu.js';
import { shuffledOrder } from './epoch-order.js';

export { batchCorrect, hasClassLabels } from './batch-metrics.js';
export { shuffledOrder } from './epoch-order.js';

/** Reports while training runs. */
export interface TrainingObserver {
    step?(event: { epoch: number; step: number; stepsPerEpoch: number; loss: number; memory: MemoryReport }): void;
    epoch?(record: EpochRecord): void;
    /** Called with the checkpoint to save (after each epoch, and when stopping). */
    checkpoint?(state: CheckpointState): void;
}

/** Everything a training run needs. */
export interface TrainingJob {
    readonly program: Program;
    readonly settings: TrainSettings;
    readonly train: LoadedDataset;
    readonly validate?: LoadedDataset;
    /** The allocator whose peak is the run's training memory (data sets may live in it as `data`). */
    readonly allocator: TrackedAllocator;
    readonly observer?: TrainingObserver;
    /** Polled between steps: a signal name stops the run after a checkpoint. */
    readonly stopRequested?: () => 'SIGINT' | 'SIGTERM' | undefined;
    readonly resume?: LoadedCheckpoint;
    /** Report every n-th step (0: never). */
    readonly stepEventEvery?: number;
    /** The bundled worker entry (dist/train-worker.cjs), needed when `settings.workers` > 1. */
    readonly workerScript?: string;
}

/** How a run ended. */
export type TrainingOutcome =
    | { readonly kind: 'done'; readonly executor: Executor; readonly accuracy: number; readonly history: readonly EpochRecord[]; readonly ms: number; readonly memory: MemoryReport; readonly fallbacks: number }
    | { readonly kind: 'interrupted'; readonly signal: 'SIGINT' | 'SIGTERM'; readonly executor: Executor; readonly history: readonly EpochRecord[]; readonly ms: number; readonly memory: MemoryReport }
    | { readonly kind: 'failed'; readonly error: EngineError };

/**
 * Trains `job.program` and returns its outcome; the executor (with the trained params) is the
 * caller's to dispose. Yields to the event loop between steps, so signal handlers (SIGINT,
 * SIGTERM) run and `stopRequested` can see them.
 */
export async function runTraining(job: TrainingJob): Promise<TrainingOutcome> {
    const { program, settings, allocator } = job;
    const mode = settings.gradient.mode === 'backprop' ? 'backprop' : 'forward';
    const accumulateSteps = settings.accumulateSteps ?? 1;
    const workers = settings.workers ?? 1;
    const problems = shardingProblems(program, settings);
    if (problems.length > 0) return { kind: 'failed', error: { code: engineErrorCodes.notExecutable, message: problems.join('; ') } };
    // With workers the steps run elsewhere: this thread only holds the parameters and updates them.
    const executor = workers > 1 ? new Executor(program, allocator, 'inference', 1) : new Executor(program, allocator, mode, settings.batch);
    const params = executor.allocateParams();
    const names = program.params.map((p) => p.name);
    const stateFormat = settings.stateFormat !== undefined ? parseFormat(settings.stateFormat)! : program.formatOf(program.params[0]!)!;
    const optimizer = new Optimizer(settings.optimizer, params, stateFormat, program.accumulate, allocator, names, executor.accumulations);
    const directions = runDirections(settings);
    let history: EpochRecord[] = [];
    let position = { epoch: 0, step: 0 };
    let partial = { lossSum: 0, correct: 0, seen: 0, ms: 0, cpuMs: 0 };
    if (job.resume !== undefined) {
        const restored = restoreCheckpoint(job.resume, params, optimizer, names);
        if (!restored.ok) {
            optimizer.dispose(allocator);
            executor.dispose();
            return { kind: 'failed', error: restored.error };
        }
        history = [...job.resume.history];
        position = job.resume.position;
        partial = job.resume.partial;
    } else {
        initializeParams(program.params, params, settings.seed);
    }
    const rows = job.train.rows;
    const updateRows = settings.batch * accumulateSteps;
    const stepsPerEpoch = Math.ceil(rows / updateRows);
    const order = allocator.int32(rows, 'data', 'shuffle order');
    const started = await startUpdateRunner({ program, settings, executor, optimizer, directions, train: job.train, allocator, ...(job.workerScript !== undefined ? { workerScript: job.workerScript } : {}) });
    if (!started.ok) {
        allocator.free(order);
        optimizer.dispose(allocator);
        executor.dispose();
        return { kind: 'failed', error: started.error };
    }
    const runner: UpdateRunner = started.value;
    const evaluation = job.validate !== undefined ? new Evaluator(program, settings.batch, job.validate) : undefined;
    const report = (): MemoryReport => combinedMemoryReport(memoryReport(allocator), runner.threadMemory());
    let totalMs = 0;
    let lastAccuracy = history.length > 0 ? history[history.length - 1]!.accuracy : NaN;
    const checkpointState = (): CheckpointState => ({ settings, position, partial: { ...partial }, optimizerStep: optimizer.step, history: [...history], params, names, state: optimizer.state });
    try {
        for (let epoch = position.epoch; epoch < settings.epochs; epoch++) {
            shuffledOrder(order, settings.seed, epoch);
            const firstStep = epoch === position.epoch ? position.step : 0;
            // CPU time is read per epoch (process.cpuUsage is a system call: too dear per step).
            const cpuStarted = process.cpuUsage();
            const threads = workers > 1 ? { mainNs: 0, workersNs: new Array<number>(workers).fill(0), criticalPathNs: 0, measured: true } : undefined;
            if (firstStep === 0) partial = { lossSum: 0, correct: 0, seen: 0, ms: 0, cpuMs: 0 };
            for (let step = firstStep; step < stepsPerEpoch; step++) {
                await yieldToEventLoop();
                const signal = job.stopRequested?.();
                if (signal !== undefined) {
                    position = { epoch, step };
                    job.observer?.checkpoint?.(checkpointState());
                    return { kind: 'interrupted', signal, executor, history, ms: totalMs, memory: report() };
                }
                const from = step * updateRows;
                const count = Math.min(updateRows, rows - from);
                const startedAt = performance.now();
                const mainBefore = threads !== undefined ? threadTimes() : undefined;
                const globalStep = epoch * stepsPerEpoch + step;
                const outcome = await runner.run(asUint32(order), from, count, globalStep);
                const elapsed = performance.now() - startedAt;
                if (outcome.error !== undefined) return { kind: 'failed', error: outcome.error };
                if (outcome.fault !== undefined) {
                    return { kind: 'failed', error: { code: engineErrorCodes.numericFault, message: `${outcome.fault.message} at epoch ${epoch + 1}, step ${step + 1} (global step ${globalStep + 1}); stopped without saving over the last checkpoint`, node: outcome.fault.node, epoch: epoch + 1, step: globalStep + 1 } };
                }
                if (threads !== undefined) {
                    const mainAfter = threadTimes();
                    const mainNs = mainBefore !== undefined && mainAfter !== undefined ? mainAfter.cpuNs - mainBefore.cpuNs : NaN;
                    const workerNs = outcome.workerCpuNs ?? [];
                    threads.measured &&= Number.isFinite(mainNs) && workerNs.length === workers;
                    threads.mainNs += mainNs;
                    workerNs.forEach((ns, w) => { threads.workersNs[w]! += ns; });
                    threads.measured &&= outcome.criticalPathNs !== undefined;
                    threads.criticalPathNs += outcome.criticalPathNs ?? NaN;
                }
                partial.ms += elapsed;
                totalMs += elapsed;
                partial.lossSum += outcome.loss * count;
                partial.correct += outcome.correct;
                partial.seen += count;
                const every = job.stepEventEvery ?? 0;
                if (every > 0 && ((step + 1) % every === 0 || step === stepsPerEpoch - 1)) {
                    job.observer?.step?.({ epoch: epoch + 1, step: step + 1, stepsPerEpoch, loss: outcome.loss, memory: report() });
                }
            }
            const cpu = process.cpuUsage(cpuStarted);
            partial.cpuMs += (cpu.user + cpu.system) / 1000;
            const trainAccuracy = hasClassLabels(program) ? partial.correct / partial.seen : NaN;
            const evaluated = evaluation?.evaluate(params);
            const accuracy = evaluated !== undefined ? evaluated.accuracy : trainAccuracy;
            lastAccuracy = accuracy;
            const threadCpu = threads?.measured === true ? { mainMs: threads.mainNs / 1e6, workersMs: threads.workersNs.map((ns) => ns / 1e6), criticalPathMs: threads.criticalPathNs / 1e6 } : undefined;
            const record: EpochRecord = { epoch: epoch + 1, epochs: settings.epochs, loss: partial.lossSum / partial.seen, accuracy, trainAccuracy, validationLoss: evaluated?.loss ?? NaN, ms: partial.ms, cpuMs: partial.cpuMs, memory: report(), ...(threadCpu !== undefined ? { threadCpu } : {}) };
            history.push(record);
            position = { epoch: epoch + 1, step: 0 };
            partial = { lossSum: 0, correct: 0, seen: 0, ms: 0, cpuMs: 0 };
            job.observer?.checkpoint?.(checkpointState());
            job.observer?.epoch?.(record);
        }
        const fallbacks = [...executor.accumulations.values()].reduce((sum, acc) => sum + acc.fallbacks, 0);
        return { kind: 'done', executor, accuracy: lastAccuracy, history, ms: totalMs, memory: report(), fallbacks };
    } finally {
        await runner.dispose();
        allocator.free(order);
        evaluation?.dispose();
        optimizer.dispose(allocator);
    }
}

function yieldToEventLoop(): Promise<void> {
    return new Promise((resolve) => setImmediate(resolve));
}

function asUint32(order: Int32Array): Uint32Array {
    return new Uint32Array(order.buffer, order.byteOffset, order.length);
}

/** Accuracy on a data set through an inference executor with its own allocator (not the training peak). */
class Evaluator {
    private readonly allocator = new TrackedAllocator();
    private readonly executor: Executor;
    private readonly order: Uint32Array;

    constructor(private readonly program: Program, private readonly batch: number, private readonly dataset: LoadedDataset) {
        this.executor = new Executor(program, this.allocator, 'inference', batch);
        this.executor.allocateParams();
        this.order = Uint32Array.from({ length: dataset.rows }, (_, i) => i);
    }

    /** Accuracy (models with class labels) and mean mse (an mse loss over an output), NaN when undefined. */
    evaluate(params: readonly Tensor[]): { accuracy: number; loss: number } {
        if (!hasTargets(this.program, this.dataset)) return { accuracy: NaN, loss: NaN };
        params.forEach((p, i) => this.executor.params[i]!.data.set(p.data as never));
        const mse = this.program.graph.edges.find((e) => e.target === this.program.graph.loss && e.op === 'mse');
        const scored = mse !== undefined && this.program.graph.outputs.includes(mse.sources[0]!) ? mse : undefined;
        let correct = 0;
        let squared = 0;
        for (let from = 0; from < this.dataset.rows; from += this.batch) {
            const count = Math.min(this.batch, this.dataset.rows - from);
            const batch = gatherBatch(this.program, this.allocator, this.dataset, this.order, from, count, true);
            runInferenceStep(this.executor, batch, (outputs, b) => {
                correct += batchCorrect(this.program, outputs, b);
                if (scored !== undefined) squared += mseValue(outputs.get(scored.sources[0]!)!, b.values.get(scored.sources[1]!)!) * count;
            });
        }
        return { accuracy: hasClassLabels(this.program) ? correct / this.dataset.rows : NaN, loss: scored !== undefined ? squared / this.dataset.rows : NaN };
    }

    dispose(): void {
        this.executor.dispose();
    }
}
