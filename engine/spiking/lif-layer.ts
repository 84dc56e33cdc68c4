// A layer of leaky integrate-and-fire neurons, simulated clock-driven at `dt` with every state
// value stored as a pattern of the run's format. Per step and neuron (u = v − v_rest):
//
//   I_syn ← I_syn − k_s·I_syn + Σ_{j arriving} w_ji                  (with tau_syn)
//   u     ← u − k·u + k·R·I_ext + k·R·I_syn                          (with tau_syn)
//   u     ← u − k·u + k·R·I_ext + Σ_{j arriving} w_ji                (instantaneous synapses)
//         − inhibition · (spikes of the other neurons of this layer at the previous step)
//   u ≥ (threshold − v_rest) + θ  →  spike, u ← reset − v_rest, refractory, θ += theta_plus
//   θ     ← θ − k_θ·θ                                                 (with tau_theta, while learning)
//
// with k = 1 − exp(−dt/τ): the exact solution of the membrane equation over one step while the
// input is constant ("exponential Euler"), so a constant current gives the analytic firing rate up
// to the step's quantisation. The rate k is stored rather than exp(−dt/τ), which lies within a few
// ulps of one when dt ≪ τ (see exponential-decay.ts). Each right-hand side is one StepSum: exact
// and rounded once with `accumulate quire`, rounded at every operation with `rounded`. Constants
// are computed in float64 and rounded once to the format.
import type { TrackedAllocator } from '../memory/allocator.js';
import type { Accumulation } from '../kernels/accumulation.js';
import { allocateTensor, freeTensor, type Tensor } from '../tensor/tensor.js';
import type { Xoshiro128 } from '../random/xoshiro.js';
import type { LifLayerSpec, SimulationSettings } from './network-spec.js';
import { stepsOf } from './network-spec.js';
import { SpikeList } from './spike-list.js';
import { StepSum } from './step-sum.js';
import { ExponentialDecay } from './exponential-decay.js';

/** Format values (already rounded) of a layer's constants. */
interface LayerConstants {
    /** −k = −(1 − exp(−dt/τ)). */
    readonly minusLeak: number;
    /** k·R·I_ext. */
    readonly drive: number;
    /** k·R. */
    readonly synapseGain: number;
    /** −k_s = −(1 − exp(−dt/τ_syn)). */
    readonly minusSynapseLeak: number;
    readonly threshold: number;
    readonly reset: number;
    readonly inhibition: number;
    readonly thetaPlus: number;
    readonly refractorySteps: number;
}

/** A simulated LIF layer: its state, its incoming weights and its spikes. */
export class LifLayer {
    /** Incoming weights, source-major: weights.data[j·size + i] is source j → neuron i. */
    readonly weights: Tensor;
    /** Depolarisation u = v − v_rest per neuron. */
    readonly membrane: Tensor;
    /** Synaptic current per neuron (only with tau_syn). */
    readonly synapticCurrent: Tensor | undefined;
    /** Homeostatic threshold increase θ per neuron (only with theta_plus). */
    readonly thresholdShift: Tensor | undefined;
    /** Steps each neuron still has to rest. */
    readonly refractory: Int32Array;
    /** Spikes of the step just simulated, and of the one before (what the next layer receives). */
    spikes: SpikeList;
    previousSpikes: SpikeList;
    /** Spikes per neuron since `clearCounts` (the response to a sample). */
    readonly counts: Int32Array;
    readonly constants: LayerConstants;
    private readonly sum: StepSum;
    /** The threshold decay (only when θ decays). */
    private readonly thetaDecay: ExponentialDecay | undefined;
    /** round(threshold − v_rest + θ) per neuron, kept in step with θ (only with theta_plus). */
    private readonly thresholds: Float64Array | undefined;

