// The student's training loop: epochs of shuffled batches (the trainer's shuffle, so a student
// with α = 0 and no prior is trained exactly like `phg train` would train it), each a
// distillation step whose parameter gradients get the prior's term before the optimizer applies
// them; the student's accuracy on the validation set after every epoch, with the objective split
// into its terms (labels, soft labels, prior) for the training panel.
import { TrackedAllocator } from '../memory/allocator.js';
import type { Tensor, NumberPatternArray } from '../tensor/tensor.js';
import { Executor, type Batch } from '../exec/executor.js';
import type { Program } from '../exec/program.js';
import { Optimizer } from '../optim/optimizer.js';
import { gatherBatch } from '../data/batches.js';
import type { LoadedDataset } from '../data/csv-dataset.js';
import { engineErrorCodes, type EngineError } from '../errors.js';
import { initializeParams } from '../train/init.js';
import { memoryReport, type MemoryReport } from '../train/memory-report.js';
import type { EpochRecord } from '../train/checkpoint.js';
import type { TrainSettings } from '../train/settings.js';
import { batchCorrect, shuffledOrder } from '../train/trainer.js';
import { runInference } from '../train/run-inference.js';
import { parseFormat } from '../numeric/index.js';
import { classifierHead, type ClassifierHead } from './classifier-head.js';
import { runDistillationStep } from './distillation-step.js';
import type { ParamPrior } from './gaussian-prior.js';
import { PriorTerm } from './prior-term.js';
import type { SoftTargets } from './soft-labels.js';

/** One finished epoch of a student, its objective by term (epoch means). */
export interface DistillationEpochRecord extends EpochRecord {
    /** Cross-entropy against the labels. */
    readonly dataLoss: number;
    /** KL(q_t ‖ q_s) at temperature T, unweighted. */
    readonly softLoss: number;
    /** Σ (w − μ)²/(2σ²N) at the end of the epoch. */
    readonly priorPenalty: number;
}

/** Reports while a student trains. */
export interface DistillationObserver {
    step?(event: { epoch: number; step: number; stepsPerEpoch: number; loss: number; memory: MemoryReport }): void;
    epoch?(record: DistillationEpochRecord): void;
}

/** Everything a student's training needs. */
export interface DistillationJob {
    /** The student, lowered with `cross_entropy(output, label)`. */
    readonly program: Program;
    readonly settings: TrainSettings;
    readonly train: LoadedDataset;
    readonly validate?: LoadedDataset;
    /** The teacher's soft labels of every training row (same row order as `train`). */
    readonly softTargets: SoftTargets;
    /** Weight of the soft-label term (α; T is the soft targets' temperature). */
    readonly alpha: number;
    /** The prior of each student parameter (undefined: none), in `program.params` order. */
    readonly priors: readonly (ParamPrior | undefined)[];
    /** Starting values by parameter name (the teacher's, where it has the same parameter); others start from the seed. */
    readonly initial?: ReadonlyMap<string, NumberPatternArray>;
    readonly allocator: TrackedAllocator;
    readonly observer?: DistillationObserver;
    /** Polled between steps: a signal name stops the run (no version is saved). */
    readonly stopRequested?: () => 'SIGINT' | 'SIGTERM' | undefined;
    /** Report every n-th step (0: never). */
    readonly stepEventEvery?: number;
}

/** How a student's training ended. */
export type DistillationOutcome =
    | { readonly kind: 'done'; readonly executor: Executor; readonly accuracy: number; readonly history: readonly DistillationEpochRecord[]; readonly ms: number; readonly memory: MemoryReport }
    | { readonly kind: 'interrupted'; readonly signal: 'SIGINT' | 'SIGTERM'; readonly executor: Executor; readonly history: readonly DistillationEpochRecord[]; readonly ms: number; readonly memory: MemoryReport }
    | { readonly kind: 'failed'; readonly error: EngineError };

