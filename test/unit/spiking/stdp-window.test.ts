// The STDP window: one pre and one post spike Δt apart change the weight by a₊·exp(−Δt/τ₊)
// (pre first) or −a₋·exp(Δt/τ₋) (post first), within the rounding the format allows — a bound
// derived from each format's precision at the values involved, not a tolerance picked to pass.
import { describe, expect, it } from 'vitest';
import { TrackedAllocator } from '../../../engine/memory/allocator.js';
import { Accumulation } from '../../../engine/kernels/accumulation.js';
import { allocateTensor } from '../../../engine/tensor/tensor.js';
import { StdpRule } from '../../../engine/spiking/stdp-rule.js';
import { SpikeList } from '../../../engine/spiking/spike-list.js';
import type { NumericFormat } from '../../../engine/numeric/format.js';
import type { AccumulateMode } from '../../../engine/kernels/accumulation.js';
import { format, ms, settings } from './support/networks.js';

const tauPlus = 20 * ms;
const tauMinus = 20 * ms;
const aPlus = 0.01;
const aMinus = 0.0105;
const initialWeight = 0.0625;

/** Δw after a pre spike at step `preStep` and a post spike at step `postStep` (dt = 1 ms). */
function weightChange(formatName: string, accumulate: AccumulateMode, preStep: number, postStep: number): { delta: number } {
    const simulation = settings(formatName, accumulate);
    const allocator = new TrackedAllocator();
    const acc = new Accumulation(simulation.format, accumulate);
    const weights = allocateTensor(allocator, simulation.format, [1, 1], 'param', 'w');
    weights.data[0] = acc.encode(initialWeight);
    const rule = new StdpRule({ layer: 'n', tauPlus, tauMinus, aPlus, aMinus, wMin: 0, wMax: 1 }, weights, simulation, acc, allocator);
    rule.resetTraces();
    const pre = SpikeList.allocate(allocator, 1, 'pre');
    const post = SpikeList.allocate(allocator, 1, 'post');
    const before = simulation.format.decode(weights.data[0]!) as number;
    for (let step = 0; step <= Math.max(preStep, postStep); step++) {
        pre.clear();
        post.clear();
        if (step === preStep) pre.push(0);
        if (step === postStep) post.push(0);
        rule.step(pre, post);
    }
    return { delta: (simulation.format.decode(weights.data[0]!) as number) - before };
}

/** Relative half-ulp of `format` for magnitudes in [low, high] (its coarsest binade there). */
function unitRoundoff(format: NumericFormat, low: number, high: number): number {
    let bits = Infinity;
    for (let scale = Math.floor(Math.log2(low)); scale <= Math.floor(Math.log2(high)); scale++) bits = Math.min(bits, format.fractionBitsAt(scale));
    return 2 ** -(bits + 1);
}

/**
 * How far the measured Δw may lie from a·exp(−k·dt/τ): the trace is the decay factor (rounded)
 * applied k times (each rounded), times a (rounded), added to w (one rounding with the quire; the
 * product rounds too with `rounded`).
 */
function roundingBound(format: NumericFormat, accumulate: AccumulateMode, a: number, k: number, tau: number): number {
    const exact = a * Math.exp(-k * ms / tau);
    const trace = Math.exp(-k * ms / tau);
    const uTrace = unitRoundoff(format, trace, 1);
    const uRate = unitRoundoff(format, a * trace, a);
    const uWeight = unitRoundoff(format, initialWeight - a, initialWeight + a);
    const relative = (1 + uRate) * (1 + uTrace) ** (2 * k) * (accumulate === 'rounded' ? 1 + uRate : 1) - 1;
    return exact * relative + 2 * uWeight * (initialWeight + a);
}

const formats = ['posit<16>', 'posit<32>', 'bposit<16>', 'bposit<32>', 'float16', 'bfloat16', 'float32', 'float64'];
const gaps = [1, 2, 5, 10, 20, 40, 60];

describe('the STDP window Δw(Δt) of one pre and one post spike', () => {
    for (const formatName of formats) {
        for (const accumulate of ['quire', 'rounded'] as const) {
            it(`pre before post potentiates by a₊·exp(−Δt/τ₊) and post before pre depresses by a₋·exp(Δt/τ₋) in ${formatName} (${accumulate})`, () => {
                let resolved = 0;
                for (const k of gaps) {
                    const expectedUp = aPlus * Math.exp(-k * ms / tauPlus);
                    const boundUp = roundingBound(format(formatName), accumulate, aPlus, k, tauPlus);
                    const expectedDown = -aMinus * Math.exp(-k * ms / tauMinus);
                    const boundDown = roundingBound(format(formatName), accumulate, aMinus, k, tauMinus);
                    // Only where the format resolves the change to 30% can a wrong window (another τ,
                    // the other sign, no decay) be told apart; the low-precision formats stop earlier.
                    if (boundUp >= 0.3 * expectedUp || boundDown >= 0.3 * -expectedDown) continue;
                    resolved++;
                    expect(Math.abs(weightChange(formatName, accumulate, 0, k).delta - expectedUp), `Δt = +${k} ms`).toBeLessThanOrEqual(boundUp);
                    expect(Math.abs(weightChange(formatName, accumulate, k, 0).delta - expectedDown), `Δt = −${k} ms`).toBeLessThanOrEqual(boundDown);
                }
                expect(resolved, 'gaps the format resolves').toBeGreaterThanOrEqual(4);
            });
        }
    }

    it('does not pair spikes of the same step: with a one-step synaptic delay neither caused the other', () => {
        expect(weightChange('float64', 'quire', 3, 3).delta).toBe(0);
    });

    it('follows the exponential closely in float64: the window is exp(−Δt/τ), not a linear or step window', () => {
        for (const k of gaps) {
            expect(weightChange('float64', 'quire', 0, k).delta).toBeCloseTo(aPlus * Math.exp(-k / 20), 12);
            expect(weightChange('float64', 'quire', k, 0).delta).toBeCloseTo(-aMinus * Math.exp(-k / 20), 12);
        }
    });
});
