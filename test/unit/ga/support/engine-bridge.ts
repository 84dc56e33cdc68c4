// Moving values between the dense reference (bigint numerators at a known power-of-two scale, blades
// as generator lists) and engine multivector tensors (coefficients of a support, blades as bitmasks
// with bit i = generator i). Random coefficients are drawn as values of the format under test, so the
// reference sees exactly what the engine stores.
import type { BladeSupport } from '../../../../engine/ga/blade-support.js';
import { TrackedAllocator } from '../../../../engine/memory/allocator.js';
import type { NumericFormat } from '../../../../engine/numeric/format.js';
import type { Xoshiro128 } from '../../../../engine/random/xoshiro.js';
import { allocateTensor, tensorValues, type Tensor } from '../../../../engine/tensor/tensor.js';
import { bladeKey, type ReferenceMultivector } from './dense-reference.js';

/** Every operand value is an integer multiple of 2^-SCALE. */
export const SCALE = 64;

/** The generator list of a bitmask blade. */
export function generatorsOf(blade: number): number[] {
    const list: number[] = [];
    for (let i = 0; blade >> i; i++) if ((blade >> i) & 1) list.push(i);
    return list;
}

/**
 * Random format values on a support, `instances` of them, some zeros: magnitudes in
 * [2^-spread, 2^spread], so that with a wide spread float64 sums of their products are inexact
 * and only a correct exact accumulation rounds them right.
 */
export function randomOperand(rng: Xoshiro128, format: NumericFormat, support: BladeSupport, instances: number, spread = 3, allocator = new TrackedAllocator()): Tensor {
    const tensor = allocateTensor(allocator, format, [instances, support.size], 'activation', 'operand');
    for (let i = 0; i < tensor.size; i++) {
        const zero = rng.nextUniform() < 0.05;
        const value = zero ? 0 : (rng.nextUniform() < 0.5 ? -1 : 1) * (1 + rng.nextUniform()) * 2 ** Math.floor(rng.nextUniform() * (2 * spread + 1) - spread);
        tensor.data[i] = format.encode(value) as number;
    }
    return tensor;
}

/** Instance `i` of a tensor as a reference multivector at scale SCALE. */
export function referenceOf(tensor: Tensor, support: BladeSupport, i: number): ReferenceMultivector {
    const values = tensorValues(tensor);
    const out: ReferenceMultivector = new Map();
    support.blades.forEach((blade, k) => {
        const value = values[i * support.size + k]!;
        const scaled = value * 2 ** SCALE;
        if (!Number.isInteger(scaled)) throw new Error(`test value ${value} is not a multiple of 2^-${SCALE}`);
        out.set(bladeKey(generatorsOf(blade)), BigInt(scaled));
    });
    return out;
}

/** The pattern the format rounds numerator · 2^-scale to (one rounding of the exact value). */
export function roundedPattern(format: NumericFormat, numerator: bigint, scale: number): number {
    const negative = numerator < 0n;
    return format.roundDyadic({ negative, magnitude: negative ? -numerator : numerator, exponent: -scale }) as number;
}

/** The coefficient a reference multivector holds for a bitmask blade (0 when absent). */
export function coefficientOf(x: ReferenceMultivector, blade: number): bigint {
    return x.get(bladeKey(generatorsOf(blade))) ?? 0n;
}

/** The exact value numerator · 2^-scale as a float64 (tests keep values within float64's exact range). */
export function valueOf(numerator: bigint, scale: number): number {
    return Number(numerator) * 2 ** -scale;
}