/** Trains a student; the executor (with its trained parameters) is the caller's to dispose. */
export async function runDistillation(job: DistillationJob): Promise<DistillationOutcome> {
    const { program, settings, allocator } = job;
    const h = classifierHead(program.graph);
    if ('problem' in h) return { kind: 'failed', error: { code: engineErrorCodes.notExecutable, message: h.problem } };
    const problem = headProblem(program, h);
    if (problem !== undefined) return { kind: 'failed', error: { code: engineErrorCodes.notExecutable, message: problem } };
    if (settings.gradient.mode !== 'backprop') return { kind: 'failed', error: { code: engineErrorCodes.notExecutable, message: 'a student trains with backprop: forward gradients of the soft-label term are not implemented' } };
    if (job.softTargets.rows !== job.train.rows || job.softTargets.classes !== h.classes) return { kind: 'failed', error: { code: engineErrorCodes.dataBinding, message: `the soft labels cover ${job.softTargets.rows} rows of ${job.softTargets.classes} classes, the data ${job.train.rows} rows of ${h.classes}` } };
    const executor = new Executor(program, allocator, 'backprop', settings.batch);
    const params = executor.allocateParams();
    initializeParams(program.params, params, settings.seed);
    for (let p = 0; p < params.length; p++) {
        const start = job.initial?.get(program.params[p]!.name);
        if (start !== undefined && start.length === params[p]!.size) params[p]!.data.set(start as never);
    }
    const names = program.params.map((node) => node.name);
    const stateFormat = settings.stateFormat !== undefined ? parseFormat(settings.stateFormat)! : program.formatOf(program.params[0]!)!;
    const optimizer = new Optimizer(settings.optimizer, params, stateFormat, program.accumulate, allocator, names, executor.accumulations);
    const prior = new PriorTerm(job.priors, job.train.rows, params, params.map((tensor) => executor.accumulations.get(tensor.format)!));
    const rows = job.train.rows;
    const classes = h.classes;
    const stepsPerEpoch = Math.ceil(rows / settings.batch);
    const order = allocator.int32(rows, 'data', 'shuffle order');
    const batchSoft = allocator.float64(settings.batch * classes, 'activation', 'soft labels (batch)');
    const history: DistillationEpochRecord[] = [];
    const sink = (p: number, gradient: (i: number) => number): void => optimizer.update(p, prior.gradient(p, gradient));
    let totalMs = 0;
    try {
        for (let epoch = 0; epoch < settings.epochs; epoch++) {
            shuffledOrder(order, settings.seed, epoch);
            const cpuStarted = process.cpuUsage();
            let lossSum = 0, dataSum = 0, softSum = 0, correct = 0, ms = 0;
            for (let step = 0; step < stepsPerEpoch; step++) {
                await new Promise<void>((resolve) => setImmediate(resolve));
                const signal = job.stopRequested?.();
                if (signal !== undefined) return { kind: 'interrupted', signal, executor, history, ms: totalMs, memory: memoryReport(allocator) };
                const from = step * settings.batch;
                const count = Math.min(settings.batch, rows - from);
                const started = performance.now();
                const indices = new Uint32Array(order.buffer, order.byteOffset, order.length);
                const batch = gatherBatch(program, allocator, job.train, indices, from, count, true);
                for (let r = 0; r < count; r++) batchSoft.set(job.softTargets.values.subarray(indices[from + r]! * classes, (indices[from + r]! + 1) * classes), r * classes);
                optimizer.beginStep();
                let batchRight = 0;
                const read = (outputs: ReadonlyMap<string, Tensor>, b: Batch): void => { batchRight = batchCorrect(program, outputs, b); };
                const outcome = runDistillationStep(executor, batch, h, { teacher: batchSoft.subarray(0, count * classes), alpha: job.alpha, temperature: job.softTargets.temperature }, sink, read);
                const elapsed = performance.now() - started;
                if (outcome.fault !== undefined) {
                    executor.dispose();
                    return { kind: 'failed', error: { code: engineErrorCodes.numericFault, message: `${outcome.fault.message} at epoch ${epoch + 1}, step ${step + 1}; stopped without saving`, node: outcome.fault.node, epoch: epoch + 1, step: epoch * stepsPerEpoch + step + 1 } };
                }
                ms += elapsed;
                totalMs += elapsed;
                lossSum += outcome.loss * count;
                dataSum += outcome.dataLoss * count;
                softSum += outcome.softLoss * count;
                correct += batchRight;
                const every = job.stepEventEvery ?? 0;
                if (every > 0 && ((step + 1) % every === 0 || step === stepsPerEpoch - 1)) {
                    job.observer?.step?.({ epoch: epoch + 1, step: step + 1, stepsPerEpoch, loss: outcome.loss, memory: memoryReport(allocator) });
                }
            }
            const cpu = process.cpuUsage(cpuStarted);
            const trainAccuracy = correct / rows;
            const validated = job.validate !== undefined ? validationAccuracy(program, params, job.validate, settings.batch) : undefined;
            const priorPenalty = prior.penalty();
            const record: DistillationEpochRecord = {
                epoch: epoch + 1, epochs: settings.epochs, loss: lossSum / rows + priorPenalty, accuracy: validated ?? trainAccuracy, trainAccuracy, validationLoss: NaN,
                ms, cpuMs: (cpu.user + cpu.system) / 1000, memory: memoryReport(allocator), dataLoss: dataSum / rows, softLoss: softSum / rows, priorPenalty
            };
            history.push(record);
            job.observer?.epoch?.(record);
        }
        return { kind: 'done', executor, accuracy: history[history.length - 1]?.accuracy ?? NaN, history, ms: totalMs, memory: memoryReport(allocator) };
    } finally {
        allocator.free(order);
        allocator.free(batchSoft);
        optimizer.dispose(allocator);
    }
}

/** Why a program's head cannot be distilled, if it cannot. */
function headProblem(program: Program, head: ClassifierHead): string | undefined {
    if (head.label === undefined) return `model ${program.graph.model} has no cross_entropy loss over its output ${head.output}`;
    const loss = program.edges.find((e) => e.edge.target === program.graph.loss);
    if (loss?.fusedSoftmaxInput?.name !== head.logits) return `the output ${head.output} of model ${program.graph.model} must be read by the loss only (the soft-label gradient goes to its logits)`;
    return undefined;
}

/** Accuracy on a data set with the current parameters (its own allocator: not the training peak). */
function validationAccuracy(program: Program, params: readonly Tensor[], dataset: LoadedDataset, batch: number): number | undefined {
    const byName = new Map<string, NumberPatternArray>(params.map((tensor, p) => [program.params[p]!.name, tensor.data]));
    const result = runInference(program, dataset, batch, { kind: 'patterns', byName }, new TrackedAllocator());
    return result.ok ? result.value.accuracy : undefined;
}
