// Poisson rate coding of a sample: channel j fires independently in each step with probability
// rate_j·dt, where rate_j = maxRate · intensity_j / intensityMax (clamped to [0, maxRate]). This is
// the Bernoulli approximation of a Poisson process, exact in the limit dt → 0 and faithful while
// rate·dt ≪ 1 (the language warns when it is not). The draws come from the engine's seeded
// generator: one 32-bit word per channel and step, compared with a precomputed threshold, so a
// sample's spike train is a pure function of the generator's state.
import type { TrackedAllocator } from '../memory/allocator.js';
import type { Xoshiro128 } from '../random/xoshiro.js';
import type { SpikeList } from './spike-list.js';

/** How intensities become spike trains: `encode poisson(rate: 200<Hz>, window: 50<ms>)`. */
export interface PoissonEncodingSpec {
    /** Rate of a channel at full intensity (Hz). */
    readonly maxRate: number;
    /** Presentation time of one sample (s). */
    readonly window: number;
    /** The intensity that fires at `maxRate` (the input column's declared range top). */
    readonly intensityMax: number;
    /** Diehl & Cook 2015: when the output fires fewer spikes than this, present again, faster. 0: never. */
    readonly minSpikes: number;
    /** Rate added to `maxRate` for each repeated presentation (Hz). */
    readonly rateBoost: number;
    /** Presentations of one sample at most (≥ 1). */
    readonly maxPresentations: number;
}

const twoTo32 = 4294967296;

/** Draws the input spikes of each step for the current sample. */
export class PoissonEncoder {
    /** Per channel: a draw below this fires (probability · 2^32). */
    private readonly thresholds: Float64Array;

    constructor(readonly size: number, private readonly dt: number, private readonly allocator: TrackedAllocator) {
        this.thresholds = allocator.float64(size, 'activation', 'encoder firing probabilities');
    }

    /** Sets the rates from `intensities[offset .. offset + size)` at `maxRate` (Hz) for intensity `intensityMax`. */
    setIntensities(intensities: Float64Array, offset: number, maxRate: number, intensityMax: number): void {
        for (let j = 0; j < this.size; j++) {
            const fraction = Math.min(1, Math.max(0, intensities[offset + j]! / intensityMax));
            this.thresholds[j] = Math.min(1, fraction * maxRate * this.dt) * twoTo32;
        }
    }

    /** Sets every channel to the same rate (Hz). */
    setUniformRate(rate: number): void {
        this.thresholds.fill(Math.min(1, Math.max(0, rate * this.dt)) * twoTo32);
    }

    /** Draws one step's spikes into `out`. */
    draw(random: Xoshiro128, out: SpikeList): void {
        out.clear();
        const thresholds = this.thresholds;
        for (let j = 0; j < this.size; j++) {
            // Always draw, even for silent channels: the stream position stays independent of the data.
            if (random.nextUint32() < thresholds[j]!) out.push(j);
        }
    }

    /** Releases the encoder's buffer. */
    release(): void {
        this.allocator.free(this.thresholds);
    }
}
