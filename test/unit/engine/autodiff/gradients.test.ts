// Every operation's gradient rule, checked against central finite differences of the loss in
// float64, and the forward-mode tangent rule checked against the same gradients: forward mode with
// every basis direction reconstructs the gradient one component per tangent.
import { describe, expect, it } from 'vitest';
import { BasisDirections } from '../../../../engine/autodiff/directions.js';
import type { IrGraph } from '../../../../engine/ir/types.js';
import { Xoshiro128 } from '../../../../engine/random/xoshiro.js';
import { GraphBuilder } from '../support/graph-builder.js';
import { backpropGradients, compile, executorWith, forwardGradients, type BatchData } from '../support/harness.js';

interface GradientCase {
    readonly name: string;
    readonly graph: IrGraph;
    readonly batch: BatchData;
    /** Parameters drawn in (0.2, 1) instead of (−1, 1) (for log and sqrt). */
    readonly positive?: boolean;
}

const B = 3;
const rng = new Xoshiro128(2024);
const draw = (n: number, positive = false): number[] => Array.from({ length: n }, () => (positive ? 0.2 + 0.8 * rng.nextUniform() : 2 * rng.nextUniform() - 1));

// y = op(x @ Wa, x @ Wb) (both operands depend on parameters), loss = mse(y, t).
function binaryCase(op: 'add' | 'sub' | 'mul' | 'div' | 'max' | 'min', broadcast: boolean): GradientCase {
    const g = new GraphBuilder().input('x', [4]).target('t', [3]).param('Wa', [4, 3]).op('matmul', ['x', 'Wa'], 'a');
    if (broadcast) g.param('b', [3]);
    else g.param('Wb', [4, 3]).op('matmul', ['x', 'Wb'], 'b');
    g.op(op, ['a', 'b'], 'y').op('mse', ['y', 't'], 'loss');
    return { name: `${op}${broadcast ? ' (broadcast bias)' : ''}`, graph: g.build(['y'], 'loss'), batch: { size: B, values: { x: draw(4 * B, op === 'div'), t: draw(3 * B) } }, positive: op === 'div' };
}

// y = f(x @ W), loss = mse(y, t).
function unaryCase(op: 'relu' | 'tanh' | 'sigmoid' | 'exp' | 'log' | 'sqrt' | 'abs' | 'sin' | 'cos' | 'neg' | 'pow', exponent?: number): GradientCase {
    const positive = op === 'log' || op === 'sqrt';
    const g = new GraphBuilder().input('x', [4]).target('t', [3]).param('W', [4, 3]).op('matmul', ['x', 'W'], 'a')
        .op(op, ['a'], 'y', exponent !== undefined ? { exponent } : undefined).op('mse', ['y', 't'], 'loss');
    return { name: `${op}${exponent !== undefined ? `^${exponent}` : ''}`, graph: g.build(['y'], 'loss'), batch: { size: B, values: { x: draw(4 * B, positive), t: draw(3 * B) } }, positive };
}

