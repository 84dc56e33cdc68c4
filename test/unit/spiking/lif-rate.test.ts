// A LIF neuron driven by a constant current fires periodically with the analytic period
// t_ref + τ·ln(RI / (RI − θ)) (θ = threshold − reset, reset = rest). The simulator integrates the
// membrane exactly over each step, so the measured interval may exceed the analytic one only by the
// step quantisation: |measured − analytic| ≤ dt, wherever the format resolves the membrane's
// last increments before the threshold. Where it cannot (the increment per step k·(RI − θ) is below
// half an ulp of θ), the membrane stalls below threshold: that is asserted too.
import { describe, expect, it } from 'vitest';
import { TrackedAllocator } from '../../../engine/memory/allocator.js';
import { Xoshiro128 } from '../../../engine/random/xoshiro.js';
import type { SpikingNetworkSpec } from '../../../engine/spiking/network-spec.js';
import { build, format, ms, mV, settings } from './support/networks.js';

const tau = 20 * ms;
const refractory = 2 * ms;
const resistance = 1e8; // 100 MΩ
const threshold = 15 * mV;

function neuron(current: number): SpikingNetworkSpec {
    return {
        model: 'Driven',
        input: { name: 'silent', size: 1 },
        layers: [{ name: 'n', size: 1, source: 'silent', tau, rest: -70 * mV, threshold: -70 * mV + threshold, reset: -70 * mV, refractory, resistance, current, init: { low: 0, high: 0 } }],
        plasticity: [],
        output: 'n'
    };
}

/** Mean interval between the spikes of `seconds` of simulation (s). */
function measuredInterval(formatName: string, accumulate: 'quire' | 'rounded', dt: number, current: number, seconds: number): number {
    const allocator = new TrackedAllocator();
    const network = build(neuron(current), settings(formatName, accumulate, dt), allocator);
    network.resetActivity();
    network.encoder.setUniformRate(0);
    const random = new Xoshiro128(1);
    const spikeSteps: number[] = [];
    const steps = Math.round(seconds / dt);
    for (let t = 0; t < steps; t++) {
        network.step(random, false);
        if (network.output.spikes.count > 0) spikeSteps.push(t);
    }
    expect(spikeSteps.length).toBeGreaterThanOrEqual(20);
    return ((spikeSteps[spikeSteps.length - 1]! - spikeSteps[0]!) / (spikeSteps.length - 1)) * dt;
}

function analyticInterval(current: number): number {
    const drive = resistance * current;
    return refractory + tau * Math.log(drive / (drive - threshold));
}

/** Ulps of θ in the smallest membrane increment before the crossing, k·(RI − θ). */
function incrementInUlps(formatName: string, dt: number, current: number): number {
    const scale = Math.floor(Math.log2(threshold));
    const ulp = 2 ** (scale - format(formatName).fractionBitsAt(scale));
    return (-Math.expm1(-dt / tau) * (resistance * current - threshold)) / ulp;
}

describe('a LIF neuron under constant current', () => {
    const currents = [0.16e-9, 0.2e-9, 0.3e-9, 0.5e-9, 1e-9, 2e-9];
    for (const formatName of ['float64', 'float32', 'posit<16>', 'posit<32>', 'bposit<16>', 'bposit<32>', 'float16']) {
        for (const accumulate of ['quire', 'rounded'] as const) {
            it(`fires every t_ref + τ·ln(RI/(RI − θ)) within one dt in ${formatName} (${accumulate})`, () => {
                let cases = 0;
                for (const dt of [1 * ms, 0.1 * ms]) {
                    for (const current of currents) {
                        // Resolved: the last increments are at least 8 ulps per rounding of the step (one with
                        // the quire; three with `rounded`: the leak's product, its sum, the drive's sum).
                        if (incrementInUlps(formatName, dt, current) < 8 * (accumulate === 'quire' ? 1 : 3)) continue;
                        cases++;
                        const measured = measuredInterval(formatName, accumulate, dt, current, 25 * analyticInterval(current));
                        expect(Math.abs(measured - analyticInterval(current)), `I = ${current} A, dt = ${dt} s`).toBeLessThanOrEqual(dt);
                    }
                }
                expect(cases, 'currents and steps the format resolves').toBeGreaterThanOrEqual(3);
            });
        }
    }

    it('stalls below threshold when the increments are below half an ulp (bposit<16>, dt = 0.1 ms, RI − θ = 1 mV)', () => {
        expect(incrementInUlps('bposit<16>', 0.1 * ms, 0.16e-9)).toBeLessThan(0.5);
        expect(() => measuredInterval('bposit<16>', 'quire', 0.1 * ms, 0.16e-9, 0.2)).toThrow();
        // The same neuron in posit<32> fires as the analysis says.
        expect(Math.abs(measuredInterval('posit<32>', 'quire', 0.1 * ms, 0.16e-9, 2) - analyticInterval(0.16e-9))).toBeLessThanOrEqual(0.1 * ms);
    });

    it('stays silent when R·I does not reach the threshold', () => {
        const allocator = new TrackedAllocator();
        const network = build(neuron(0.14e-9), settings('posit<16>'), allocator);
        network.resetActivity();
        network.encoder.setUniformRate(0);
        const random = new Xoshiro128(1);
        let spikes = 0;
        for (let t = 0; t < 2000; t++) {
            network.step(random, false);
            spikes += network.output.spikes.count;
        }
        expect(spikes).toBe(0);
    });
});
