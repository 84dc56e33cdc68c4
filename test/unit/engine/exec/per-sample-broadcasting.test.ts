// Elementwise ops broadcast per-sample shapes as NumPy does, with the batch axis kept first: a
// batched operand with fewer per-sample axes than the result gets its size-1 axes after the batch
// axis. Expected values are written out by hand, independently of the engine's broadcasting.
import { describe, expect, it } from 'vitest';
import { GraphBuilder } from '../support/graph-builder.js';
import { compile, executorWith, inferOutputs } from '../support/harness.js';

describe('per-sample broadcasting of elementwise ops', () => {
    it('a per-sample scalar times a shared [3] gives [B, 3] with each sample scaled by its own scalar', () => {
        // s = x @ W (per-sample scalar), y = s * b
        const graph = new GraphBuilder().input('x', [2]).param('W', [2]).param('b', [3])
            .op('matmul', ['x', 'W'], 's').op('mul', ['s', 'b'], 'y').build(['y']);
        const executor = executorWith(compile(graph), 'inference', 2, { W: [1, 1], b: [1, 10, 100] });
        const outputs = inferOutputs(executor, { size: 2, values: { x: [1, 2, 3, 4] } });
        // sample 0: s = 3, sample 1: s = 7
        expect(Array.from(outputs.get('y')!)).toEqual([3, 30, 300, 7, 70, 700]);
    });

    it('a per-sample [3] plus a per-sample [2, 3] adds the vector to both rows of its own sample', () => {
        const graph = new GraphBuilder().input('m', [2, 3]).input('v', [3]).op('add', ['m', 'v'], 'y').build(['y']);
        const executor = executorWith(compile(graph), 'inference', 2, {});
        const outputs = inferOutputs(executor, { size: 2, values: { m: [0, 0, 0, 10, 10, 10, 20, 20, 20, 30, 30, 30], v: [1, 2, 3, 4, 5, 6] } });
        expect(Array.from(outputs.get('y')!)).toEqual([1, 2, 3, 11, 12, 13, 24, 25, 26, 34, 35, 36]);
    });

    it('a shared [3] still broadcasts from the right over [B, 3] (a bias)', () => {
        const graph = new GraphBuilder().input('x', [3]).param('b', [3]).op('add', ['x', 'b'], 'y').build(['y']);
        const executor = executorWith(compile(graph), 'inference', 2, { b: [1, 2, 3] });
        const outputs = inferOutputs(executor, { size: 2, values: { x: [10, 20, 30, 40, 50, 60] } });
        expect(Array.from(outputs.get('y')!)).toEqual([11, 22, 33, 41, 52, 63]);
    });
});
