// The engine's interpreter behind the service: an MLP's predictions in float64 match a plain
// float64 forward pass written out here (the oracle), and lower formats answer the same classes
// on clear inputs.
import { describe, expect, it } from 'vitest';
import { buildMlpGraph } from '../../../engine/ir/mlp.js';
import { parseFormat } from '../../../engine/numeric/index.js';
import { engineServableModel } from '../../../engine/serve/engine-servable-model.js';
import type { NumberPatternArray } from '../../../engine/tensor/tensor.js';
import { inputRow } from './helpers/linear-test-model.js';

const spec = { inputs: 64, hidden: [16], classes: 10 } as const;

/** Deterministic weights in [-0.2, 0.2]. */
function weights(count: number, seed: number): Float64Array {
    let state = seed;
    return Float64Array.from({ length: count }, () => {
        state = (Math.imul(state, 1103515245) + 12345) >>> 0;
        return ((state >>> 8) / 2 ** 24 - 0.5) * 0.4;
    });
}

const W1 = weights(64 * 16, 1);
const b1 = weights(16, 2);
const W2 = weights(16 * 10, 3);
const b2 = weights(10, 4);

/** The oracle: y = softmax(relu(x·W1 + b1)·W2 + b2) in float64. */
function oracle(x: readonly number[]): number[] {
    const h = Array.from({ length: 16 }, (_, j) => Math.max(0, x.reduce((sum, value, i) => sum + value * (W1[i * 16 + j] as number), b1[j] as number)));
    const logits = Array.from({ length: 10 }, (_, k) => h.reduce((sum, value, j) => sum + value * (W2[j * 10 + k] as number), b2[k] as number));
    const max = Math.max(...logits);
    const exps = logits.map((value) => Math.exp(value - max));
    const total = exps.reduce((a, b) => a + b, 0);
    return exps.map((value) => value / total);
}

function parametersIn(formatName: string): Map<string, NumberPatternArray> {
    const format = parseFormat(formatName);
    if (!format) throw new Error(formatName);
    const encode = (values: Float64Array): NumberPatternArray => {
        const patterns = format.allocate(values.length) as NumberPatternArray;
        format.encodeArray(values, patterns, values.length);
        return patterns;
    };
    return new Map([['W1', encode(W1)], ['b1', encode(b1)], ['W2', encode(W2)], ['b2', encode(b2)]]);
}

function batchOf(rows: readonly number[][]): { size: number; inputs: Map<string, Float64Array> } {
    return { size: rows.length, inputs: new Map([['x', Float64Array.from(rows.flat())]]) };
}

describe('the engine as a served model', () => {
    it('answers a float64 MLP like the float64 oracle, across batch slices', () => {
        const graph = buildMlpGraph({ ...spec, hidden: [...spec.hidden], format: { name: 'float64', bytes: 8 } });
        const built = engineServableModel(1, graph, parametersIn('float64'), { accumulate: 'quire', maxBatch: 4 });
        if (!built.ok) throw new Error(built.message);
        expect(built.model.interface.inputs.map((input) => input.name)).toEqual(['x']);
        expect(built.model.interface.outputs.map((output) => `${output.name} ${output.shape.join('×')}`)).toEqual(['y 10']);
        const rows = Array.from({ length: 10 }, (_, index) => inputRow(index).map((value) => value / 16));
        const result = built.model.predict(batchOf(rows));
        if (result instanceof Promise || !result.ok) throw new Error('prediction failed');
        const y = result.outputs.get('y') as Float64Array;
        rows.forEach((row, index) => {
            const expected = oracle(row);
            for (let k = 0; k < 10; k++) expect(y[index * 10 + k]).toBeCloseTo(expected[k] as number, 12);
        });
        built.model.dispose();
    });

    it('answers the same classes in posit16 with a quire as in float64', () => {
        const graph = buildMlpGraph({ ...spec, hidden: [...spec.hidden], format: { name: 'posit<16>', bytes: 2 } });
        const built = engineServableModel(1, graph, parametersIn('posit<16>'), { accumulate: 'quire', maxBatch: 8 });
        if (!built.ok) throw new Error(built.message);
        const rows = Array.from({ length: 32 }, (_, index) => inputRow(index).map((value) => value / 16));
        const result = built.model.predict(batchOf(rows));
        if (result instanceof Promise || !result.ok) throw new Error('prediction failed');
        const y = result.outputs.get('y') as Float64Array;
        const argMax = (values: ArrayLike<number>, offset: number): number => {
            let best = 0;
            for (let k = 1; k < 10; k++) if ((values[offset + k] as number) > (values[offset + best] as number)) best = k;
            return best;
        };
        const agree = rows.filter((row, index) => argMax(y, index * 10) === argMax(oracle(row), 0)).length;
        expect(agree).toBeGreaterThanOrEqual(30);
    });

    it('refuses weights that do not fit the graph', () => {
        const graph = buildMlpGraph({ ...spec, hidden: [...spec.hidden], format: { name: 'float64', bytes: 8 } });
        const parameters = parametersIn('float64');
        parameters.set('b2', new Float64Array(3));
        const built = engineServableModel(1, graph, parameters, { accumulate: 'quire', maxBatch: 4 });
        expect(!built.ok && built.message).toBe('parameter b2: expected 10 float64 values, found 3');
    });
});
