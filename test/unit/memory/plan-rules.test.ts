// The planner against the engine on hand-built graphs that reach rules the examples do not: an
// operand read twice by one edge (both want a gradient), fan-out gradients added into one
// another, a parameter read by a unary rule (its direction materialised as a tensor), division by
// a parameter, pow, an unfused softmax, a reduction, Adam's two state tensors in a wider state
// format (one more quire), and a fused softmax/cross-entropy in posit8 with posit16 state.
import { describe, expect, it } from 'vitest';
import { GraphBuilder } from '../engine/support/graph-builder.js';
import { compile } from '../engine/support/harness.js';
import { TrackedAllocator } from '../../../engine/memory/allocator.js';
import type { LoadedColumn, LoadedDataset } from '../../../engine/data/csv-dataset.js';
import type { Program } from '../../../engine/exec/program.js';
import type { NumberPatternArray } from '../../../engine/tensor/tensor.js';
import type { IrGraph } from '../../../engine/ir/types.js';
import type { OptimizerSpec } from '../../../engine/optim/optimizer.js';
import { stateTensorsPerParam } from '../../../engine/optim/optimizer.js';
import { Xoshiro128 } from '../../../engine/random/xoshiro.js';
import { runInference } from '../../../engine/train/run-inference.js';
import { runTraining } from '../../../engine/train/trainer.js';
import { planMemory } from '../../../language/memory/plan-memory.js';
import type { ModePlan } from '../../../language/memory/plan-types.js';
import type { MemoryReport } from '../../../engine/train/memory-report.js';

// Rows of small random numbers for every input and numeric target, random labels for class targets.
function syntheticData(program: Program, allocator: TrackedAllocator, rows: number): LoadedDataset {
    const rng = new Xoshiro128(5);
    const columns = new Map<string, LoadedColumn>();
    for (const node of program.graph.nodes) {
        if (node.role !== 'input' && node.role !== 'target') continue;
        if (node.format.startsWith('class(')) {
            const classes = Number(/\d+/.exec(node.format)![0]);
            const labels = allocator.int32(rows, 'data', node.name);
            for (let i = 0; i < rows; i++) labels[i] = Math.floor(rng.nextUniform() * classes);
            columns.set(node.name, { kind: 'class', classes, labels });
            continue;
        }
        const format = program.formatOf(node)!;
        const width = node.shape.reduce((a, b) => a * b, 1);
        const data = allocator.patterns(format, rows * width, 'data', node.name) as NumberPatternArray;
        format.encodeArray(Float64Array.from({ length: rows * width }, () => 0.25 + rng.nextUniform()), data, rows * width);
        columns.set(node.name, { kind: 'values', width, format, data });
    }
    return { name: 'synthetic', file: 'synthetic', rows, columns };
}

interface Case {
    readonly name: string;
    readonly graph: IrGraph;
    readonly optimizer: OptimizerSpec;
    readonly stateFormat?: string;
    readonly batch: number;
}

