// Exponential decay of a vector of state values over one step: x ← x − k·x with k = 1 − exp(−dt/τ).
// The rate k is stored, not the factor exp(−dt/τ): when dt ≪ τ the factor lies a few ulps below
// one, and 1 − round(exp(−dt/τ)) can be off by several percent in a 16-bit format (posit16 at
// dt/τ = 0.005: 5%), which would change τ itself; k keeps the format's full relative precision.
// With `accumulate quire`, x − k·x is one fused operation (one rounding, the format's vectorised
// fma); with `rounded`, the product rounds and the subtraction rounds.
import type { TrackedAllocator } from '../memory/allocator.js';
import type { Accumulation } from '../kernels/accumulation.js';
import type { NumberPatternArray } from '../tensor/tensor.js';
import type { NumericFormat } from '../numeric/format.js';

/** A decay toward zero with time constant τ, applied step by step to `length` values. */
export class ExponentialDecay {
    /** −k repeated: the second operand of the vectorised kernel. */
    private readonly minusRate: NumberPatternArray;
    /** −k·x of the `rounded` mode, before it is added. */
    private readonly products: NumberPatternArray | undefined;
    /** The rounded rate k (0 when it rounds to zero: then nothing decays). */
    readonly rate: number;

    constructor(private readonly format: NumericFormat, acc: Accumulation, tau: number, dt: number, readonly length: number, private readonly allocator: TrackedAllocator, label: string) {
        this.rate = acc.round(-Math.expm1(-dt / tau));
        this.minusRate = allocator.patterns(format, length, 'quire', `${label} rate`) as NumberPatternArray;
        this.minusRate.fill(acc.encode(-this.rate));
        this.products = acc.mode === 'rounded' ? allocator.patterns(format, length, 'quire', `${label} products`) as NumberPatternArray : undefined;
    }

    /** x ← x − k·x for the first `length` patterns of `values`. */
    apply(values: NumberPatternArray): void {
        if (this.products === undefined) {
            this.format.fmaArrays(values, this.minusRate, values, values, this.length);
        } else {
            this.format.mulArrays(values, this.minusRate, this.products, this.length);
            this.format.addArrays(values, this.products, values, this.length);
        }
    }

    /** Releases the operand vectors. */
    release(): void {
        this.allocator.free(this.minusRate);
        if (this.products !== undefined) this.allocator.free(this.products);
    }
}
