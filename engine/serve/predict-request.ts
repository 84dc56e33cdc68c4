// Reads a `:predict` request body into a batch the model accepts, or a 400 with a message that
// says exactly what is wrong. Accepts the TensorFlow Serving shapes: row format
// `{"instances": [...]}` (an instance is an object by input name, or — for a one-input model — the
// input's value itself) and columnar format `{"inputs": {name: [rows...]}}`.
import { formatShape, type ModelInterface, type TensorInterface } from '../attest/model-structure.js';
import { elementCount, type PredictionBatch } from './servable-model.js';

/** Limits that keep one request from starving the others. */
export interface PredictLimits {
    readonly maxInstances: number;
}

/** A parsed batch, or a client error. */
export type PredictRequest = { readonly ok: true; readonly batch: PredictionBatch } | { readonly ok: false; readonly message: string };

/** Validates a parsed JSON body against the model's interface. */
export function readPredictRequest(body: unknown, modelInterface: ModelInterface, limits: PredictLimits): PredictRequest {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return fail('the body must be a JSON object with "instances" or "inputs"');
    const request = body as { readonly [key: string]: unknown };
    if ('instances' in request && 'inputs' in request) return fail('give either "instances" or "inputs", not both');
    if ('instances' in request) return readInstances(request.instances, modelInterface, limits);
    if ('inputs' in request) return readColumns(request.inputs, modelInterface, limits);
    return fail('the body must have "instances" (a list of rows) or "inputs" (columns by input name)');
}

function readInstances(instances: unknown, modelInterface: ModelInterface, limits: PredictLimits): PredictRequest {
    if (!Array.isArray(instances) || instances.length === 0) return fail('"instances" must be a non-empty list');
    if (instances.length > limits.maxInstances) return fail(`too many instances: ${instances.length} (at most ${limits.maxInstances} per request)`);
    const buffers = allocate(modelInterface.inputs, instances.length);
    const single = modelInterface.inputs.length === 1 ? modelInterface.inputs[0] : undefined;
    for (let row = 0; row < instances.length; row++) {
        const instance: unknown = instances[row];
        const named = typeof instance === 'object' && instance !== null && !Array.isArray(instance);
        if (!named && !single) return fail(`instances[${row}] must be an object with the inputs ${modelInterface.inputs.map((input) => input.name).join(', ')}`);
        for (const input of modelInterface.inputs) {
            let value: unknown = instance;
            if (named) {
                const fields = instance as { readonly [key: string]: unknown };
                if (!(input.name in fields)) return fail(`instances[${row}] lacks the input "${input.name}"`);
                value = fields[input.name];
            }
            const problem = writeRow(value, input, buffers.get(input.name) as Float64Array, row, `instances[${row}]${named ? `.${input.name}` : ''}`);
            if (problem) return fail(problem);
        }
        if (named) {
            const unknown = Object.keys(instance as object).filter((key) => !modelInterface.inputs.some((input) => input.name === key));
            if (unknown.length > 0) return fail(`instances[${row}] has unknown input${unknown.length > 1 ? 's' : ''} ${unknown.map((key) => `"${key}"`).join(', ')}`);
        }
    }
    return { ok: true, batch: { size: instances.length, inputs: buffers } };
}

function readColumns(inputs: unknown, modelInterface: ModelInterface, limits: PredictLimits): PredictRequest {
    const single = modelInterface.inputs.length === 1 ? modelInterface.inputs[0] : undefined;
    let columns: { readonly [key: string]: unknown };
    if (Array.isArray(inputs) && single) columns = { [single.name]: inputs };
    else if (typeof inputs === 'object' && inputs !== null && !Array.isArray(inputs)) columns = inputs as { readonly [key: string]: unknown };
    else return fail('"inputs" must be an object of columns by input name');
    let size: number | undefined;
    for (const input of modelInterface.inputs) {
        const column = columns[input.name];
        if (!Array.isArray(column) || column.length === 0) return fail(`inputs.${input.name} must be a non-empty list of rows`);
        if (size !== undefined && column.length !== size) return fail(`inputs.${input.name} has ${column.length} rows, other inputs have ${size}`);
        size = column.length;
    }
    if (size === undefined) return fail('the model has no inputs');
    if (size > limits.maxInstances) return fail(`too many rows: ${size} (at most ${limits.maxInstances} per request)`);
    const unknown = Object.keys(columns).filter((key) => !modelInterface.inputs.some((input) => input.name === key));
    if (unknown.length > 0) return fail(`unknown input${unknown.length > 1 ? 's' : ''} ${unknown.map((key) => `"${key}"`).join(', ')}`);
    const buffers = allocate(modelInterface.inputs, size);
    for (const input of modelInterface.inputs) {
        const column = columns[input.name] as readonly unknown[];
        for (let row = 0; row < size; row++) {
            const problem = writeRow(column[row], input, buffers.get(input.name) as Float64Array, row, `inputs.${input.name}[${row}]`);
            if (problem) return fail(problem);
        }
    }
    return { ok: true, batch: { size, inputs: buffers } };
}

function allocate(inputs: readonly TensorInterface[], rows: number): Map<string, Float64Array> {
    return new Map(inputs.map((input) => [input.name, new Float64Array(rows * elementCount(input.shape))]));
}

/**
 * Writes one row: a flat list of the input's element count, or nested lists of exactly its
 * shape, or a bare number for a scalar input. Returns a message on the first problem.
 */
function writeRow(value: unknown, input: TensorInterface, target: Float64Array, row: number, where: string): string | undefined {
    const count = elementCount(input.shape);
    const offset = row * count;
    if (input.shape.length === 0) {
        const scalar = Array.isArray(value) && value.length === 1 ? value[0] : value;
        if (typeof scalar !== 'number' || !Number.isFinite(scalar)) return `${where} must be a finite number (input "${input.name}" is a scalar)`;
        target[offset] = scalar;
        return undefined;
    }
    if (!Array.isArray(value)) return `${where} must be a list of ${count} numbers (input "${input.name}" has shape ${formatShape(input.shape)})`;
    const flat = value.length === count && value.every((item) => typeof item === 'number');
    if (flat) {
        for (let index = 0; index < count; index++) {
            const item = value[index] as number;
            if (!Number.isFinite(item)) return `${where}[${index}] must be a finite number`;
            target[offset + index] = item;
        }
        return undefined;
    }
    let written = 0;
    const visit = (node: unknown, depth: number, path: string): string | undefined => {
        const extent = input.shape[depth] as number;
        if (!Array.isArray(node) || node.length !== extent) {
            return `${path} must be a list of ${extent} (input "${input.name}" has shape ${formatShape(input.shape)}; a flat list of ${count} numbers also works)`;
        }
        for (let index = 0; index < extent; index++) {
            const item: unknown = node[index];
            if (depth === input.shape.length - 1) {
                if (typeof item !== 'number' || !Number.isFinite(item)) return `${path}[${index}] must be a finite number`;
                target[offset + written++] = item;
            } else {
                const problem = visit(item, depth + 1, `${path}[${index}]`);
                if (problem) return problem;
            }
        }
        return undefined;
    };
    return visit(value, 0, where);
}

function fail(message: string): PredictRequest {
    return { ok: false, message };
}
