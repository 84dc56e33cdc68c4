// Static shapes. Every operation works per sample: the implicit leading batch axis is carried as
// a flag, never as an axis, so `x @ W` with x: [64] (batched) and W: [64, 32] is [32] (batched).
// Broadcasting follows NumPy: align trailing axes; sizes must be equal or one of them 1.
import type { Shape } from '../analysis/analysis-types.js';

/** A shape or the reason an operation has none. */
export type ShapeResult = { readonly shape: Shape } | { readonly error: string };

/** A scalar (`[]`), batched or not. */
export function scalarShape(batched: boolean): Shape {
    return { axes: [], batched };
}

/** NumPy broadcasting of two or more shapes. */
export function broadcastShapes(shapes: readonly Shape[]): ShapeResult {
    const rank = Math.max(0, ...shapes.map((shape) => shape.axes.length));
    const axes: number[] = new Array<number>(rank).fill(1);
    for (const shape of shapes) {
        const offset = rank - shape.axes.length;
        for (let i = 0; i < shape.axes.length; i++) {
            const size = shape.axes[i] ?? 1;
            const current = axes[offset + i] ?? 1;
            if (size === current || size === 1) continue;
            if (current === 1) { axes[offset + i] = size; continue; }
            return { error: `axis ${offset + i - rank} has size ${current} on one side and ${size} on the other` };
        }
    }
    return { shape: { axes, batched: shapes.some((shape) => shape.batched) } };
}

/** `a @ b`: contracts the last axis of a with the first axis of b. */
export function matmulShape(left: Shape, right: Shape): ShapeResult {
    if (left.axes.length === 0 || right.axes.length === 0) {
        return { error: 'a matrix product needs at least one axis on each side (use * for a scalar)' };
    }
    const inner = left.axes[left.axes.length - 1];
    const outer = right.axes[0];
    if (inner !== outer) {
        return { error: `the last axis of the left operand (${inner}) must equal the first axis of the right operand (${outer})` };
    }
    return { shape: { axes: [...left.axes.slice(0, -1), ...right.axes.slice(1)], batched: left.batched || right.batched } };
}

/** Reduction over all per-sample axes, or over one axis (negative counts from the end). */
export function reduceShape(shape: Shape, axis: number | undefined): ShapeResult {
    if (axis === undefined) return { shape: scalarShape(shape.batched) };
    const rank = shape.axes.length;
    const index = axis < 0 ? rank + axis : axis;
    if (index < 0 || index >= rank) return { error: `axis ${axis} does not exist in a value of shape ${formatShape(shape)}` };
    return { shape: { axes: shape.axes.filter((_, i) => i !== index), batched: shape.batched } };
}

/** `concat(a, b, …)`: equal axes except the last, which adds up. */
export function concatShape(shapes: readonly Shape[]): ShapeResult {
    const first = shapes[0];
    if (!first) return { error: 'nothing to concatenate' };
    if (shapes.some((shape) => shape.axes.length === 0)) return { error: 'concat joins along the last axis, and a scalar has none' };
    const rank = first.axes.length;
    let last = 0;
    for (const shape of shapes) {
        if (shape.axes.length !== rank || shape.axes.slice(0, -1).some((size, i) => size !== first.axes[i])) {
            return { error: `all but the last axis must agree: ${shapes.map(formatShape).join(' vs ')}` };
        }
        last += shape.axes[rank - 1] ?? 0;
    }
    return { shape: { axes: [...first.axes.slice(0, -1), last], batched: shapes.some((shape) => shape.batched) } };
}

/** `transpose(W)`: reverses the axes of a matrix (or vector, which it leaves alone). */
export function transposeShape(shape: Shape): ShapeResult {
    if (shape.axes.length > 2) return { error: `transpose takes a matrix, not a value of shape ${formatShape(shape)}` };
    return { shape: { axes: [...shape.axes].reverse(), batched: shape.batched } };
}

/** Whether two shapes have the same per-sample axes. */
export function sameAxes(a: Shape, b: Shape): boolean {
    return a.axes.length === b.axes.length && a.axes.every((size, i) => size === b.axes[i]);
}

/** The number of scalars per sample. */
export function elementCount(shape: Shape): number {
    return shape.axes.reduce((product, size) => product * size, 1);
}

/** `[64, 32]`; the batch axis is implicit and not printed. */
export function formatShape(shape: Shape): string {
    return `[${shape.axes.join(', ')}]`;
}
