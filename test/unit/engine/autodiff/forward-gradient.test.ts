// Forward mode against backprop: bit-for-bit with basis directions when every float64 operation is
// exact (dyadic data, relu, mse), in both accumulation modes; and the Rademacher forward gradient
// as an unbiased estimate of the true gradient.
import { describe, expect, it } from 'vitest';
import { BasisDirections, RademacherDirections } from '../../../../engine/autodiff/directions.js';
import { GraphBuilder } from '../support/graph-builder.js';
import { backpropGradients, compile, executorWith, forwardGradients } from '../support/harness.js';

// A relu MLP with an mse loss over 4 samples × 2 outputs: 2/n = 1/4, so every gradient is dyadic.
const mlp = new GraphBuilder().input('x', [3]).target('t', [2])
    .param('W1', [3, 4]).param('b1', [4]).param('W2', [4, 2]).param('b2', [2])
    .op('matmul', ['x', 'W1'], 'z1').op('add', ['z1', 'b1'], 'a1').op('relu', ['a1'], 'h')
    .op('matmul', ['h', 'W2'], 'z2').op('add', ['z2', 'b2'], 'y').op('mse', ['y', 't'], 'loss')
    .build(['y'], 'loss');
const params = {
    W1: [0.5, -0.25, 1, 0.125, -1, 0.75, 0.5, -0.5, 0.25, 0.375, -0.125, 1.5],
    b1: [0.125, -0.5, 0.25, 0],
    W2: [1, -0.5, 0.25, 0.75, -1.25, 0.5, 0.625, -0.375],
    b2: [-0.25, 0.5]
};
const batch = { size: 4, values: { x: [1, 2, -1, 0, 3, 1, -2, 1, 2, 1, -1, -3], t: [1, -2, 0, 3, 2, 1, -1, 0] } };

describe('forward mode with all basis directions equals backprop exactly in float64', () => {
    for (const accumulate of ['rounded', 'quire'] as const) {
        it(`bit for bit, accumulate ${accumulate}`, () => {
            const program = compile(mlp, accumulate);
            const back = backpropGradients(executorWith(program, 'backprop', 4, params), batch);
            const sizes = program.params.map((p) => p.shape.reduce((a, b) => a * b, 1));
            const forward = forwardGradients(executorWith(program, 'forward', 4, params, undefined, true), batch, new BasisDirections(sizes));
            let nonzero = 0;
            for (const [name, gradient] of back.gradients) {
                expect([...forward.gradients.get(name)!]).toEqual([...gradient]);
                nonzero += gradient.filter((g) => g !== 0).length;
            }
            expect(nonzero).toBeGreaterThan(10);
        });
    }
});

describe('Rademacher forward gradient', () => {
    it('is an unbiased estimate: the mean of K = 4096 directional updates approaches the gradient', () => {
        const program = compile(mlp, 'rounded');
        const back = backpropGradients(executorWith(program, 'backprop', 4, params), batch);
        const K = 4096;
        const forward = forwardGradients(executorWith(program, 'forward', 4, params), batch, new RademacherDirections(99, K));
        const all = [...back.gradients.values()].flatMap((g) => [...g]);
        const norm = Math.sqrt(all.reduce((s, g) => s + g * g, 0));
        // Each component's estimate has standard deviation ≤ ‖∇L‖/√K; allow five of them.
        for (const [name, gradient] of back.gradients) {
            const estimate = forward.gradients.get(name)!;
            for (let i = 0; i < gradient.length; i++) expect(Math.abs(estimate[i]! / K - gradient[i]!)).toBeLessThan((5 * norm) / Math.sqrt(K));
        }
    });

    it('regenerates the same directions for the same seed and step, and new ones for the next step', () => {
        const program = compile(mlp, 'rounded');
        const run = (step: number): Float64Array => forwardGradients(executorWith(program, 'forward', 4, params), batch, new RademacherDirections(5, 1), step).gradients.get('W1')!;
        expect([...run(3)]).toEqual([...run(3)]);
        expect([...run(3)]).not.toEqual([...run(4)]);
    });
});
