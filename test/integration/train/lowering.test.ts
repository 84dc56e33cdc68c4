// Lowering a train block to the IR and the data specs: names, roles, shapes, dimensions, formats,
// initialisers and literals (with their signs and units) as the source says.
import { describe, expect, it } from 'vitest';
import { loadTrainingModel } from '../../../cli/train-model-loader.js';
import { trainFixtures } from '../../unit/engine/support/digits.js';

const folder = `${trainFixtures}lowering/`;

describe('lowering signed-literals.phg', () => {
    it('keeps signs and units of ranges, initialisers and constants, and names every value', async () => {
        const loaded = await loadTrainingModel(`${folder}signed-literals.phg`, folder, {});
        if (!loaded.ok) throw new Error(loaded.error.message);
        const { graph, train, settings } = loaded.value.lowered;
        expect(train.columns).toEqual([{ name: 'v', kind: 'values', first: 0, count: 2, range: [-2, 2] }, { name: 'y', kind: 'values', first: 2, count: 1 }]);
        const node = (name: string) => graph.nodes.find((n) => n.name === name)!;
        expect(node('b')).toMatchObject({ role: 'param', init: { kind: 'constant', value: -0.5 }, dimension: { Length: 1, Time: -1 }, format: 'float32', bytes: 4 });
        expect(node('w')).toMatchObject({ role: 'param', shape: [2], init: { kind: 'uniform', low: -1, high: 1 } });
        expect(node('v')).toMatchObject({ role: 'input', batched: true, shape: [2] });
        expect(node('y')).toMatchObject({ role: 'target', batched: true, shape: [] });
        expect(node('y2')).toMatchObject({ role: 'output', dimension: { Length: 1 } });
        const constants = graph.nodes.filter((n) => n.role === 'constant').map((n) => n.value);
        expect(constants).toEqual(expect.arrayContaining([0.002, 1]));
        expect(graph.edges.find((e) => e.op === 'pow')?.attributes).toEqual({ exponent: 2 });
        expect(graph.loss).toBe('loss');
        expect(graph.edges.find((e) => e.target === 'loss')).toMatchObject({ op: 'mse', sources: ['y2', 'y'] });
        expect(settings).toMatchObject({ batch: 4, epochs: 1, seed: 1, optimizer: { kind: 'sgd', lr: 0.01, momentum: 0 } });
        expect(loaded.value.structureHash).toMatch(/^sha256:/);
    });
});
