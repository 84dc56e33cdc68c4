// Multivector graphs in the engine's executor: a GA graph compiles (and a malformed one is refused
// with a reason), its backprop gradients match finite differences of the loss, forward mode with
// basis directions reconstructs them, and training runs end to end through `runTraining` in both
// gradient modes, updating only the stored coefficients.
import { describe, expect, it } from 'vitest';
import { BasisDirections } from '../../../engine/autodiff/directions.js';
import { Program } from '../../../engine/exec/program.js';
import { cliffordAlgebra } from '../../../engine/ga/algebra.js';
import type { BladeSupport } from '../../../engine/ga/blade-support.js';
import { gaOps, irSupportOf } from '../../../engine/ga/ir-edges.js';
import { gaEdgeMemory } from '../../../engine/ga/memory-rules.js';
import { Executor } from '../../../engine/exec/executor.js';
import { namedSubspace, type SubspaceName } from '../../../engine/ga/subspaces.js';
import { parseCsvDataset } from '../../../engine/data/csv-dataset.js';
import type { IrEdge, IrGraph, IrNode, IrNodeRole, IrOp } from '../../../engine/ir/types.js';
import { TrackedAllocator } from '../../../engine/memory/allocator.js';
import { parseFormat } from '../../../engine/numeric/index.js';
import { Xoshiro128 } from '../../../engine/random/xoshiro.js';
import { runTraining } from '../../../engine/train/trainer.js';
import { allocateTensor, tensorValues } from '../../../engine/tensor/tensor.js';
import { initializeParams } from '../../../engine/train/init.js';
import { backpropGradients, compile, executorWith, forwardGradients, inferOutputs } from '../engine/support/harness.js';

function subspace(signature: [number, number, number], name: SubspaceName): BladeSupport {
    const algebra = cliffordAlgebra(...signature);
    if (!algebra.ok) throw new Error(algebra.error.message);
    const result = namedSubspace(algebra.value, name);
    if (!result.ok) throw new Error(result.error.message);
    return result.value.support;
}

/** A hand-written graph with multivector nodes (shape: array axes, then the support's coefficients). */
class GaGraph {
    readonly nodes: IrNode[] = [];
    readonly edges: IrEdge[] = [];
    constructor(readonly format: string) {}

    node(name: string, role: IrNodeRole, support: BladeSupport | undefined, batched: boolean, extra: Partial<IrNode> = {}): this {
        const shape = support !== undefined ? [support.size] : [];
        const bytes = parseFormat(this.format)!.bytes * shape.reduce((a, b) => a * b, 1);
        this.nodes.push({ name, role, shape, batched, dimension: {}, format: this.format, lifetime: role === 'param' ? 'param' : 'activation', bytes, ...(support !== undefined ? { support: irSupportOf(support, 'A') } : {}), ...extra });
        return this;
    }

    edge(op: IrOp, sources: string[], target: string, attributes?: IrEdge['attributes']): this {
        this.edges.push({ op, sources, target, ...(attributes !== undefined ? { attributes } : {}) });
        return this;
    }

    build(outputs: string[], loss?: string): IrGraph {
        return { model: 'Pose', nodes: this.nodes, edges: this.edges, outputs, ...(loss !== undefined ? { loss } : {}) };
    }
}

const vgaVector = subspace([3, 0, 0], 'vector');
const vgaRotor = subspace([3, 0, 0], 'rotor');

/** y = R x ~R + t, loss mse(y, moved): the pose model as lowering emits it. */
function poseGraph(format: string): IrGraph {
    return new GaGraph(format)
        .node('x', 'input', vgaVector, true)
        .node('moved', 'target', vgaVector, true)
        .node('R', 'param', vgaRotor, false, { init: { kind: 'identity' } })
        .node('t', 'param', vgaVector, false)
        .node('%1', 'value', vgaVector, true)
        .node('y', 'output', vgaVector, true)
        .node('loss', 'loss', undefined, false)
        .edge('sandwich', ['R', 'x', 'R'], '%1')
        .edge('ga_add', ['%1', 't'], 'y')
        .edge('mse', ['y', 'moved'], 'loss')
        .build(['y'], 'loss');
}

const rng = new Xoshiro128(9, 9);
const sample = (n: number): number[] => Array.from({ length: n }, () => Math.round((2 * rng.nextUniform() - 1) * 64) / 64);
const params = { R: [0.875, 0.25, -0.125, 0.375], t: [0.25, -0.5, 0.125] };
const batch = { size: 4, values: { x: sample(12), moved: sample(12) } };

