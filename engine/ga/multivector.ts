// Multivector tensors: an engine tensor whose last axis holds exactly the coefficients of a blade
// support (in the support's canonical blade order) and whose other axes are instances. A PGA motor
// parameter in posit16 is 8 coefficients × 2 bytes, not 16 × 2. Dense views (2^n coefficients per
// instance, indexed by blade bitmask) exist only for tests, benches and data conversion.
import type { NumericFormat } from '../numeric/format.js';
import type { LifetimeClass } from '../ir/types.js';
import type { TrackedAllocator } from '../memory/allocator.js';
import { allocateTensor, tensorFromValues, tensorValues, type Tensor } from '../tensor/tensor.js';
import type { BladeSupport } from './blade-support.js';

/** Allocates a zero multivector tensor of `instances` × the support's coefficients. */
export function allocateMultivector(allocator: TrackedAllocator, format: NumericFormat, instances: readonly number[], support: BladeSupport, memoryClass: LifetimeClass, label: string): Tensor {
    return allocateTensor(allocator, format, [...instances, support.size], memoryClass, label);
}

/** A multivector tensor from coefficients in the support's order, instance after instance (each rounded to the format). */
export function multivectorFromCoefficients(allocator: TrackedAllocator, format: NumericFormat, instances: readonly number[], support: BladeSupport, coefficients: ArrayLike<number>, memoryClass: LifetimeClass, label: string): Tensor {
    return tensorFromValues(allocator, format, [...instances, support.size], coefficients, memoryClass, label);
}

/** Dense coefficients (2^n per instance, indexed by blade bitmask) of a multivector tensor. */
export function denseCoefficients(tensor: Tensor, support: BladeSupport): Float64Array {
    const values = tensorValues(tensor);
    const count = support.algebra.bladeCount;
    const instances = values.length / Math.max(support.size, 1);
    const dense = new Float64Array(instances * count);
    for (let i = 0; i < instances; i++) {
        support.blades.forEach((blade, k) => { dense[i * count + blade] = values[i * support.size + k]!; });
    }
    return dense;
}

/**
 * The support's coefficients of dense values (2^n per instance, by blade bitmask). Coefficients of
 * blades outside the support are not stored: `dropped` counts the nonzero ones, so a caller can
 * refuse data that does not fit its declared support rather than lose it silently.
 */
export function sparseCoefficients(dense: ArrayLike<number>, support: BladeSupport): { coefficients: Float64Array; dropped: number } {
    const count = support.algebra.bladeCount;
    const instances = dense.length / count;
    const coefficients = new Float64Array(instances * support.size);
    let dropped = 0;
    for (let i = 0; i < instances; i++) {
        for (let blade = 0; blade < count; blade++) {
            const value = dense[i * count + blade]!;
            const k = support.positionOf(blade);
            if (k >= 0) coefficients[i * support.size + k] = value;
            else if (value !== 0) dropped++;
        }
    }
    return { coefficients, dropped };
}