    constructor(readonly spec: LifLayerSpec, readonly sourceSize: number, private readonly settings: SimulationSettings, private readonly acc: Accumulation, private readonly allocator: TrackedAllocator) {
        const format = settings.format;
        const n = spec.size;
        this.weights = allocateTensor(allocator, format, [sourceSize, n], 'param', `${spec.name}.weights`);
        this.membrane = allocateTensor(allocator, format, [n], 'state', `${spec.name}.membrane`);
        this.synapticCurrent = spec.tauSynapse !== undefined ? allocateTensor(allocator, format, [n], 'state', `${spec.name}.synaptic current`) : undefined;
        this.thresholdShift = (spec.thetaPlus ?? 0) > 0 ? allocateTensor(allocator, format, [n], 'state', `${spec.name}.threshold shift`) : undefined;
        this.refractory = allocator.int32(n, 'state', `${spec.name}.refractory steps`);
        this.spikes = SpikeList.allocate(allocator, n, `${spec.name}.spikes`);
        this.previousSpikes = SpikeList.allocate(allocator, n, `${spec.name}.previous spikes`);
        this.counts = allocator.int32(n, 'activation', `${spec.name}.spike counts`);
        this.constants = layerConstants(spec, settings, acc);
        // Terms: u, −k·u, drive, synaptic input (one per source neuron at most), inhibition (one per other neuron).
        this.sum = new StepSum(acc, sourceSize + n + 4, allocator, `${spec.name} step sum`);
        this.thresholds = this.thresholdShift !== undefined ? allocator.float64(n, 'quire', `${spec.name}.effective thresholds`) : undefined;
        this.thetaDecay = this.thresholdShift !== undefined && spec.tauTheta !== undefined ? new ExponentialDecay(format, acc, spec.tauTheta, settings.dt, n, allocator, `${spec.name}.threshold decay`) : undefined;
    }

    /** Draws the initial weights uniformly in the spec's range, each rounded to the format. */
    initializeWeights(random: Xoshiro128): void {
        const { low, high } = this.spec.init;
        const data = this.weights.data;
        for (let k = 0; k < data.length; k++) data[k] = this.acc.encode(low + (high - low) * random.nextUniform());
    }

    /** Back to rest: u = 0, no synaptic current, not refractory, no spikes in flight (θ is kept). */
    resetActivity(): void {
        // θ may have been restored from a checkpoint since the last step.
        this.refreshThresholds();
        this.membrane.data.fill(this.acc.encode(0));
        this.synapticCurrent?.data.fill(this.acc.encode(0));
        this.refractory.fill(0);
        this.spikes.clear();
        this.previousSpikes.clear();
    }

    /** Zeroes the spike counts. */
    clearCounts(): void {
        this.counts.fill(0);
    }

    /**
     * Simulates one step given the spikes that arrive from the source (emitted at the previous
     * step); `adapt` lets the thresholds adapt (training) or holds them (evaluation).
     */
    step(arriving: SpikeList, adapt: boolean): void {
        const swap = this.previousSpikes;
        this.previousSpikes = this.spikes;
        this.spikes = swap;
        this.spikes.clear();
        const c = this.constants;
        const format = this.settings.format;
        const n = this.spec.size;
        const w = this.weights.data;
        const u = this.membrane.data;
        const current = this.synapticCurrent?.data;
        const shift = this.thresholdShift?.data;
        const sum = this.sum;
        const arrivals = arriving.indices;
        const arrivalCount = arriving.count;
        if (shift !== undefined && adapt && this.thetaDecay !== undefined) {
            this.thetaDecay.apply(shift);
            this.refreshThresholds();
        }
        const thresholds = this.thresholds;
        if (current !== undefined) {
            for (let i = 0; i < n; i++) {
                sum.begin();
                const value = format.decode(current[i]!) as number;
                sum.add(value);
                sum.addProduct(value, c.minusSynapseLeak);
                for (let a = 0; a < arrivalCount; a++) sum.add(format.decode(w[arrivals[a]! * n + i]!) as number);
                current[i] = sum.finishPattern();
            }
        }
        // Certified float64 sums need exact products and a quire to fall back on (kernels/accumulation.ts).
        const certified = this.acc.mode === 'quire' && this.acc.exactProducts;
        const inhibitors = this.previousSpikes;
        const inhibitorCount = c.inhibition !== 0 ? inhibitors.count : 0;
        let nextInhibitor = 0;
        for (let i = 0; i < n; i++) {
            let self = 0;
            while (nextInhibitor < inhibitorCount && inhibitors.indices[nextInhibitor]! < i) nextInhibitor++;
            if (nextInhibitor < inhibitorCount && inhibitors.indices[nextInhibitor] === i) self = 1;
            if (this.refractory[i]! > 0) {
                this.refractory[i]!--;
                continue;
            }
            const membrane = format.decode(u[i]!) as number;
            let pattern = NaN;
            if (certified) {
                // The quire's fast path, unrolled: a float64 sum of exact terms with its magnitude,
                // certified to round like the exact sum (else the StepSum below decides exactly).
                const leak = membrane * c.minusLeak;
                let total = membrane + leak + c.drive;
                let magnitude = Math.abs(membrane) + Math.abs(leak) + Math.abs(c.drive);
                if (current !== undefined) {
                    const input = (format.decode(current[i]!) as number) * c.synapseGain;
                    total += input;
                    magnitude += Math.abs(input);
                } else {
                    for (let a = 0; a < arrivalCount; a++) {
                        const weight = format.decode(w[arrivals[a]! * n + i]!) as number;
                        total += weight;
                        magnitude += Math.abs(weight);
                    }
                }
                const inhibitions = inhibitorCount - self;
                total -= inhibitions * c.inhibition;
                magnitude += inhibitions * Math.abs(c.inhibition);
                pattern = this.acc.certifyPattern(total, magnitude, 3 + (current !== undefined ? 1 : arrivalCount) + inhibitions);
            }
            if (pattern !== pattern) {
                sum.begin();
                sum.add(membrane);
                sum.addProduct(membrane, c.minusLeak);
                if (c.drive !== 0) sum.add(c.drive);
                if (current !== undefined) {
                    sum.addProduct(format.decode(current[i]!) as number, c.synapseGain);
                } else {
                    for (let a = 0; a < arrivalCount; a++) sum.add(format.decode(w[arrivals[a]! * n + i]!) as number);
                }
                for (let k = inhibitorCount - self; k > 0; k--) sum.add(-c.inhibition);
                pattern = sum.finishPattern();
            }
            const value = format.decode(pattern) as number;
            const threshold = thresholds !== undefined ? thresholds[i]! : c.threshold;
            if (value >= threshold) {
                this.spikes.push(i);
                this.counts[i]!++;
                u[i] = this.acc.encode(c.reset);
                this.refractory[i] = c.refractorySteps;
                if (shift !== undefined && thresholds !== undefined && adapt) {
                    const raised = this.acc.add(format.decode(shift[i]!) as number, c.thetaPlus);
                    shift[i] = this.acc.encode(raised);
                    thresholds[i] = this.acc.add(c.threshold, raised);
                }
            } else {
                u[i] = pattern;
            }
        }
    }