describe('multivector graphs compile', () => {
    it('the pose graph stores 4 + 3 coefficients per parameter and validates', () => {
        const program = compile(poseGraph('posit16'));
        expect(program.params.map((p) => p.bytes)).toEqual([8, 6]);
    });

    it('a node whose last axis does not hold its support, and mixed algebras, are refused with reasons', () => {
        const graph = poseGraph('float64');
        const wrong = { ...graph, nodes: graph.nodes.map((n) => (n.name === 'R' ? { ...n, shape: [8], bytes: 64 } : n)) };
        const refused = Program.compile(wrong, 'quire');
        expect('problems' in refused && refused.problems.map((p) => p.message).join('\n')).toMatch(/stores 4 coefficients .* shape is \[8\]/);
        const pga = subspace([3, 0, 1], 'vector');
        const mixed = { ...graph, nodes: graph.nodes.map((n) => (n.name === 't' ? { ...n, support: irSupportOf(pga, 'PGA'), shape: [4], bytes: 32 } : n)) };
        const refusedMixed = Program.compile(mixed, 'quire');
        expect('problems' in refusedMixed && refusedMixed.problems.map((p) => p.message).join('\n')).toMatch(/mixes Cl\(3,0,0\) and Cl\(3,0,1\)/);
    });
});

describe('memory rules for planners', () => {
    it('gaEdgeMemory states the scratch the executor sizes its arena with, in every mode', () => {
        const program = compile(poseGraph('posit16'));
        for (const mode of ['inference', 'backprop', 'forward'] as const) {
            const executor = new Executor(program, new TrackedAllocator(), mode, 16);
            for (const { edge, need } of executor.scratchNeeds) {
                const ir = program.graph.edges.find((candidate) => candidate.target === edge)!;
                if (!gaOps.has(ir.op)) continue;
                const memory = gaEdgeMemory(ir, ir.sources.map((name) => program.nodes.get(name)!), program.nodes.get(ir.target)!);
                if (typeof memory === 'string') throw new Error(memory);
                const expected = Math.max(memory.forwardScratch(16), mode === 'backprop' ? memory.backwardScratch(16) : 0, mode === 'forward' ? memory.tangentScratch(16) : 0);
                // In forward mode the executor reserves sign words for every parameter operand (its general policy, docs/memory.md).
                const words = mode === 'forward' ? ir.sources.filter((name) => program.nodes.get(name)!.role === 'param').reduce((sum, name) => sum + Math.ceil(program.nodes.get(name)!.shape.reduce((a, b) => a * b, 1) / 32), 0) : 0;
                expect(need, `${mode} ${ir.op}`).toEqual({ f64: expected, words });
            }
            executor.dispose();
        }
    });
});

describe('initialisation', () => {
    it('init identity makes every multivector of an array param the scalar 1', () => {
        const node: IrNode = { name: 'Rs', role: 'param', shape: [3, 4], batched: false, dimension: {}, format: 'float64', lifetime: 'param', bytes: 96, support: irSupportOf(vgaRotor, 'VGA'), init: { kind: 'identity' } };
        const tensor = allocateTensor(new TrackedAllocator(), parseFormat('float64')!, [3, 4], 'param', 'Rs');
        initializeParams([node], [tensor], 1);
        expect([...tensorValues(tensor)]).toEqual([1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0]);
    });
});

describe('gradients through the executor', () => {
    for (const accumulate of ['quire', 'rounded'] as const) {
        it(`backprop matches finite differences of the loss (float64, ${accumulate})`, () => {
            const program = compile(poseGraph('float64'), accumulate);
            const { gradients } = backpropGradients(executorWith(program, 'backprop', 4, params), batch);
            const loss = (p: Record<string, number[]>): number => {
                const y = inferOutputs(executorWith(program, 'inference', 4, p), batch).get('y')!;
                return y.reduce((s, v, i) => s + (v - batch.values.moved[i]!) ** 2, 0) / y.length;
            };
            const h = 1e-6;
            for (const name of ['R', 't'] as const) {
                params[name].forEach((_, i) => {
                    const shifted = (d: number): Record<string, number[]> => ({ ...params, [name]: params[name].map((v, j) => (j === i ? v + d : v)) });
                    expect(gradients.get(name)![i]!).toBeCloseTo((loss(shifted(h)) - loss(shifted(-h))) / (2 * h), 7);
                });
            }
            expect(gradients.get('R')!.length).toBe(4);
        });
    }

    it('forward mode with every basis direction reconstructs the backprop gradient', () => {
        const program = compile(poseGraph('float64'), 'quire');
        const back = backpropGradients(executorWith(program, 'backprop', 4, params), batch);
        const forward = forwardGradients(executorWith(program, 'forward', 4, params, undefined, true), batch, new BasisDirections([4, 3]));
        for (const [name, gradient] of back.gradients) {
            forward.gradients.get(name)!.forEach((g, i) => expect(g).toBeCloseTo(gradient[i]!, 12));
        }
    });
});

