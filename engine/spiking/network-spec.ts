// What a spiking model is, as the engine simulates it: one spike source (Poisson-encoded data),
// a feed-forward chain of leaky integrate-and-fire layers, and pair-based STDP on some of them.
// Every quantity is in coherent SI base units (seconds, volts, amperes, hertz), as the language
// lowers literals (`20<ms>` → 0.02). docs/spiking.md gives the equations; in short, per neuron:
//
//   τ dv/dt = −(v − v_rest) + R·I                         (membrane)
//   I = I_ext + I_syn,  τ_syn dI_syn/dt = −I_syn, I_syn += w on a presynaptic spike   (with tau_syn)
//   v += w on a presynaptic spike                          (without tau_syn: instantaneous synapses)
//   v ≥ threshold + θ → spike, v = reset, hold for `refractory`, θ += theta_plus (homeostasis)
//   a spike lowers every other neuron of the layer by `inhibition` (winner-take-all)
//
// Without a `resistance`, R·I is measured in volts (R = 1): currents and synaptic weights are then
// voltages. Spikes travel one step: a spike emitted at step t reaches its targets at step t + 1.
// The membrane is stored as the depolarisation u = v − v_rest: posits are most precise near zero
// and one, so the precision of the state must not depend on where a model puts its resting
// potential (−65 mV and 0 mV describe the same neuron).
import type { NumericFormat } from '../numeric/format.js';
import type { AccumulateMode } from '../kernels/accumulation.js';
import { engineErrorCodes, failure, success, type Result } from '../errors.js';

/** The spike source: `input s : spikes[64]`, fed by an encoder. */
export interface SpikeSourceSpec {
    readonly name: string;
    readonly size: number;
}

/** A layer of leaky integrate-and-fire neurons: `layer hidden : lif[100] from s { … }`. */
export interface LifLayerSpec {
    readonly name: string;
    readonly size: number;
    /** The input or an earlier layer. */
    readonly source: string;
    /** Membrane time constant τ (s). */
    readonly tau: number;
    /** Resting potential v_rest (V). */
    readonly rest: number;
    /** Firing threshold (V), before homeostatic adaptation. */
    readonly threshold: number;
    /** Potential after a spike (V). */
    readonly reset: number;
    /** Refractory period (s): the membrane is held at `reset` and ignores input. */
    readonly refractory: number;
    /** Membrane resistance R (Ω); absent: R·I is written in volts. */
    readonly resistance?: number;
    /** Constant external current I_ext (A, or V without a resistance). */
    readonly current?: number;
    /** Synaptic current time constant (s); absent: instantaneous synapses. */
    readonly tauSynapse?: number;
    /** Lateral inhibition (V): lowers every other neuron when one spikes; 0 or absent: none. */
    readonly inhibition?: number;
    /** Homeostasis: threshold increase per spike (V); 0 or absent: fixed thresholds. */
    readonly thetaPlus?: number;
    /** Decay time constant of the threshold increase (s); absent: it does not decay. */
    readonly tauTheta?: number;
    /** Initial weights, uniform in [low, high] (V with instantaneous synapses, else A or V). */
    readonly init: { readonly low: number; readonly high: number };
}

/** Pair-based STDP with exponential traces: `plasticity stdp on hidden { … }`. */
export interface StdpSpec {
    /** The layer whose incoming weights learn. */
    readonly layer: string;
    /** Presynaptic trace time constant τ₊ (s). */
    readonly tauPlus: number;
    /** Postsynaptic trace time constant τ₋ (s). */
    readonly tauMinus: number;
    /** Potentiation per pairing a₊ (weight unit): on a post spike, w += a₊·x_pre. */
    readonly aPlus: number;
    /** Depression per pairing a₋ (weight unit): on a pre spike, w −= a₋·y_post. */
    readonly aMinus: number;
    readonly wMin: number;
    readonly wMax: number;
    /** After each training sample, scale each neuron's incoming weights to sum to this (Diehl & Cook 2015). */
    readonly normalize?: number;
}

