// Which UpdateRunner a run uses, from its settings: one batch per update, micro-batches on this
// thread, or a pool of worker threads — and why a program cannot be split (an error value before
// anything runs).
import type { Executor } from '../exec/executor.js';
import type { Program } from '../exec/program.js';
import type { TrackedAllocator } from '../memory/allocator.js';
import type { DirectionSource } from '../autodiff/directions.js';
import type { Optimizer } from '../optim/optimizer.js';
import type { LoadedDataset } from '../data/csv-dataset.js';
import { paramDepositProblems } from '../autodiff/param-deposit-support.js';
import { supportsQuireArray } from '../kernels/quire-array.js';
import { engineErrorCodes, failure, success, type Result } from '../errors.js';
import { WorkerPool } from '../parallel/worker-pool.js';
import { WorkerPoolRunner } from '../parallel/worker-pool-runner.js';
import { datasetData } from '../parallel/worker-protocol.js';
import type { TrainSettings } from './settings.js';
import { UpdateAccumulator } from './update-accumulator.js';
import { BatchRunner, MicroBatchRunner, type UpdateRunner } from './update-runner.js';
import { largestSlice } from './update-split.js';

/** Why a program cannot train with its accumulate_steps / workers settings (empty: it can). */
export function shardingProblems(program: Program, settings: Pick<TrainSettings, 'gradient' | 'accumulateSteps' | 'workers'>): string[] {
    const steps = settings.accumulateSteps ?? 1;
    const workers = settings.workers ?? 1;
    const problems: string[] = [];
    if (!Number.isInteger(steps) || steps < 1) problems.push(`accumulate_steps must be a whole number ≥ 1, not ${steps}`);
    if (!Number.isInteger(workers) || workers < 1) problems.push(`workers must be a whole number ≥ 1, not ${workers}`);
    if (problems.length > 0 || (steps === 1 && workers === 1) || program.accumulate === 'rounded') return problems;
    const why = `${steps > 1 ? `accumulate_steps ${steps}` : ''}${steps > 1 && workers > 1 ? ' and ' : ''}${workers > 1 ? `workers ${workers}` : ''}`;
    if (settings.gradient.mode === 'forward') {
        const loss = program.nodes.get(program.graph.loss ?? '');
        const format = loss !== undefined ? program.formatOf(loss) : undefined;
        if (format !== undefined && !supportsQuireArray(format)) problems.push(`${why} with accumulate quire needs a format whose quire fits a quire array, not ${format.name}; use accumulate rounded or a format of 32 bits or fewer`);
        return problems;
    }
    const reasons = paramDepositProblems(program);
    if (reasons.length > 0) problems.push(`${why} with accumulate quire and backprop need exact per-parameter sums, which this model does not allow: ${reasons.join('; ')} (train with forward gradients, accumulate rounded, or one batch per update)`);
    return problems;
}

/** What choosing a runner needs. */
export interface RunnerContext {
    readonly program: Program;
    readonly settings: TrainSettings;
    /** The trainer's executor: it runs the steps (one thread) or only holds the parameters (workers). */
    readonly executor: Executor;
    readonly optimizer: Optimizer;
    readonly directions: DirectionSource;
    readonly train: LoadedDataset;
    readonly allocator: TrackedAllocator;
    readonly workerScript?: string;
}

/** Starts the runner the settings ask for (workers start here, once per run). */
export async function startUpdateRunner(context: RunnerContext): Promise<Result<UpdateRunner>> {
    const { program, settings, executor, optimizer, directions, train, allocator } = context;
    const steps = settings.accumulateSteps ?? 1;
    const workers = settings.workers ?? 1;
    if (workers > 1) {
        if (context.workerScript === undefined) return failure(engineErrorCodes.workerFailed, `workers ${workers}: no training worker script was given to the engine`);
        const pool = await WorkerPool.start(context.workerScript, workers, { graph: program.graph, accumulate: program.accumulate, settings, maxRows: largestSlice(settings.batch, workers), dataset: datasetData(train) });
        if (!pool.ok) return pool;
        return success(new WorkerPoolRunner(pool.value, program, settings, executor, optimizer, directions));
    }
    if (steps > 1) {
        const accumulator = new UpdateAccumulator(program, settings.gradient.mode, settings.gradient.tangents, program.accumulate, allocator);
        return success(new MicroBatchRunner(executor, optimizer, directions, train, accumulator, settings.batch));
    }
    return success(new BatchRunner(executor, optimizer, directions, train));
}