const cases: Case[] = [
    {
        name: 'operand read twice, fan-out, unary rule on a parameter, division, pow, unfused softmax, sum, mse; Adam in posit32 state',
        graph: new GraphBuilder('posit<16>').input('x', [6]).target('t', []).param('W', [6, 5], { kind: 'he' }).param('s', [5], { kind: 'ones' }).param('c', [5], { kind: 'ones' })
            .op('matmul', ['x', 'W'], 'a').op('tanh', ['a'], 'h').op('mul', ['h', 'h'], 'h2').op('abs', ['s'], 'as').op('div', ['h2', 'as'], 'q')
            .op('pow', ['c'], 'c3', { exponent: 3 }).op('add', ['q', 'c3'], 'z').op('add', ['z', 'h'], 'z2').op('softmax', ['z2'], 'p').op('sum', ['p'], 'y').op('mse', ['y', 't'], 'loss')
            .build(['y'], 'loss'),
        optimizer: { kind: 'adam', lr: 1e-4, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0 },
        stateFormat: 'posit<32>',
        batch: 7
    },
    {
        // Backward of h·g allocates h's second gradient (added into the first one afterwards) and
        // g's first one before either is freed: that moment is this graph's peak.
        name: 'every operand gradient of an edge is live together, a fan-out contribution included',
        graph: new GraphBuilder('float32').input('x', [64]).target('t', []).param('W', [64, 256], { kind: 'he' }).param('V', [64, 256], { kind: 'he' })
            .op('matmul', ['x', 'W'], 'a').op('tanh', ['a'], 'h').op('matmul', ['x', 'V'], 'b').op('tanh', ['b'], 'g').op('mul', ['h', 'g'], 'u')
            .op('sum', ['u'], 'y').op('sum', ['h'], 'y2').op('add', ['y', 'y2'], 's').op('mse', ['s', 't'], 'loss')
            .build(['s'], 'loss'),
        optimizer: { kind: 'sgd', lr: 1e-3, momentum: 0, weightDecay: 0 },
        batch: 32
    },
    {
        name: 'fused softmax and cross-entropy, a mean, in posit8 with posit16 momentum',
        graph: new GraphBuilder('posit<8>').input('x', [8]).labels('label', 4).param('W', [8, 4], { kind: 'he' }).param('b', [4])
            .op('matmul', ['x', 'W'], 'a').op('add', ['a', 'b'], 'z').op('softmax', ['z'], 'p').op('mean', ['z'], 'm').op('cross_entropy', ['p', 'label'], 'loss')
            .build(['p', 'm'], 'loss'),
        optimizer: { kind: 'sgd', lr: 1e-3, momentum: 0.9, weightDecay: 0 },
        stateFormat: 'posit<16>',
        batch: 16
    }
];

/** A measurement in the plan's terms: the peak and its classes (`data` is never in a plan). */
function measuredPeak(measured: MemoryReport): { peak: number; byClass: Record<string, number> } {
    const { data: _data, ...byClass } = measured.byClass;
    return { peak: measured.peak, byClass };
}

describe('the planner follows the engine through every memory rule', () => {
    for (const c of cases) {
        it(c.name, async () => {
            const program = compile(c.graph, 'quire');
            const settings = { batch: c.batch, stateTensorsPerParam: stateTensorsPerParam(c.optimizer), tangents: 2, ...(c.stateFormat !== undefined ? { stateFormat: c.stateFormat } : {}) };
            const outcome = planMemory(c.graph, settings);
            if (!outcome.ok) throw new Error(outcome.problems.map((p) => p.message).join('; '));
            const plan = outcome.plan;
            const inferenceAllocator = new TrackedAllocator();
            const inference = runInference(program, syntheticData(program, inferenceAllocator, 3 * c.batch), c.batch, { kind: 'init', seed: 1 }, inferenceAllocator);
            if (!inference.ok) throw new Error(inference.error.message);
            expect(planned(plan.inference)).toEqual(measuredPeak(inference.value.memory));
            for (const mode of ['backprop', 'forward'] as const) {
                const allocator = new TrackedAllocator();
                const trained = await runTraining({
                    program, allocator, train: syntheticData(program, allocator, 3 * c.batch),
                    settings: { gradient: { mode, tangents: 2 }, optimizer: c.optimizer, batch: c.batch, epochs: 1, seed: 3, ...(c.stateFormat !== undefined ? { stateFormat: c.stateFormat } : {}) }
                });
                if (trained.kind !== 'done') throw new Error(trained.kind === 'failed' ? trained.error.message : 'interrupted');
                trained.executor.dispose();
                expect({ mode, ...planned(plan[mode]) }).toEqual({ mode, ...measuredPeak(trained.memory) });
            }
        });
    }
});

/** A plan's peak and classes (NaN when the mode was not planned). */
function planned(plan: ModePlan | undefined): { peak: number; byClass: Record<string, number> } {
    return plan === undefined ? { peak: NaN, byClass: {} } : { peak: plan.peak, byClass: { ...plan.byClass } };
}
