// How geometric-algebra kernels see their operands: a multivector tensor's last axis holds the
// coefficients of its support, every axis before it is an instance axis (the batch, then any array
// axes of `[N] VGA.vector`). Instance axes broadcast by NumPy rules, so an unbatched parameter (a
// motor) meets a batch of points. Kernels decode every operand once into the float64 scratch, then
// read coefficient blocks by instance.
import { BroadcastMap } from '../kernels/broadcast.js';
import type { Tensor } from '../tensor/tensor.js';

/** The instance axes of a multivector tensor (every axis but the last). */
export function instanceShape(tensor: Tensor): number[] {
    return tensor.shape.slice(0, -1);
}

/** Number of instances of a multivector tensor. */
export function instanceCount(tensor: Tensor): number {
    return tensor.shape.slice(0, -1).reduce((a, b) => a * b, 1);
}

/** Operands decoded into scratch, with the map from output instance to operand instance. */
export class OperandLayout {
    /** Start of each operand's decoded values in scratch. */
    readonly offsets: number[] = [];
    /** Coefficients per instance of each operand. */
    readonly sizes: number[] = [];
    readonly maps: BroadcastMap[] = [];
    /** Scratch values used (the next free index). */
    readonly end: number;

    /** Decodes `tensors` (null: absent, e.g. a zero tangent) into `scratch` from `start`. */
    constructor(scratch: Float64Array, start: number, readonly outputInstances: readonly number[], tensors: readonly (Tensor | null)[]) {
        let at = start;
        for (const tensor of tensors) {
            if (tensor === null) {
                this.offsets.push(-1);
                this.sizes.push(0);
                this.maps.push(new BroadcastMap(outputInstances, [], 1));
                continue;
            }
            if (at + tensor.size > scratch.length) throw new Error(`ga kernel: scratch of ${scratch.length} values is too small (needs ${at + tensor.size})`);
            tensor.format.decodeArray(tensor.data, at === 0 ? scratch : scratch.subarray(at), tensor.size);
            const size = tensor.shape[tensor.shape.length - 1] ?? 1;
            this.offsets.push(at);
            this.sizes.push(size);
            this.maps.push(new BroadcastMap(outputInstances, instanceShape(tensor), tensor.size / Math.max(size, 1)));
            at += tensor.size;
        }
        this.end = at;
    }

    /** Where operand `operand`'s coefficients for output instance `instance` start in scratch. */
    base(operand: number, instance: number): number {
        return this.offsets[operand]! + this.maps[operand]!.index(instance) * this.sizes[operand]!;
    }

    /** Whether operand `operand` is present (not null). */
    has(operand: number): boolean {
        return this.offsets[operand]! >= 0;
    }
}

/**
 * Output instances grouped by the instance of `operand` they read (for gradients of a broadcast
 * operand, which sum over every output instance that read it).
 */
export function instancesByOperand(layout: OperandLayout, operand: number, outputInstances: number, operandInstances: number): { start: Int32Array; instances: Int32Array } {
    const map = layout.maps[operand]!;
    const start = new Int32Array(operandInstances + 1);
    const instances = new Int32Array(outputInstances);
    if (map.kind === 'same' && operandInstances === outputInstances) {
        for (let i = 0; i <= operandInstances; i++) start[i] = i;
        for (let i = 0; i < outputInstances; i++) instances[i] = i;
        return { start, instances };
    }
    for (let i = 0; i < outputInstances; i++) start[map.index(i) + 1]++;
    for (let j = 0; j < operandInstances; j++) start[j + 1] += start[j]!;
    const fill = start.slice(0, operandInstances);
    for (let i = 0; i < outputInstances; i++) instances[fill[map.index(i)]!++] = i;
    return { start, instances };
}

/** Scratch values a kernel needs to decode these tensors. */
export function decodedSize(tensors: readonly (Tensor | null)[]): number {
    return tensors.reduce((sum, t) => sum + (t?.size ?? 0), 0);
}
