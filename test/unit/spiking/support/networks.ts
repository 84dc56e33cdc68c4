// Small spiking models for the specifications of engine/spiking, in SI units, and a digits loader.
import { fileURLToPath } from 'node:url';
import { loadCsvDataset } from '../../../../engine/data/csv-dataset.js';
import type { TrackedAllocator } from '../../../../engine/memory/allocator.js';
import { parseFormat } from '../../../../engine/numeric/index.js';
import type { NumericFormat } from '../../../../engine/numeric/format.js';
import type { AccumulateMode } from '../../../../engine/kernels/accumulation.js';
import type { SimulationSettings, SpikingNetworkSpec } from '../../../../engine/spiking/network-spec.js';
import { SpikingNetwork } from '../../../../engine/spiking/spiking-network.js';
import { spikeDatasetOf, type SpikeDataset } from '../../../../engine/spiking/spike-dataset.js';
import type { PoissonEncodingSpec } from '../../../../engine/spiking/poisson-encoder.js';

export const ms = 1e-3;
export const mV = 1e-3;

/** A format by name (fails the test when unknown). */
export function format(name: string): NumericFormat {
    const found = parseFormat(name);
    if (found === undefined) throw new Error(`no format ${name}`);
    return found;
}

/** Simulation settings at dt = 1 ms unless told otherwise. */
export function settings(formatName: string, accumulate: AccumulateMode = 'quire', dt = 1 * ms): SimulationSettings {
    return { dt, format: format(formatName), accumulate };
}

/** Builds a network or fails the test with the engine's message. */
export function build(spec: SpikingNetworkSpec, simulation: SimulationSettings, allocator: TrackedAllocator): SpikingNetwork {
    const network = SpikingNetwork.create(spec, simulation, allocator);
    if (!network.ok) throw new Error(network.error.message);
    return network.value;
}

/** A Diehl & Cook style digits layer: `neurons` LIF neurons with inhibition, homeostasis and normalised STDP. */
export function digitsSpec(neurons: number): SpikingNetworkSpec {
    return {
        model: 'Digits',
        input: { name: 'x', size: 64 },
        layers: [{
            name: 'exc', size: neurons, source: 'x', tau: 100 * ms, rest: -65 * mV, threshold: -52 * mV, reset: -65 * mV, refractory: 5 * ms,
            inhibition: 20 * mV, thetaPlus: 0.1 * mV, init: { low: 0, high: 0.3 * mV }
        }],
        plasticity: [{ layer: 'exc', tauPlus: 20 * ms, tauMinus: 20 * ms, aPlus: 0.01 * mV, aMinus: 0.003 * mV, wMin: 0, wMax: 1 * mV, normalize: 6.4 * mV }],
        output: 'exc'
    };
}

/** The digits encoding: 200 Hz at intensity 16, 50 ms per sample, Diehl & Cook's repeats. */
export const digitsEncoding: PoissonEncodingSpec = { maxRate: 200, window: 50 * ms, intensityMax: 16, minSpikes: 5, rateBoost: 32, maxPresentations: 5 };

const dataFolder = fileURLToPath(new URL('../../../fixtures/train-models/data/', import.meta.url));

/** The first `rows` samples of the small optdigits fixture (`train-300` or `test-100`). */
export function digits(which: 'train-300' | 'test-100', rows: number, allocator: TrackedAllocator): SpikeDataset {
    const loaded = loadCsvDataset(
        { name: which, file: `${dataFolder}digits-${which}.csv`, columns: [{ name: 'x', kind: 'values', first: 0, count: 64 }, { name: 'label', kind: 'class', column: 64, classes: 10 }] },
        (column) => (column === 'x' ? format('float64') : undefined),
        allocator
    );
    if (!loaded.ok) throw new Error(loaded.error.message);
    const dataset = spikeDatasetOf(loaded.value, 'x', 'label', allocator);
    if (!dataset.ok) throw new Error(dataset.error.message);
    return { ...dataset.value, rows: Math.min(rows, dataset.value.rows) };
}

/** The bytes of every pattern array of the network's learnt state (weights and thresholds). */
export function learntBytes(network: SpikingNetwork): Uint8Array {
    const parts = network.layers.flatMap((layer) => layer.stateTensors().map(({ tensor }) => new Uint8Array(tensor.data.buffer, tensor.data.byteOffset, tensor.data.byteLength)));
    return Uint8Array.from(parts.flatMap((p) => [...p]));
}
