// docs/memory.md is precise enough to predict the allocator: a planner written from the document
// alone (support/documented-plan.ts) must give the measured peak and its breakdown, byte for byte,
// for inference, backprop and forward-gradient training of several models and formats.
import { describe, expect, it } from 'vitest';
import { parseFormat } from '../../../../engine/numeric/index.js';
import { buildMlpGraph } from '../../../../engine/ir/mlp.js';
import type { IrGraph } from '../../../../engine/ir/types.js';
import { TrackedAllocator } from '../../../../engine/memory/allocator.js';
import type { LoadedDataset } from '../../../../engine/data/csv-dataset.js';
import type { Program } from '../../../../engine/exec/program.js';
import type { NumberPatternArray } from '../../../../engine/tensor/tensor.js';
import { runInference } from '../../../../engine/train/run-inference.js';
import { runTraining } from '../../../../engine/train/trainer.js';
import { Xoshiro128 } from '../../../../engine/random/xoshiro.js';
import { compile } from '../support/harness.js';
import { loadDigits } from '../support/digits.js';
import { GraphBuilder } from '../support/graph-builder.js';
import { documentedPlan } from '../support/documented-plan.js';

// Rows of random data for every input and numeric target of a program.
function syntheticData(program: Program, allocator: TrackedAllocator, rows: number): LoadedDataset {
    const rng = new Xoshiro128(9);
    const columns = new Map<string, LoadedDataset['columns'] extends ReadonlyMap<string, infer C> ? C : never>();
    for (const node of program.graph.nodes) {
        if (node.role !== 'input' && node.role !== 'target') continue;
        const format = program.formatOf(node)!;
        const width = node.shape.reduce((a, b) => a * b, 1);
        const data = allocator.patterns(format, rows * width, 'data', node.name) as NumberPatternArray;
        format.encodeArray(Float64Array.from({ length: rows * width }, () => rng.nextUniform() - 0.5), data, rows * width);
        columns.set(node.name, { kind: 'values', width, format, data });
    }
    return { name: 'synthetic', file: 'synthetic', rows, columns };
}

interface Case {
    readonly name: string;
    readonly graph: IrGraph;
    readonly stateFormat?: string;
    readonly digits: boolean;
}

const posit16 = parseFormat('posit16')!;
const cases: Case[] = [
    { name: 'MLP 64-32-10, posit16', graph: buildMlpGraph({ inputs: 64, hidden: [32], classes: 10, format: posit16, inputScale: 1 / 16 }), digits: true },
    { name: 'MLP 64-32-32-32-10, posit16', graph: buildMlpGraph({ inputs: 64, hidden: [32, 32, 32], classes: 10, format: posit16 }), digits: true },
    { name: 'MLP 64-16-10, posit8 with posit16 state', graph: buildMlpGraph({ inputs: 64, hidden: [16], classes: 10, format: parseFormat('posit8')! }), stateFormat: 'posit<16>', digits: true },
    { name: 'MLP 64-24-10 tanh, float32', graph: buildMlpGraph({ inputs: 64, hidden: [24], classes: 10, format: parseFormat('float32')!, activation: 'tanh' }), digits: true },
    {
        name: 'regression with fan-out, a scaling param, unfused softmax, sum and mse (bposit16)',
        graph: new GraphBuilder('bposit<16>').input('x', [6]).target('t', []).param('W', [6, 5], { kind: 'he' }).param('V', [6, 5], { kind: 'he' }).param('s', [5], { kind: 'ones' })
            .op('matmul', ['x', 'W'], 'a').op('tanh', ['a'], 'h').op('matmul', ['x', 'V'], 'skip').op('mul', ['h', 's'], 'hs').op('add', ['hs', 'skip'], 'z')
            .op('softmax', ['z'], 'p').op('sum', ['p'], 'y').op('mse', ['y', 't'], 'loss').build(['y'], 'loss'),
        digits: false
    }
];

describe('the documented memory policy predicts the measured peaks exactly', () => {
    for (const c of cases) {
        it(c.name, async () => {
            const program = compile(c.graph, 'quire');
            const data = (allocator: TrackedAllocator): LoadedDataset => (c.digits ? loadDigits(program, allocator, 'train-300') : syntheticData(program, allocator, 100));
            const inferenceAllocator = new TrackedAllocator();
            const inference = runInference(program, data(inferenceAllocator), 32, { kind: 'init', seed: 1 }, inferenceAllocator);
            if (!inference.ok) throw new Error(inference.error.message);
            const plannedInference = documentedPlan({ graph: c.graph, mode: 'inference', batch: 32, withTargets: true });
            expect({ ...plannedInference, byClass: { ...plannedInference.byClass, data: 0 } }).toEqual({ peak: inference.value.memory.peak, byClass: { ...inference.value.memory.byClass, data: 0 } });
            for (const mode of ['backprop', 'forward'] as const) {
                const allocator = new TrackedAllocator();
                const outcome = await runTraining({
                    program, allocator, train: data(allocator),
                    settings: { gradient: { mode, tangents: 1 }, optimizer: { kind: 'sgd', lr: 1e-4, momentum: 0.9, weightDecay: 0 }, batch: 32, epochs: 1, seed: 2, ...(c.stateFormat !== undefined ? { stateFormat: c.stateFormat } : {}) }
                });
                if (outcome.kind !== 'done') throw new Error(outcome.kind === 'failed' ? outcome.error.message : 'interrupted');
                outcome.executor.dispose();
                const planned = documentedPlan({ graph: c.graph, mode, batch: 32, statePerParam: 1, withTargets: true, ...(c.stateFormat !== undefined ? { stateFormat: c.stateFormat } : {}) });
                const { data: _measuredData, ...measuredByClass } = outcome.memory.byClass;
                const { data: _plannedData, ...plannedByClass } = planned.byClass;
                expect({ mode, peak: planned.peak, byClass: plannedByClass }).toEqual({ mode, peak: outcome.memory.peak, byClass: measuredByClass });
            }
        });
    }
});