/** A whole spiking model. */
export interface SpikingNetworkSpec {
    readonly model: string;
    readonly input: SpikeSourceSpec;
    /** In source order: each layer's source is the input or an earlier layer. */
    readonly layers: readonly LifLayerSpec[];
    readonly plasticity: readonly StdpSpec[];
    /** The layer whose spikes are the model's response (label assignment reads it). */
    readonly output: string;
}

/** How to simulate: the clock, the numeric format of every state value, and how sums round. */
export interface SimulationSettings {
    /** Time step (s). */
    readonly dt: number;
    readonly format: NumericFormat;
    /** `quire`: each neuron's input of a step is summed exactly and rounded once; `rounded`: every add rounds. */
    readonly accumulate: AccumulateMode;
}

/** Checks what the language cannot (or did not) check; every problem is an error value. */
export function checkNetworkSpec(spec: SpikingNetworkSpec, settings: SimulationSettings): Result<true> {
    const bad = (message: string): Result<true> => failure(engineErrorCodes.notExecutable, `spiking model ${spec.model}: ${message}`);
    if (!(settings.dt > 0) || !Number.isFinite(settings.dt)) return bad(`dt must be a positive time, not ${settings.dt} s`);
    if (settings.format.bits === 64 && settings.format.family !== 'ieee') return bad(`${settings.format.name} state is not supported (64-bit posit patterns are not executed)`);
    if (!Number.isInteger(spec.input.size) || spec.input.size < 1) return bad(`input ${spec.input.name} needs at least one channel`);
    const known = new Set([spec.input.name]);
    for (const layer of spec.layers) {
        if (known.has(layer.name)) return bad(`two values are named ${layer.name}`);
        if (!known.has(layer.source)) return bad(`layer ${layer.name} reads ${layer.source}, which is not the input or an earlier layer`);
        if (!Number.isInteger(layer.size) || layer.size < 1) return bad(`layer ${layer.name} needs at least one neuron`);
        const positive: [string, number | undefined][] = [['tau', layer.tau], ['tau_syn', layer.tauSynapse], ['tau_theta', layer.tauTheta], ['resistance', layer.resistance]];
        for (const [name, value] of positive) {
            if (value !== undefined && !(value > 0)) return bad(`layer ${layer.name}: ${name} must be positive, not ${value}`);
        }
        if (!(layer.refractory >= 0)) return bad(`layer ${layer.name}: refractory must be ≥ 0`);
        if (!(layer.threshold > layer.reset)) return bad(`layer ${layer.name}: threshold ${layer.threshold} V must lie above reset ${layer.reset} V, or every step would spike`);
        if (!(layer.init.high >= layer.init.low)) return bad(`layer ${layer.name}: the initial weight range is empty`);
        known.add(layer.name);
    }
    if (!spec.layers.some((l) => l.name === spec.output)) return bad(`the output ${spec.output} is not a layer`);
    const learning = new Set<string>();
    for (const rule of spec.plasticity) {
        if (!spec.layers.some((l) => l.name === rule.layer)) return bad(`plasticity on ${rule.layer}, which is not a layer`);
        if (learning.has(rule.layer)) return bad(`layer ${rule.layer} has two plasticity rules`);
        learning.add(rule.layer);
        if (!(rule.tauPlus > 0 && rule.tauMinus > 0)) return bad(`plasticity on ${rule.layer}: tau_plus and tau_minus must be positive`);
        if (!(rule.aPlus >= 0 && rule.aMinus >= 0)) return bad(`plasticity on ${rule.layer}: a_plus and a_minus must be ≥ 0`);
        if (!(rule.wMax > rule.wMin)) return bad(`plasticity on ${rule.layer}: w_max must exceed w_min`);
        if (rule.normalize !== undefined && !(rule.normalize > 0)) return bad(`plasticity on ${rule.layer}: normalize must be positive`);
    }
    return success(true);
}

/** Steps of a duration at `dt` (nearest integer, at least 0). */
export function stepsOf(duration: number, dt: number): number {
    return Math.max(0, Math.round(duration / dt));
}
