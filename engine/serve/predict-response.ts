// Turns a model's outputs back into JSON rows (TensorFlow Serving's row format): for one output,
// each prediction is that output's value; for several, an object by output name.
import type { ModelInterface, TensorInterface } from '../attest/model-structure.js';
import { elementCount } from './servable-model.js';

/** A JSON-ready value of one output row: a number, or nested lists of the output's shape. */
export type OutputValue = number | OutputValue[];

/** The `predictions` list of a response. */
export function predictionRows(outputs: ReadonlyMap<string, Float64Array>, modelInterface: ModelInterface, size: number): unknown[] {
    const rows: unknown[] = [];
    const single = modelInterface.outputs.length === 1 ? modelInterface.outputs[0] : undefined;
    for (let row = 0; row < size; row++) {
        if (single) {
            rows.push(outputRow(outputs.get(single.name), single, row));
            continue;
        }
        const named: { [name: string]: OutputValue } = {};
        for (const output of modelInterface.outputs) named[output.name] = outputRow(outputs.get(output.name), output, row);
        rows.push(named);
    }
    return rows;
}

function outputRow(values: Float64Array | undefined, output: TensorInterface, row: number): OutputValue {
    const count = elementCount(output.shape);
    const slice = values ? Array.from(values.subarray(row * count, (row + 1) * count)) : [];
    if (output.shape.length === 0) return slice[0] ?? Number.NaN;
    return nest(slice, output.shape);
}

function nest(flat: readonly number[], shape: readonly number[]): OutputValue[] {
    if (shape.length <= 1) return [...flat];
    const inner = elementCount(shape.slice(1));
    const rows: OutputValue[] = [];
    for (let index = 0; index < (shape[0] as number); index++) rows.push(nest(flat.slice(index * inner, (index + 1) * inner), shape.slice(1)));
    return rows;
}
