// A spiking model ready to simulate: the Poisson-encoded input, the LIF layers in source order and
// their STDP rules, all state allocated once through the tracked allocator (weights as `param`;
// membranes, synaptic currents, thresholds and traces as `state`; spike lists and counts as
// `activation`; step sums and the quire as `quire`). Learning is local: nothing is kept for a
// backward pass, so the `tape`, `gradient` and `tangent` classes stay at zero.
import type { TrackedAllocator } from '../memory/allocator.js';
import { Accumulation } from '../kernels/accumulation.js';
import { Xoshiro128 } from '../random/xoshiro.js';
import { success, type Result } from '../errors.js';
import { checkNetworkSpec, stepsOf, type SimulationSettings, type SpikingNetworkSpec } from './network-spec.js';
import { PoissonEncoder, type PoissonEncodingSpec } from './poisson-encoder.js';
import { SpikeList } from './spike-list.js';
import { LifLayer } from './lif-layer.js';
import { StdpRule } from './stdp-rule.js';

/** Counters of simulated work since the network was built. */
export interface SimulationCounters {
    /** Time steps simulated. */
    steps: number;
    /** Spikes delivered to a synapse (a spike reaching n neurons counts n). */
    synapticEvents: number;
    /** Spikes emitted by the input and by every layer. */
    spikes: number;
}

/** Called after each step of a recorded presentation with the step index and each population's spikes. */
export type SpikeObserver = (step: number, input: SpikeList, layers: readonly LifLayer[]) => void;

/** What one presentation of a sample produced. */
export interface Presentation {
    /** Spikes of the output layer per neuron (of the last presentation attempt). */
    readonly counts: Int32Array;
    /** Presentations needed (more than one when the output stayed below `minSpikes`). */
    readonly attempts: number;
}

/** A simulated spiking network. */
export class SpikingNetwork {
    readonly layers: readonly LifLayer[];
    readonly rules: readonly StdpRule[];
    readonly encoder: PoissonEncoder;
    readonly inputSpikes: SpikeList;
    readonly previousInputSpikes: SpikeList;
    readonly output: LifLayer;
    readonly accumulation: Accumulation;
    readonly counters: SimulationCounters = { steps: 0, synapticEvents: 0, spikes: 0 };

    private constructor(readonly spec: SpikingNetworkSpec, readonly settings: SimulationSettings, private readonly allocator: TrackedAllocator) {
        this.accumulation = new Accumulation(settings.format, settings.accumulate);
        allocator.track(this.accumulation.quire, Math.ceil(settings.format.quireBits / 8), 'quire', 'quire');
        this.encoder = new PoissonEncoder(spec.input.size, settings.dt, allocator);
        this.inputSpikes = SpikeList.allocate(allocator, spec.input.size, `${spec.input.name}.spikes`);
        this.previousInputSpikes = SpikeList.allocate(allocator, spec.input.size, `${spec.input.name}.previous spikes`);
        const layers: LifLayer[] = [];
        const sizeOf = (name: string): number => name === spec.input.name ? spec.input.size : layers.find((l) => l.spec.name === name)!.spec.size;
        for (const layer of spec.layers) layers.push(new LifLayer(layer, sizeOf(layer.source), settings, this.accumulation, allocator));
        this.layers = layers;
        this.rules = spec.plasticity.map((rule) => new StdpRule(rule, layers.find((l) => l.spec.name === rule.layer)!.weights, settings, this.accumulation, allocator));
        this.output = layers.find((l) => l.spec.name === spec.output)!;
    }

    /** Builds a network (weights still zero: call `initialize` or restore a checkpoint). */
    static create(spec: SpikingNetworkSpec, settings: SimulationSettings, allocator: TrackedAllocator): Result<SpikingNetwork> {
        const checked = checkNetworkSpec(spec, settings);
        if (!checked.ok) return checked;
        return success(new SpikingNetwork(spec, settings, allocator));
    }

    /** Draws every layer's initial weights from `seed` (then normalises learning layers that ask for it). */
    initialize(seed: number): void {
        const random = new Xoshiro128(seed, 1);
        for (const layer of this.layers) layer.initializeWeights(random);
        for (const rule of this.rules) rule.normalize();
    }

    /** Everything back to rest except weights and thresholds: membranes, currents, traces, spikes in flight. */
    resetActivity(): void {
        for (const layer of this.layers) layer.resetActivity();
        for (const rule of this.rules) rule.resetTraces();
        this.inputSpikes.clear();
        this.previousInputSpikes.clear();
    }

    /** One time step: draw the input, advance every layer, then (when learning) apply STDP. */
    step(random: Xoshiro128, learn: boolean): void {
        this.previousInputSpikes.copyFrom(this.inputSpikes);
        this.encoder.draw(random, this.inputSpikes);
        let spikes = this.inputSpikes.count;
        for (const layer of this.layers) {
            // Spikes travel one step: a layer receives what its source emitted at the previous step.
            const arriving = layer.spec.source === this.spec.input.name ? this.previousInputSpikes : this.layerNamed(layer.spec.source).previousSpikes;
            this.counters.synapticEvents += arriving.count * layer.spec.size;
            layer.step(arriving, learn);
            spikes += layer.spikes.count;
        }
        if (learn) {
            for (const rule of this.rules) {
                const layer = this.layerNamed(rule.spec.layer);
                const pre = layer.spec.source === this.spec.input.name ? this.inputSpikes : this.layerNamed(layer.spec.source).spikes;
                rule.step(pre, layer.spikes);
            }
        }
        this.counters.steps++;
        this.counters.spikes += spikes;
    }

    /**
     * Presents one sample (intensities at `offset`) for the encoding's window, from rest; repeats
     * with a faster input while the output fires fewer than `minSpikes` (Diehl & Cook 2015). With
     * `learn`, STDP runs, thresholds adapt and weights are normalised after the sample.
     */
    present(intensities: Float64Array, offset: number, encoding: PoissonEncodingSpec, random: Xoshiro128, learn: boolean, observer?: SpikeObserver): Presentation {
        const steps = stepsOf(encoding.window, this.settings.dt);
        let attempts = 0;
        for (;;) {
            attempts++;
            this.resetActivity();
            for (const layer of this.layers) layer.clearCounts();
            this.encoder.setIntensities(intensities, offset, encoding.maxRate + (attempts - 1) * encoding.rateBoost, encoding.intensityMax);
            let total = 0;
            for (let t = 0; t < steps; t++) {
                this.step(random, learn);
                total += this.output.spikes.count;
                observer?.(t, this.inputSpikes, this.layers);
            }
            if (total >= encoding.minSpikes || attempts >= encoding.maxPresentations) break;
        }
        if (learn) for (const rule of this.rules) rule.normalize();
        return { counts: this.output.counts, attempts };
    }

    /** The layer called `name` (the spec guarantees it exists). */
    layerNamed(name: string): LifLayer {
        return this.layers.find((l) => l.spec.name === name)!;
    }

    /** Releases every buffer. */
    release(): void {
        for (const rule of this.rules) rule.release();
        for (const layer of this.layers) layer.release();
        this.inputSpikes.release(this.allocator);
        this.previousInputSpikes.release(this.allocator);
        this.encoder.release();
        this.allocator.free(this.accumulation.quire);
    }
}