    /** Recomputes every neuron's effective threshold from θ. */
    private refreshThresholds(): void {
        const shift = this.thresholdShift;
        if (shift === undefined || this.thresholds === undefined) return;
        for (let i = 0; i < this.spec.size; i++) this.thresholds[i] = this.acc.add(this.constants.threshold, shift.format.decode(shift.data[i]!) as number);
    }

    /** Every tensor of the layer's state, by name (for checkpoints). */
    stateTensors(): { readonly name: string; readonly tensor: Tensor }[] {
        const name = this.spec.name;
        return [
            { name: `${name}.weights`, tensor: this.weights },
            ...(this.thresholdShift !== undefined ? [{ name: `${name}.threshold shift`, tensor: this.thresholdShift }] : [])
        ];
    }

    /** Releases every buffer of the layer. */
    release(): void {
        freeTensor(this.allocator, this.weights);
        freeTensor(this.allocator, this.membrane);
        if (this.synapticCurrent !== undefined) freeTensor(this.allocator, this.synapticCurrent);
        if (this.thresholdShift !== undefined) freeTensor(this.allocator, this.thresholdShift);
        this.allocator.free(this.refractory);
        this.allocator.free(this.counts);
        this.spikes.release(this.allocator);
        this.previousSpikes.release(this.allocator);
        this.sum.release();
        this.thetaDecay?.release();
        if (this.thresholds !== undefined) this.allocator.free(this.thresholds);
    }
}

/** The layer's constants, each computed in float64 and rounded once to the format. */
export function layerConstants(spec: LifLayerSpec, settings: SimulationSettings, acc: Accumulation): LayerConstants {
    const dt = settings.dt;
    const leak = -Math.expm1(-dt / spec.tau);
    const resistance = spec.resistance ?? 1;
    return {
        minusLeak: -acc.round(leak),
        drive: acc.round(leak * resistance * (spec.current ?? 0)),
        synapseGain: acc.round(leak * resistance),
        minusSynapseLeak: spec.tauSynapse !== undefined ? -acc.round(-Math.expm1(-dt / spec.tauSynapse)) : 0,
        threshold: acc.round(spec.threshold - spec.rest),
        reset: acc.round(spec.reset - spec.rest),
        inhibition: acc.round(spec.inhibition ?? 0),
        thetaPlus: acc.round(spec.thetaPlus ?? 0),
        refractorySteps: stepsOf(spec.refractory, dt)
    };
}
