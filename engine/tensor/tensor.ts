// A tensor: a full shape (batch axis first when the value is batched) and a typed array of raw
// format patterns, so a posit16 value costs exactly two bytes. Tensors are created and released
// only through the tracked allocator, with the lifetime class the schedule gives them.
import type { NumericFormat, PatternArray } from '../numeric/format.js';
import type { LifetimeClass } from '../ir/types.js';
import type { TrackedAllocator } from '../memory/allocator.js';

/**
 * Pattern arrays whose patterns are JS numbers: every format of 32 bits or fewer, and IEEE
 * binary64 (whose "pattern" is the value). 64-bit posits (BigUint64Array) are not executed yet.
 */
export type NumberPatternArray = Exclude<PatternArray, BigUint64Array>;

/** Raw patterns of one format, with their shape. */
export interface Tensor {
    readonly shape: readonly number[];
    /** Number of values (product of the shape). */
    readonly size: number;
    readonly format: NumericFormat;
    readonly data: NumberPatternArray;
}

/** Whether the engine can hold tensors of this format (patterns that are numbers). */
export function isExecutableFormat(format: NumericFormat): boolean {
    return !(format.allocate(0) instanceof BigUint64Array);
}

/** Allocates a zero-filled tensor through the tracked allocator. */
export function allocateTensor(allocator: TrackedAllocator, format: NumericFormat, shape: readonly number[], memoryClass: LifetimeClass, label: string): Tensor {
    const size = shape.reduce((a, b) => a * b, 1);
    const data = allocator.patterns(format, size, memoryClass, label);
    if (data instanceof BigUint64Array) throw new Error(`engine: ${format.name} tensors are not supported (64-bit posit patterns)`);
    return { shape: [...shape], size, format, data };
}

/** Releases a tensor's patterns. */
export function freeTensor(allocator: TrackedAllocator, tensor: Tensor): void {
    allocator.free(tensor.data);
}

/** Encodes float64 values into a new tensor (tests, initialisation, data loading). */
export function tensorFromValues(allocator: TrackedAllocator, format: NumericFormat, shape: readonly number[], values: ArrayLike<number>, memoryClass: LifetimeClass, label: string): Tensor {
    const tensor = allocateTensor(allocator, format, shape, memoryClass, label);
    const source = values instanceof Float64Array ? values : Float64Array.from(values);
    format.encodeArray(source, tensor.data, tensor.size);
    return tensor;
}

/** Decodes a tensor's patterns to float64 values (exact for formats of 32 bits or fewer). */
export function tensorValues(tensor: Tensor): Float64Array {
    const out = new Float64Array(tensor.size);
    tensor.format.decodeArray(tensor.data, out, tensor.size);
    return out;
}
