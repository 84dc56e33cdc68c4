// Where forward-gradient directions come from. Training uses Rademacher directions regenerated
// from the run's seed (engine/random/direction-bits.ts): nothing is stored between the tangent
// passes and the update. Tests use the basis directions e_1 … e_P (one tangent per parameter
// component), with which the forward gradient equals the true gradient.
import { directionBase, directionWord } from '../random/direction-bits.js';

/** A source of K directions per step over every parameter, as sign words and optional masks. */
export interface DirectionSource {
    /** K: directions (tangent passes) per step. */
    readonly tangents: number;
    /** Whether some components are 0 (then kernels read mask words beside the sign words). */
    readonly masked: boolean;
    /** Sign bits of components [32·w, 32·w + 32) of parameter `param` in tangent `k` of `step` (set = −1). */
    signWord(step: number, k: number, param: number, w: number): number;
    /** Nonzero bits of the same components (all ones when not masked). */
    maskWord(step: number, k: number, param: number, w: number): number;
}

/** Rademacher directions: every component ±1, derived from (seed, step, k, param, word). */
export class RademacherDirections implements DirectionSource {
    readonly masked = false;
    private cachedStep = -1;
    private cachedTangent = -1;
    private cachedParam = -1;
    private cachedBase = 0;

    constructor(readonly seed: number, readonly tangents: number) {}

    /** Sign word of one block of a direction. */
    signWord(step: number, k: number, param: number, w: number): number {
        return directionWord(this.base(step, k, param), w);
    }

    /** Every component is nonzero. */
    maskWord(): number {
        return 0xffffffff;
    }

    // The base hash of the (step, k, param) being read; kernels read one parameter at a time.
    private base(step: number, k: number, param: number): number {
        if (step !== this.cachedStep || k !== this.cachedTangent || param !== this.cachedParam) {
            this.cachedStep = step;
            this.cachedTangent = k;
            this.cachedParam = param;
            this.cachedBase = directionBase({ seed: this.seed, step, tangent: k, param });
        }
        return this.cachedBase;
    }
}

/** The standard basis: tangent k is the unit vector of the k-th parameter component (params in order). */
export class BasisDirections implements DirectionSource {
    readonly masked = true;
    readonly tangents: number;
    private readonly offsets: number[];

    constructor(paramSizes: readonly number[]) {
        this.offsets = [];
        let total = 0;
        for (const size of paramSizes) {
            this.offsets.push(total);
            total += size;
        }
        this.tangents = total;
    }

    /** All components are +1 where nonzero. */
    signWord(): number {
        return 0;
    }

    /** One bit set, in the block holding component k, of the parameter that owns it. */
    maskWord(_step: number, k: number, param: number, w: number): number {
        const local = k - this.offsets[param]!;
        const next = this.offsets[param + 1] ?? this.tangents;
        if (local < 0 || k >= next) return 0;
        return local >>> 5 === w ? (1 << (local & 31)) >>> 0 : 0;
    }
}
