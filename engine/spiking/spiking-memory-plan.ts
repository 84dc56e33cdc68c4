// The memory plan of a spiking model, predicted from its spec before anything runs: every buffer
// the simulator allocates through the tracked allocator, with its lifetime class and size. A test
// holds the prediction equal to the allocator's measured peak. What it shows about learning:
// STDP keeps one trace per presynaptic and one per postsynaptic neuron (pair-based, all-to-all
// pairing needs no per-synapse trace), and nothing in the `tape`, `gradient` or `tangent` classes —
// there is no backward pass.
import type { LifetimeClass } from '../ir/types.js';
import { zeroByClass, type BytesByClass } from '../memory/allocator.js';
import type { SimulationSettings, SpikingNetworkSpec } from './network-spec.js';

/** One planned buffer. */
export interface PlannedBuffer {
    /** As the allocator labels it (`exc.weights`, `exc.pre traces`, …). */
    readonly label: string;
    readonly memoryClass: LifetimeClass;
    readonly bytes: number;
    /** What it holds, for the memory plan view: `per synapse`, `per neuron`, `per input channel`, … */
    readonly role: 'weights' | 'membrane' | 'synaptic current' | 'thresholds' | 'refractory' | 'traces' | 'spikes' | 'encoder' | 'readout' | 'scratch' | 'quire';
    readonly count: number;
    readonly per: 'synapse' | 'neuron' | 'input channel' | 'neuron and class' | 'class' | 'term' | 'model';
}

/** A spiking model's planned memory. */
export interface SpikingMemoryPlan {
    readonly buffers: readonly PlannedBuffer[];
    /** Bytes by class when everything above is live (during the per-epoch evaluation). */
    readonly byClass: BytesByClass;
    /** The predicted peak: every class except `data`. */
    readonly peak: number;
    /** Bytes of the learning state: pre and post traces (STDP) and threshold shifts (homeostasis). */
    readonly learningState: number;
    /** Always 0: STDP is local, there is no tape. */
    readonly tape: 0;
}

/** Plans the memory of simulating, training and evaluating `spec` (`classes`: labels of the data). */
export function planSpikingMemory(spec: SpikingNetworkSpec, settings: SimulationSettings, classes: number): SpikingMemoryPlan {
    const bytes = settings.format.bytes;
    const buffers: PlannedBuffer[] = [];
    const add = (label: string, memoryClass: LifetimeClass, role: PlannedBuffer['role'], count: number, per: PlannedBuffer['per'], size: number): void => {
        buffers.push({ label, memoryClass, role, count, per, bytes: count * size });
    };
    // An exponential decay keeps −k repeated, and with `rounded` its products (exponential-decay.ts).
    const decay = (label: string, count: number, per: PlannedBuffer['per']): void => {
        add(`${label} rate`, 'quire', 'scratch', count, per, bytes);
        if (settings.accumulate === 'rounded') add(`${label} products`, 'quire', 'scratch', count, per, bytes);
    };
    add('quire', 'quire', 'quire', 1, 'model', Math.ceil(settings.format.quireBits / 8));
    const inputs = spec.input.size;
    add('encoder firing probabilities', 'activation', 'encoder', inputs, 'input channel', 8);
    add(`${spec.input.name}.spikes`, 'activation', 'spikes', inputs, 'input channel', 4);
    add(`${spec.input.name}.previous spikes`, 'activation', 'spikes', inputs, 'input channel', 4);
    const sizes = new Map<string, number>([[spec.input.name, inputs]]);
    for (const layer of spec.layers) {
        const n = layer.size;
        const sources = sizes.get(layer.source) ?? 0;
        sizes.set(layer.name, n);
        add(`${layer.name}.weights`, 'param', 'weights', sources * n, 'synapse', bytes);
        add(`${layer.name}.membrane`, 'state', 'membrane', n, 'neuron', bytes);
        if (layer.tauSynapse !== undefined) add(`${layer.name}.synaptic current`, 'state', 'synaptic current', n, 'neuron', bytes);
        const adaptive = (layer.thetaPlus ?? 0) > 0;
        if (adaptive) add(`${layer.name}.threshold shift`, 'state', 'thresholds', n, 'neuron', bytes);
        if (adaptive) add(`${layer.name}.effective thresholds`, 'quire', 'scratch', n, 'neuron', 8);
        add(`${layer.name}.refractory steps`, 'state', 'refractory', n, 'neuron', 4);
        add(`${layer.name}.spikes`, 'activation', 'spikes', n, 'neuron', 4);
        add(`${layer.name}.previous spikes`, 'activation', 'spikes', n, 'neuron', 4);
        add(`${layer.name}.spike counts`, 'activation', 'spikes', n, 'neuron', 4);
        add(`${layer.name} step sum (terms)`, 'quire', 'scratch', sources + n + 4, 'term', 8);
        add(`${layer.name} step sum (factors)`, 'quire', 'scratch', sources + n + 4, 'term', 8);
        if (adaptive && layer.tauTheta !== undefined) decay(`${layer.name}.threshold decay`, n, 'neuron');
        const rule = spec.plasticity.find((r) => r.layer === layer.name);
        if (rule === undefined) continue;
        add(`${layer.name}.pre traces`, 'state', 'traces', sources, 'input channel', bytes);
        add(`${layer.name}.post traces`, 'state', 'traces', n, 'neuron', bytes);
        decay(`${layer.name}.pre trace decay`, sources, 'input channel');
        decay(`${layer.name}.post trace decay`, n, 'neuron');
        if (rule.normalize !== undefined) {
            add(`${layer.name} weight sum (terms)`, 'quire', 'scratch', sources, 'term', 8);
            add(`${layer.name} weight sum (factors)`, 'quire', 'scratch', sources, 'term', 8);
        }
    }
    const outputs = sizes.get(spec.output) ?? 0;
    add('label assignment responses', 'activation', 'readout', classes * outputs, 'neuron and class', 8);
    add('label assignment sample counts', 'activation', 'readout', classes, 'class', 8);
    add('label assignment', 'activation', 'readout', outputs, 'neuron', 4);
    add('evaluation spike totals', 'activation', 'readout', outputs, 'neuron', 8);
    const byClass = zeroByClass();
    for (const buffer of buffers) byClass[buffer.memoryClass] += buffer.bytes;
    const peak = Object.entries(byClass).reduce((sum, [name, b]) => (name === 'data' ? sum : sum + b), 0);
    const learningState = buffers.filter((b) => b.role === 'traces' || b.role === 'thresholds').reduce((sum, b) => sum + b.bytes, 0);
    return { buffers, byClass, peak, learningState, tape: 0 };
}
