// How a prediction body is read against a model's interface: rows or columns, flat or nested
// values, scalar inputs, and a precise message for everything else.
import { describe, expect, it } from 'vitest';
import type { ModelInterface } from '../../../engine/attest/model-structure.js';
import { readPredictRequest } from '../../../engine/serve/predict-request.js';
import { predictionRows } from '../../../engine/serve/predict-response.js';

// The drag example's interface: a velocity vector and two scalars in, a force vector out.
const drag: ModelInterface = {
    inputs: [
        { name: 'area', shape: [], dimension: 'Length^2', format: 'float32' },
        { name: 'rho', shape: [], dimension: 'Length^-3·Mass', format: 'float32' },
        { name: 'v', shape: [3], dimension: 'Length·Time^-1', format: 'float32' }
    ],
    outputs: [{ name: 'F', shape: [3], dimension: 'Length·Mass·Time^-2', format: 'float32' }]
};
const image: ModelInterface = { inputs: [{ name: 'img', shape: [2, 3], dimension: '1', format: 'posit<16>' }], outputs: [{ name: 'p', shape: [], dimension: '1', format: 'posit<16>' }] };
const limits = { maxInstances: 4 };

function read(body: unknown, modelInterface: ModelInterface): Record<string, number[]> | string {
    const result = readPredictRequest(body, modelInterface, limits);
    if (!result.ok) return result.message;
    return Object.fromEntries([...result.batch.inputs].map(([name, values]) => [name, [...values]]));
}

describe('reading a prediction request', () => {
    it('reads named rows of several inputs, scalars as numbers', () => {
        expect(read({ instances: [{ v: [1, 2, 3], rho: 1.2, area: 0.5 }, { v: [4, 5, 6], rho: 1.1, area: [0.4] }] }, drag))
            .toEqual({ area: [0.5, 0.4], rho: [1.2, 1.1], v: [1, 2, 3, 4, 5, 6] });
    });

    it('reads columns by input name', () => {
        expect(read({ inputs: { v: [[1, 2, 3]], rho: [1.2], area: [0.5] } }, drag)).toEqual({ area: [0.5], rho: [1.2], v: [1, 2, 3] });
    });

    it('reads a one-input model\'s rows nested to its shape or flat', () => {
        expect(read({ instances: [[[1, 2, 3], [4, 5, 6]], [7, 8, 9, 10, 11, 12]] }, image)).toEqual({ img: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12] });
    });

    const problems: [string, unknown, ModelInterface, string][] = [
        ['a bare row for a model with several inputs', { instances: [[1, 2, 3]] }, drag, 'instances[0] must be an object with the inputs area, rho, v'],
        ['a vector where a scalar goes', { instances: [{ v: [1, 2, 3], rho: [1, 2], area: 1 }] }, drag, 'instances[0].rho must be a finite number (input "rho" is a scalar)'],
        ['a nested row of the wrong extent', { instances: [[[1, 2], [3, 4], [5, 6]]] }, image, 'instances[0] must be a list of 2 (input "img" has shape 2×3; a flat list of 6 numbers also works)'],
        ['an inner row of the wrong length', { instances: [[[1, 2, 3], [4, 5]]] }, image, 'instances[0][1] must be a list of 3 (input "img" has shape 2×3; a flat list of 6 numbers also works)'],
        ['null where a number goes', { instances: [[[1, 2, null], [4, 5, 6]]] }, image, 'instances[0][0][2] must be a finite number'],
        ['columns of different lengths', { inputs: { v: [[1, 2, 3], [1, 2, 3]], rho: [1], area: [1] } }, drag, 'inputs.v has 2 rows, other inputs have 1'],
        ['an empty instance list', { instances: [] }, drag, '"instances" must be a non-empty list'],
        ['both formats at once', { instances: [], inputs: {} }, drag, 'give either "instances" or "inputs", not both'],
        ['a body that is a list', [1, 2], drag, 'the body must be a JSON object with "instances" or "inputs"'],
        ['too many rows', { inputs: { img: Array.from({ length: 5 }, () => [1, 2, 3, 4, 5, 6]) } }, image, 'too many rows: 5 (at most 4 per request)']
    ];
    for (const [label, body, modelInterface, message] of problems) {
        it(`refuses ${label}`, () => {
            expect(read(body, modelInterface)).toBe(message);
        });
    }
});

describe('writing predictions', () => {
    it('returns one value per row for one output, and objects for several', () => {
        expect(predictionRows(new Map([['F', Float64Array.from([1, 2, 3, 4, 5, 6])]]), drag, 2)).toEqual([[1, 2, 3], [4, 5, 6]]);
        expect(predictionRows(new Map([['p', Float64Array.from([0.25, 0.75])]]), image, 2)).toEqual([0.25, 0.75]);
        const two: ModelInterface = { inputs: [], outputs: [{ name: 'a', shape: [2, 2], dimension: '1', format: 'float32' }, { name: 'b', shape: [], dimension: '1', format: 'float32' }] };
        expect(predictionRows(new Map([['a', Float64Array.from([1, 2, 3, 4])], ['b', Float64Array.from([9])]]), two, 1)).toEqual([{ a: [[1, 2], [3, 4]], b: 9 }]);
    });
});