describe('arrays of multivectors', () => {
    // Two rotors (a param of shape [2, 4]) applied to each sample's vector: y has shape [2, 3] per sample.
    const graph = (): IrGraph => {
        const g = new GaGraph('float64').node('x', 'input', vgaVector, true);
        g.nodes.push({ name: 'moved', role: 'target', shape: [2, 3], batched: true, dimension: {}, format: 'float64', lifetime: 'activation', bytes: 48, support: irSupportOf(vgaVector, 'VGA') });
        g.nodes.push({ name: 'Rs', role: 'param', shape: [2, 4], batched: false, dimension: {}, format: 'float64', lifetime: 'param', bytes: 64, support: irSupportOf(vgaRotor, 'VGA') });
        g.nodes.push({ name: 'y', role: 'output', shape: [2, 3], batched: true, dimension: {}, format: 'float64', lifetime: 'activation', bytes: 48, support: irSupportOf(vgaVector, 'VGA') });
        return g.node('loss', 'loss', undefined, false).edge('sandwich', ['Rs', 'x', 'Rs'], 'y').edge('mse', ['y', 'moved'], 'loss').build(['y'], 'loss');
    };
    const rotors = [1, 0, 0, 0, 0, 1, 0, 0];
    const data = { size: 2, values: { x: [1, 2, 3, -1, 0.5, 2], moved: [1, 2, 3, -1, -2, 3, -1, 0.5, 2, 1, -0.5, 2] } };

    it('broadcast each array element over the batch: identity, then a half-turn in the e12 plane', () => {
        const y = inferOutputs(executorWith(compile(graph()), 'inference', 2, { Rs: rotors }), data).get('y')!;
        // Sample 0: x = (1, 2, 3) → identity (1, 2, 3), e12 half-turn (−1, −2, 3); sample 1 likewise.
        expect([...y]).toEqual([1, 2, 3, -1, -2, 3, -1, 0.5, 2, 1, -0.5, 2]);
    });

    it('the gradient of each array element sums over the batch and matches finite differences', () => {
        const program = compile(graph());
        const start = [0.9, 0.1, -0.2, 0.3, 0.2, 0.8, 0.1, -0.1];
        const { gradients } = backpropGradients(executorWith(program, 'backprop', 2, { Rs: start }), data);
        const loss = (rs: number[]): number => {
            const y = inferOutputs(executorWith(program, 'inference', 2, { Rs: rs }), data).get('y')!;
            return y.reduce((sum, v, i) => sum + (v - data.values.moved[i]!) ** 2, 0) / y.length;
        };
        start.forEach((_, i) => {
            const shift = (d: number): number[] => start.map((v, j) => (j === i ? v + d : v));
            expect(gradients.get('Rs')![i]!).toBeCloseTo((loss(shift(1e-6)) - loss(shift(-1e-6))) / 2e-6, 7);
        });
    });
});

describe('training a multivector model with runTraining', () => {
    // Rotation by 90° in the e12 plane (x → y), then t = (0.5, 0, -0.25); 64 rows.
    const rows = Array.from({ length: 64 }, (_, i) => {
        const x = [Math.cos(i), Math.sin(2 * i), Math.cos(3 * i) / 2];
        return [...x, -x[1]! + 0.5, x[0]!, x[2]! - 0.25].join(',');
    }).join('\n');

    for (const mode of ['backprop', 'forward'] as const) {
        it(`learns in posit16 with exact accumulation (${mode})`, async () => {
            const program = compile(poseGraph('posit<16>'), 'quire');
            const allocator = new TrackedAllocator();
            const format = parseFormat('posit16')!;
            const data = parseCsvDataset(rows, { name: 'pairs', file: 'pairs.csv', columns: [{ name: 'x', kind: 'values', first: 0, count: 3 }, { name: 'moved', kind: 'values', first: 3, count: 3 }] }, () => format, allocator);
            if (!data.ok) throw new Error(data.error.message);
            const outcome = await runTraining({
                program, allocator, train: data.value,
                settings: { gradient: { mode, tangents: 1 }, optimizer: { kind: 'sgd', lr: mode === 'backprop' ? 0.1 : 0.02, momentum: 0.9, weightDecay: 0 }, batch: 16, epochs: mode === 'backprop' ? 40 : 120, seed: 1 }
            });
            if (outcome.kind !== 'done') throw new Error(outcome.kind === 'failed' ? outcome.error.message : 'interrupted');
            const first = outcome.history[0]!.loss;
            const last = outcome.history[outcome.history.length - 1]!.loss;
            expect(last).toBeLessThan(first / (mode === 'backprop' ? 100 : 10));
            const R = tensorValues(outcome.executor.param('R'));
            expect(R.length).toBe(4);
            if (mode === 'backprop') {
                // R ≈ ±(cos 45°, −sin 45° e12): x → y is a rotation in the e12 plane.
                expect(Math.abs(R[0]!)).toBeCloseTo(Math.SQRT1_2, 1);
                expect(Math.abs(R[1]!)).toBeCloseTo(Math.SQRT1_2, 1);
            }
            outcome.executor.dispose();
        });
    }
});
