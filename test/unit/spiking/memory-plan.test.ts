// The memory plan of a spiking model predicts the tracked allocator's measured peak byte for byte,
// and shows what learning costs: one trace per presynaptic and per postsynaptic neuron, threshold
// shifts for homeostasis — and no tape, gradients or tangents.
import { describe, expect, it } from 'vitest';
import { TrackedAllocator } from '../../../engine/memory/allocator.js';
import { planSpikingMemory } from '../../../engine/spiking/spiking-memory-plan.js';
import { runSpikingTraining } from '../../../engine/spiking/unsupervised-trainer.js';
import type { SpikingNetworkSpec } from '../../../engine/spiking/network-spec.js';
import type { AccumulateMode } from '../../../engine/kernels/accumulation.js';
import { build, digits, digitsEncoding, digitsSpec, ms, mV, settings } from './support/networks.js';

/** A two-layer chain: STDP on the first layer, a fixed second layer with exponential synapses. */
function chainSpec(): SpikingNetworkSpec {
    const first = digitsSpec(10);
    return {
        ...first,
        layers: [
            { ...first.layers[0]!, tauTheta: 20 },
            { name: 'readout', size: 6, source: 'exc', tau: 20 * ms, tauSynapse: 5 * ms, rest: 0, threshold: 10 * mV, reset: 0, refractory: 2 * ms, init: { low: 0, high: 5 * mV } }
        ],
        output: 'readout'
    };
}

const cases: [string, () => SpikingNetworkSpec, string, AccumulateMode][] = [
    ['digits layer, posit<16>, quire', () => digitsSpec(16), 'posit<16>', 'quire'],
    ['digits layer, float32, rounded', () => digitsSpec(16), 'float32', 'rounded'],
    ['two-layer chain, bposit<32>, quire', chainSpec, 'bposit<32>', 'quire'],
    ['two-layer chain, posit<8>, rounded', chainSpec, 'posit<8>', 'rounded']
];

describe('the memory plan of a spiking model', () => {
    for (const [title, spec, formatName, accumulate] of cases) {
        it(`predicts the measured peak exactly (${title})`, async () => {
            const allocator = new TrackedAllocator();
            const simulation = settings(formatName, accumulate);
            const network = build(spec(), simulation, allocator);
            const outcome = await runSpikingTraining({ network, encoding: digitsEncoding, train: digits('train-300', 12, allocator), validate: digits('test-100', 6, allocator), epochs: 1, seed: 1, allocator });
            expect(outcome.kind).toBe('done');
            const plan = planSpikingMemory(spec(), simulation, 10);
            const measured = allocator.snapshot();
            const { data: _planData, ...planned } = plan.byClass;
            const { data: _measuredData, ...peak } = measured.peakByClass;
            expect(peak).toEqual(planned);
            expect(measured.peak).toBe(plan.peak);
        });
    }

    it('shows STDP state per neuron (traces), weights per synapse, and no tape', () => {
        const plan = planSpikingMemory(digitsSpec(100), settings('posit<16>'), 10);
        const traces = plan.buffers.filter((b) => b.role === 'traces');
        expect(traces.map((b) => [b.label, b.count, b.per, b.bytes])).toEqual([
            ['exc.pre traces', 64, 'input channel', 128],
            ['exc.post traces', 100, 'neuron', 200]
        ]);
        expect(plan.buffers.find((b) => b.role === 'weights')).toMatchObject({ count: 6400, per: 'synapse', bytes: 12800, memoryClass: 'param' });
        expect(plan.learningState).toBe(128 + 200 + 200);
        expect(plan.tape).toBe(0);
        expect([plan.byClass.tape, plan.byClass.gradient, plan.byClass.tangent]).toEqual([0, 0, 0]);
    });
});
