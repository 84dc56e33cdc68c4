// Training runs for the gradient-accumulation and data-parallel tests: one epoch (or a few) of a
// digits MLP or of a small regression graph that reaches every elementwise gradient rule, returning
// the final weights as raw bytes so runs compare bit for bit.
import { buildMlpGraph } from '../../../../../engine/ir/mlp.js';
import { parseFormat } from '../../../../../engine/numeric/index.js';
import { TrackedAllocator } from '../../../../../engine/memory/allocator.js';
import type { LoadedColumn, LoadedDataset } from '../../../../../engine/data/csv-dataset.js';
import type { Program } from '../../../../../engine/exec/program.js';
import type { IrGraph } from '../../../../../engine/ir/types.js';
import { runTraining, type TrainingOutcome } from '../../../../../engine/train/trainer.js';
import type { TrainSettings } from '../../../../../engine/train/settings.js';
import { compile } from '../../support/harness.js';
import { loadDigits } from '../../support/digits.js';
import { GraphBuilder } from '../../support/graph-builder.js';

/** What a run varies. */
export interface ShardedRun {
    readonly model: 'digits' | 'regression';
    readonly format: string;
    readonly accumulate: 'quire' | 'rounded';
    readonly gradient: 'backprop' | 'forward';
    /** Rows per micro-batch. */
    readonly batch: number;
    readonly accumulateSteps?: number;
    readonly workers?: number;
    readonly epochs?: number;
    readonly workerScript?: string;
}

/** The digits MLP 64-16-12-10 (two hidden layers), or the regression graph. */
export function graphOf(run: Pick<ShardedRun, 'model' | 'format'>): IrGraph {
    const format = parseFormat(run.format)!;
    if (run.model === 'digits') return buildMlpGraph({ inputs: 64, hidden: [16, 12], classes: 10, format, inputScale: 1 / 16 });
    // y = ((x @ W) * s) / d + b - c: a matmul, a shared scale, a shared divisor, a bias, a shared offset.
    return new GraphBuilder(format.name)
        .input('x', [6]).target('t', [3])
        .param('W', [6, 3], { kind: 'uniform', low: -0.5, high: 0.5 }).param('s', [3], { kind: 'ones' }).param('d', [3], { kind: 'constant', value: 2 })
        .param('b', [3], { kind: 'zeros' }).param('c', [3], { kind: 'zeros' })
        .op('matmul', ['x', 'W'], 'h').op('mul', ['h', 's'], 'scaled').op('div', ['scaled', 'd'], 'q').op('add', ['q', 'b'], 'r').op('sub', ['r', 'c'], 'y')
        .op('mse', ['y', 't'], 'loss')
        .build(['y'], 'loss');
}

/** 90 rows of a linear target with a little structure, in the program's format. */
function regressionData(program: Program, allocator: TrackedAllocator): LoadedDataset {
    const format = program.formatOf(program.nodes.get('x')!)!;
    const rows = 90;
    const x = allocator.patterns(format, rows * 6, 'data', 'x') as Exclude<LoadedColumn & { kind: 'values' }, never>['data'];
    const t = allocator.patterns(format, rows * 3, 'data', 't') as typeof x;
    for (let r = 0; r < rows; r++) {
        for (let i = 0; i < 6; i++) x[r * 6 + i] = format.encode(Math.sin(r * 0.7 + i * 1.3)) as number;
        for (let j = 0; j < 3; j++) t[r * 3 + j] = format.encode(0.5 * Math.cos(r * 0.3 + j) + 0.25 * j) as number;
    }
    return { name: 'regression', file: 'in memory', rows, columns: new Map<string, LoadedColumn>([['x', { kind: 'values', width: 6, format, data: x }], ['t', { kind: 'values', width: 3, format, data: t }]]) };
}

/** The settings of a run. */
export function settingsOf(run: ShardedRun): TrainSettings {
    const lr = run.gradient === 'backprop' ? 0.05 : 0.002;
    return {
        gradient: run.gradient === 'backprop' ? { mode: 'backprop', tangents: 1 } : { mode: 'forward', tangents: 3 },
        optimizer: { kind: 'sgd', lr, momentum: 0.9, weightDecay: 0 },
        batch: run.batch,
        ...(run.accumulateSteps !== undefined ? { accumulateSteps: run.accumulateSteps } : {}),
        ...(run.workers !== undefined ? { workers: run.workers } : {}),
        epochs: run.epochs ?? 1,
        seed: 7
    };
}

/** Trains and returns the outcome with the final weights' bytes (empty when the run failed). */
export async function train(run: ShardedRun): Promise<{ outcome: TrainingOutcome; weights: Uint8Array; allocator: TrackedAllocator }> {
    const program = compile(graphOf(run), run.accumulate);
    const allocator = new TrackedAllocator();
    const data = run.model === 'digits' ? loadDigits(program, allocator, 'train-300') : regressionData(program, allocator);
    const outcome = await runTraining({ program, settings: settingsOf(run), train: data, allocator, ...(run.workerScript !== undefined ? { workerScript: run.workerScript } : {}) });
    if (outcome.kind === 'failed') return { outcome, weights: new Uint8Array(0), allocator };
    const weights = Uint8Array.from(outcome.executor.params.flatMap((p) => [...new Uint8Array(p.data.buffer, p.data.byteOffset, p.data.byteLength)]));
    outcome.executor.dispose();
    return { outcome, weights, allocator };
}

/** Bytes that differ between two weight images. */
export function differingBytes(a: Uint8Array, b: Uint8Array): number {
    if (a.length !== b.length) return Math.max(a.length, b.length);
    let count = 0;
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) count++;
    return count;
}
