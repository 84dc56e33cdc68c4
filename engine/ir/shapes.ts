// Shape rules of the IR's operations, per instance (the implicit batch axis is carried by the
// `batched` flag). The language checks shapes with its own diagnostics; the engine re-derives them
// here so that a hand-built or deserialised graph is validated before it runs.
import type { IrAttribute, IrOp } from './types.js';

/** A value's per-instance shape and whether it carries the batch axis. */
export interface InstanceShape {
    readonly shape: readonly number[];
    readonly batched: boolean;
}

/** Ops applied to each element independently (one source). */
export const unaryElementwiseOps: ReadonlySet<IrOp> = new Set<IrOp>(['neg', 'relu', 'tanh', 'sigmoid', 'exp', 'log', 'sqrt', 'abs', 'sin', 'cos', 'pow']);
/** Ops combining two broadcast operands element by element. */
export const binaryElementwiseOps: ReadonlySet<IrOp> = new Set<IrOp>(['add', 'sub', 'mul', 'div', 'max', 'min']);
/** Training objectives: a scalar over the whole batch. */
export const lossOps: ReadonlySet<IrOp> = new Set<IrOp>(['mse', 'cross_entropy']);

/** The number of sources each op takes. */
export function opArity(op: IrOp): number {
    if (unaryElementwiseOps.has(op) || op === 'softmax' || op === 'sum' || op === 'mean') return 1;
    return 2;
}

/** Infers the target shape of `op` over `sources`, or returns why the sources do not fit. */
export function inferShape(op: IrOp, sources: readonly InstanceShape[], attributes: Readonly<Record<string, IrAttribute>> = {}): InstanceShape | string {
    if (sources.length !== opArity(op)) return `${op} takes ${opArity(op)} operand(s), got ${sources.length}`;
    const batched = sources.some((source) => source.batched);
    if (op === 'pow') {
        const exponent = attributes['exponent'];
        if (typeof exponent !== 'number' || !Number.isInteger(exponent)) return 'pow needs an integer exponent attribute';
    }
    if (unaryElementwiseOps.has(op)) return { shape: sources[0]!.shape, batched };
    if (binaryElementwiseOps.has(op)) {
        const shape = broadcastShapes(sources[0]!.shape, sources[1]!.shape);
        return shape !== undefined ? { shape, batched } : `cannot broadcast [${sources[0]!.shape.join(', ')}] with [${sources[1]!.shape.join(', ')}]`;
    }
    switch (op) {
        case 'softmax':
            return sources[0]!.shape.length === 0 ? 'softmax needs at least one axis' : { shape: sources[0]!.shape, batched };
        case 'sum':
        case 'mean':
            return { shape: [], batched };
        case 'matmul':
            return matmulShape(sources[0]!, sources[1]!);
        case 'mse': {
            const shape = broadcastShapes(sources[0]!.shape, sources[1]!.shape);
            if (shape === undefined || shape.length !== sources[0]!.shape.length) return `mse needs targets of the prediction's shape [${sources[0]!.shape.join(', ')}]`;
            return { shape: [], batched: false };
        }
        case 'cross_entropy':
            if (sources[0]!.shape.length !== 1) return 'cross_entropy needs a vector of class probabilities';
            if (sources[1]!.shape.length !== 0) return 'cross_entropy needs one class label per sample';
            return { shape: [], batched: false };
        default:
            return `unknown op ${op}`;
    }
}

/** NumPy broadcasting of two shapes, or undefined when they do not broadcast. */
export function broadcastShapes(a: readonly number[], b: readonly number[]): number[] | undefined {
    const rank = Math.max(a.length, b.length);
    const out = new Array<number>(rank);
    for (let i = 0; i < rank; i++) {
        const da = a[a.length - rank + i] ?? 1;
        const db = b[b.length - rank + i] ?? 1;
        if (da !== db && da !== 1 && db !== 1) return undefined;
        out[i] = Math.max(da, db);
    }
    return out;
}

// `@` contracts the last axis of the left operand with the first of the right, per instance.
function matmulShape(left: InstanceShape, right: InstanceShape): InstanceShape | string {
    const l = left.shape;
    const r = right.shape;
    if (l.length < 1 || l.length > 2 || r.length < 1 || r.length > 2) return 'matmul takes vectors and matrices';
    const k = l[l.length - 1]!;
    if (r[0] !== k) return `cannot contract [${l.join(', ')}] with [${r.join(', ')}]: ${k} vs ${r[0]}`;
    const shape = [...l.slice(0, -1), ...r.slice(1)];
    return { shape, batched: left.batched || right.batched };
}

/** Number of elements of a shape. */
export function elementCount(shape: readonly number[]): number {
    let n = 1;
    for (const d of shape) n *= d;
    return n;
}
