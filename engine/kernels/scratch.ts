// The kernel scratch arena: one buffer per program, sized at compile time to the largest need of
// any kernel its schedule runs (docs/memory.md gives each kernel's need), allocated once in the
// `quire` class and viewed as float64 values (decoded operands) and 32-bit words (direction
// signs). Kernels lay their operands out from offset 0, so nothing is allocated per call.
import type { Tensor } from '../tensor/tensor.js';

/** Float64 and word views over the program's arena. */
export class Scratch {
    readonly f64: Float64Array;
    readonly words: Uint32Array;

    constructor(readonly buffer: ArrayBuffer) {
        this.f64 = new Float64Array(buffer, 0, Math.floor(buffer.byteLength / 8));
        this.words = new Uint32Array(buffer, 0, Math.floor(buffer.byteLength / 4));
    }
}

/** A scratch requirement: float64 values, then 32-bit words after them. */
export interface ScratchNeed {
    readonly f64: number;
    readonly words: number;
}

/** Bytes of a scratch need (words start at the first 8-byte boundary after the float64 values). */
export function scratchBytes(need: ScratchNeed): number {
    return need.f64 * 8 + Math.ceil(need.words / 2) * 8;
}

/** Word index of the first word after `f64Count` float64 values. */
export function wordsAfter(f64Count: number): number {
    return f64Count * 2;
}

/** Decodes `count` patterns of a tensor from `from` into `dst[at…]`. */
export function decodeRange(tensor: Tensor, from: number, count: number, dst: Float64Array, at: number): void {
    if (count === 0) return;
    if (from === 0 && at === 0) {
        tensor.format.decodeArray(tensor.data, dst, count);
        return;
    }
    // A part of the tensor: decode element by element rather than create views (no garbage per call).
    const format = tensor.format;
    const data = tensor.data;
    for (let i = 0; i < count; i++) dst[at + i] = format.decode(data[from + i]!);
}

/** Decodes a row-major rows × cols block starting at `from` into `dst[at…]` transposed (cols × rows). */
export function decodeTransposed(tensor: Tensor, from: number, rows: number, cols: number, dst: Float64Array, at: number): void {
    const format = tensor.format;
    const data = tensor.data;
    for (let r = 0; r < rows; r++) {
        const rowStart = from + r * cols;
        for (let c = 0; c < cols; c++) dst[at + c * rows + r] = format.decode(data[rowStart + c]!);
    }
}
