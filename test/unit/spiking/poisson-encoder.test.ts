// Poisson rate coding: each channel fires with probability rate·dt per step, rate proportional to
// intensity, from the seeded generator — the same seed gives the same spike trains.
import { describe, expect, it } from 'vitest';
import { TrackedAllocator } from '../../../engine/memory/allocator.js';
import { Xoshiro128 } from '../../../engine/random/xoshiro.js';
import { PoissonEncoder } from '../../../engine/spiking/poisson-encoder.js';
import { SpikeList } from '../../../engine/spiking/spike-list.js';

function countSpikes(intensities: number[], maxRate: number, steps: number, seed: number): number[] {
    const allocator = new TrackedAllocator();
    const encoder = new PoissonEncoder(intensities.length, 1e-3, allocator);
    encoder.setIntensities(Float64Array.from(intensities), 0, maxRate, 16);
    const spikes = SpikeList.allocate(allocator, intensities.length, 'spikes');
    const random = new Xoshiro128(seed);
    const counts = new Array<number>(intensities.length).fill(0);
    for (let t = 0; t < steps; t++) {
        encoder.draw(random, spikes);
        for (let s = 0; s < spikes.count; s++) counts[spikes.indices[s]!]!++;
    }
    return counts;
}

describe('the Poisson encoder', () => {
    it('fires each channel at maxRate · intensity / intensityMax (within 5 standard deviations)', () => {
        const intensities = [0, 2, 4, 8, 16, 20];
        const steps = 100_000;
        const counts = countSpikes(intensities, 200, steps, 3);
        intensities.forEach((intensity, j) => {
            const p = Math.min(1, intensity / 16) * 200 * 1e-3;
            const sd = Math.sqrt(steps * p * (1 - p));
            expect(Math.abs(counts[j]! - steps * p), `channel ${j}`).toBeLessThanOrEqual(5 * sd);
        });
        expect(counts[0]).toBe(0);
        // Intensities above intensityMax saturate at maxRate.
        expect(Math.abs(counts[5]! - counts[4]!)).toBeLessThan(0.05 * counts[4]!);
    });

    it('draws the same spike trains from the same seed, and others from another seed', () => {
        expect(countSpikes([5, 9, 16], 100, 2000, 7)).toEqual(countSpikes([5, 9, 16], 100, 2000, 7));
        expect(countSpikes([5, 9, 16], 100, 2000, 7)).not.toEqual(countSpikes([5, 9, 16], 100, 2000, 8));
    });
});
