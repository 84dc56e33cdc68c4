// Song, Miller & Abbott (2000): a neuron driven by 1,000 independent Poisson inputs at 15 Hz whose
// synapses follow additive STDP with slightly stronger depression (a₋/a₊ = 1.05, τ₊ = τ₋ = 20 ms)
// ends with a bimodal weight distribution — most synapses near 0 or near w_max — as the synapses
// compete for control of the output spikes. Simulated in posit<16> with the quire, dt = 1 ms,
// 300 s of model time, current-based synapses (τ_syn = 5 ms) and τ_m = 10 ms as in the Brian 2
// reproduction of the paper.
import { describe, expect, it } from 'vitest';
import { TrackedAllocator } from '../../../engine/memory/allocator.js';
import { Xoshiro128 } from '../../../engine/random/xoshiro.js';
import type { SpikingNetworkSpec } from '../../../engine/spiking/network-spec.js';
import type { SpikingNetwork } from '../../../engine/spiking/spiking-network.js';
import { build, ms, mV, settings } from './support/networks.js';

const wMax = 0.6 * mV;
const aPlus = 0.01 * wMax;

const songNeuron: SpikingNetworkSpec = {
    model: 'Song2000',
    input: { name: 'inputs', size: 1000 },
    layers: [{
        name: 'neuron', size: 1, source: 'inputs', tau: 10 * ms, tauSynapse: 5 * ms, rest: -74 * mV, threshold: -54 * mV, reset: -60 * mV, refractory: 0,
        init: { low: 0, high: wMax }
    }],
    plasticity: [{ layer: 'neuron', tauPlus: 20 * ms, tauMinus: 20 * ms, aPlus, aMinus: 1.05 * aPlus, wMin: 0, wMax }],
    output: 'neuron'
};

/** Counts of weights in ten equal bins of [0, w_max]. */
function histogram(network: SpikingNetwork): number[] {
    const bins = new Array<number>(10).fill(0);
    const weights = network.layers[0]!.weights;
    for (const pattern of weights.data) bins[Math.min(9, Math.floor(((weights.format.decode(pattern) as number) / wMax) * 10))]!++;
    return bins;
}

/** The shape the paper reports: mass at both ends, a sparse middle, each end above every middle bin. */
function bimodality(bins: readonly number[]): { low: number; high: number; middle: number; endsAboveMiddle: boolean } {
    const total = bins.reduce((a, b) => a + b, 0);
    const middleBins = bins.slice(3, 7);
    return {
        low: (bins[0]! + bins[1]!) / total,
        high: (bins[8]! + bins[9]!) / total,
        middle: middleBins.reduce((a, b) => a + b, 0) / total,
        endsAboveMiddle: Math.min(bins[0]!, bins[9]!) >= 3 * Math.max(...middleBins)
    };
}

describe('STDP competition (Song, Miller & Abbott 2000)', () => {
    it('turns a uniform weight distribution bimodal: most weights end near 0 or near w_max', () => {
        const allocator = new TrackedAllocator();
        const network = build(songNeuron, settings('posit<16>', 'quire'), allocator);
        network.initialize(3);
        network.resetActivity();
        network.encoder.setUniformRate(15);
        const before = bimodality(histogram(network));
        // The start is not bimodal by the same measure (a uniform distribution has 40% at the ends).
        expect(before.low + before.high).toBeLessThan(0.5);
        expect(before.endsAboveMiddle).toBe(false);

        const random = new Xoshiro128(5, 2);
        const seconds = 300;
        let outputSpikes = 0;
        for (let t = 0; t < seconds / (1 * ms); t++) {
            network.step(random, true);
            outputSpikes += network.output.spikes.count;
        }
        const bins = histogram(network);
        const after = bimodality(bins);
        expect(after.low + after.high, `histogram ${bins.join(' ')}`).toBeGreaterThan(0.7);
        expect(after.middle, `histogram ${bins.join(' ')}`).toBeLessThan(0.15);
        expect(after.low).toBeGreaterThan(0.3);
        expect(after.high).toBeGreaterThan(0.15);
        expect(after.endsAboveMiddle, `histogram ${bins.join(' ')}`).toBe(true);
        // Competition regulates the output: it keeps firing, at a moderate rate.
        expect(outputSpikes / seconds).toBeGreaterThan(5);
        expect(outputSpikes / seconds).toBeLessThan(40);
    });
});