const cases: GradientCase[] = [
    {
        name: 'matmul: batched vector @ shared matrix, plus bias',
        graph: new GraphBuilder().input('x', [4]).target('t', [3]).param('W', [4, 3]).param('b', [3])
            .op('matmul', ['x', 'W'], 'z').op('add', ['z', 'b'], 'y').op('mse', ['y', 't'], 'loss').build(['y'], 'loss'),
        batch: { size: B, values: { x: draw(4 * B), t: draw(3 * B) } }
    },
    {
        name: 'matmul: shared matrix @ batched vector',
        graph: new GraphBuilder().input('x', [4]).target('t', [3]).param('W', [3, 4])
            .op('matmul', ['W', 'x'], 'y').op('mse', ['y', 't'], 'loss').build(['y'], 'loss'),
        batch: { size: B, values: { x: draw(4 * B), t: draw(3 * B) } }
    },
    {
        name: 'matmul: batched @ batched (per-sample dot product)',
        graph: new GraphBuilder().input('x', [4]).target('t', []).param('Wa', [4, 4]).param('Wb', [4, 4])
            .op('matmul', ['x', 'Wa'], 'a').op('matmul', ['x', 'Wb'], 'b').op('matmul', ['a', 'b'], 'y').op('mse', ['y', 't'], 'loss').build(['y'], 'loss'),
        batch: { size: B, values: { x: draw(4 * B), t: draw(B) } }
    },
    {
        name: 'matmul: batched matrix @ shared matrix',
        graph: new GraphBuilder().input('x', [2, 3]).target('t', [2, 2]).param('W', [3, 2])
            .op('matmul', ['x', 'W'], 'y').op('mse', ['y', 't'], 'loss').build(['y'], 'loss'),
        batch: { size: B, values: { x: draw(6 * B), t: draw(4 * B) } }
    },
    ...(['add', 'sub', 'mul', 'div', 'max', 'min'] as const).flatMap((op) => [binaryCase(op, false), binaryCase(op, true)]),
    {
        // NumPy aligns per-sample shapes: a per-sample scalar [] broadcasts over a shared [3] as [B, 1].
        name: 'mul: per-sample scalar times a shared vector (batch axis stays first)',
        graph: new GraphBuilder().input('x', [4]).target('t', [3]).param('W', [4]).param('b', [3])
            .op('matmul', ['x', 'W'], 's').op('mul', ['s', 'b'], 'y').op('mse', ['y', 't'], 'loss').build(['y'], 'loss'),
        batch: { size: B, values: { x: draw(4 * B), t: draw(3 * B) } }
    },
    {
        // A per-sample [3] against a per-sample [2, 3] reads as [B, 1, 3].
        name: 'add: per-sample vector plus a per-sample matrix',
        graph: new GraphBuilder().input('x', [2, 4]).input('z', [4]).target('t', [2, 3]).param('W', [4, 3]).param('V', [4, 3])
            .op('matmul', ['x', 'W'], 'a').op('matmul', ['z', 'V'], 'v').op('add', ['a', 'v'], 'y').op('mse', ['y', 't'], 'loss').build(['y'], 'loss'),
        batch: { size: B, values: { x: draw(8 * B), z: draw(4 * B), t: draw(6 * B) } }
    },
    ...(['relu', 'tanh', 'sigmoid', 'exp', 'log', 'sqrt', 'abs', 'sin', 'cos', 'neg'] as const).map((op) => unaryCase(op)),
    unaryCase('pow', 2),
    unaryCase('pow', 3),
    {
        name: 'softmax (not fused: under mse)',
        graph: new GraphBuilder().input('x', [4]).target('t', [3]).param('W', [4, 3]).op('matmul', ['x', 'W'], 'a')
            .op('softmax', ['a'], 'y').op('mse', ['y', 't'], 'loss').build(['y'], 'loss'),
        batch: { size: B, values: { x: draw(4 * B), t: draw(3 * B) } }
    },
    ...(['sum', 'mean'] as const).map((op): GradientCase => ({
        name: op,
        graph: new GraphBuilder().input('x', [4]).target('t', []).param('W', [4, 3]).op('matmul', ['x', 'W'], 'a')
            .op(op, ['a'], 'y').op('mse', ['y', 't'], 'loss').build(['y'], 'loss'),
        batch: { size: B, values: { x: draw(4 * B), t: draw(B) } }
    })),
    {
        name: 'cross_entropy over softmax (fused: differentiated at the logits)',
        graph: new GraphBuilder().input('x', [4]).labels('label', 3).param('W', [4, 3]).param('b', [3]).op('matmul', ['x', 'W'], 'z')
            .op('add', ['z', 'b'], 'a').op('softmax', ['a'], 'y').op('cross_entropy', ['y', 'label'], 'loss').build(['y'], 'loss'),
        batch: { size: B, values: { x: draw(4 * B) }, labels: { label: [0, 2, 1] } }
    },
    {
        name: 'cross_entropy over scaled probabilities (not fused: through 1/p)',
        graph: new GraphBuilder().input('x', [4]).labels('label', 3).param('W', [4, 3]).constant('one', 1).op('matmul', ['x', 'W'], 'a')
            .op('softmax', ['a'], 'p').op('mul', ['p', 'one'], 'y').op('cross_entropy', ['y', 'label'], 'loss').build(['y'], 'loss'),
        batch: { size: B, values: { x: draw(4 * B) }, labels: { label: [1, 0, 2] } }
    },
    {
        name: 'two-layer relu MLP with a shared input (fan-out of x)',
        graph: new GraphBuilder().input('x', [4]).labels('label', 3).param('W1', [4, 5]).param('b1', [5]).param('W2', [5, 3]).param('V', [4, 3])
            .op('matmul', ['x', 'W1'], 'z1').op('add', ['z1', 'b1'], 'a1').op('tanh', ['a1'], 'h').op('matmul', ['h', 'W2'], 'z2')
            .op('matmul', ['x', 'V'], 'skip').op('add', ['z2', 'skip'], 'logits').op('softmax', ['logits'], 'y')
            .op('cross_entropy', ['y', 'label'], 'loss').build(['y'], 'loss'),
        batch: { size: B, values: { x: draw(4 * B) }, labels: { label: [2, 1, 0] } }
    }
];

function paramsFor(c: GradientCase): Record<string, number[]> {
    const params: Record<string, number[]> = {};
    for (const node of c.graph.nodes) if (node.role === 'param') params[node.name] = draw(node.shape.reduce((a, b) => a * b, 1), c.positive);
    return params;
}

describe('gradients of every op match central finite differences (float64)', () => {
    for (const c of cases) {
        it(c.name, () => {
            const program = compile(c.graph, 'rounded');
            const params = paramsFor(c);
            const { gradients } = backpropGradients(executorWith(program, 'backprop', B, params), c.batch);
            const lossAt = (changed: Record<string, number[]>): number => backpropGradients(executorWith(program, 'backprop', B, changed), c.batch).loss;
            let checked = 0;
            for (const [name, values] of Object.entries(params)) {
                const gradient = gradients.get(name)!;
                expect(gradient).toHaveLength(values.length);
                for (let i = 0; i < values.length; i++) {
                    const h = 1e-6 * Math.max(1, Math.abs(values[i]!));
                    const plus = lossAt({ ...params, [name]: values.map((v, j) => (j === i ? v + h : v)) });
                    const minus = lossAt({ ...params, [name]: values.map((v, j) => (j === i ? v - h : v)) });
                    const numeric = (plus - minus) / (2 * h);
                    expect(Math.abs(gradient[i]! - numeric)).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(numeric)));
                    checked++;
                }
            }
            expect(checked).toBeGreaterThan(0);
        });
    }
});

describe('forward mode with every basis direction gives the backprop gradient (float64)', () => {
    for (const c of cases) {
        it(c.name, () => {
            const program = compile(c.graph, 'rounded');
            const params = paramsFor(c);
            const back = backpropGradients(executorWith(program, 'backprop', B, params), c.batch);
            const sizes = program.params.map((p) => p.shape.reduce((a, b) => a * b, 1));
            const forward = forwardGradients(executorWith(program, 'forward', B, params, undefined, true), c.batch, new BasisDirections(sizes));
            expect(forward.loss).toBe(back.loss);
            for (const [name, gradient] of back.gradients) {
                const estimate = forward.gradients.get(name)!;
                for (let i = 0; i < gradient.length; i++) expect(Math.abs(estimate[i]! - gradient[i]!)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(gradient[i]!)));
            }
        });
    }
});
