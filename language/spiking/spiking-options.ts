// The options a spiking model may write — `layer … : lif[N] from s { … }`, `plasticity stdp on … { … }`
// and the train setting `encode poisson(…)` — with the quantity each one is and what it means.
// The quantities are fixed dimensions (time constants are Time, rates Hz, potentials Voltage) or
// follow from the membrane equation τ·dv/dt = −(v − v_rest) + R·I (currents and weights); see
// membrane-equation.ts. docs/spiking.md documents every option.

/** What an option's value is. */
export type OptionQuantity =
    /** Time (s): time constants, durations. */
    | 'time'
    /** Voltage (V): potentials, inhibition, threshold increments. */
    | 'voltage'
    /** Frequency (Hz): spike rates. */
    | 'rate'
    /** Any dimension: the membrane resistance R (its product with a current must be a Voltage). */
    | 'resistance'
    /** A current I: Voltage / dim(R). */
    | 'current'
    /** A synaptic weight: Voltage with instantaneous synapses, else a current. */
    | 'weight'
    /** A dimensionless count (an integer ≥ 0). */
    | 'count';

/** One option of a layer, a plasticity rule or an encoder. */
export interface OptionRule {
    readonly quantity: OptionQuantity;
    readonly required: boolean;
    /** Short description for hover and errors: "membrane time constant τ". */
    readonly meaning: string;
    /** The value is a constructor call (`uniform(lo, hi)`) rather than a literal. */
    readonly call?: 'uniform';
}

const option = (quantity: OptionQuantity, meaning: string, required = false, call?: 'uniform'): OptionRule => ({ quantity, required, meaning, ...(call !== undefined ? { call } : {}) });

/** Options of `layer NAME : lif[N] from SOURCE { … }`. */
export const lifOptions: ReadonlyMap<string, OptionRule> = new Map([
    ['tau', option('time', 'membrane time constant τ', true)],
    ['rest', option('voltage', 'resting potential v_rest (default 0 V)')],
    ['threshold', option('voltage', 'firing threshold', true)],
    ['reset', option('voltage', 'potential after a spike (default: rest)')],
    ['refractory', option('time', 'refractory period: the membrane holds at reset (default 0)')],
    ['resistance', option('resistance', 'membrane resistance R (default: R·I is written in volts)')],
    ['current', option('current', 'constant input current I_ext')],
    ['tau_syn', option('time', 'synaptic current time constant (default: instantaneous synapses)')],
    ['inhibition', option('voltage', 'lateral inhibition: a spike lowers every other neuron of the layer by this much')],
    ['theta_plus', option('voltage', 'homeostasis: threshold increase per spike')],
    ['tau_theta', option('time', 'decay time constant of the threshold increase (default: no decay)')],
    ['weights', option('weight', 'initial synaptic weights, uniform(low, high)', true, 'uniform')]
]);

/** Options of `plasticity stdp on LAYER { … }`. */
export const stdpOptions: ReadonlyMap<string, OptionRule> = new Map([
    ['tau_plus', option('time', 'presynaptic trace time constant τ₊', true)],
    ['tau_minus', option('time', 'postsynaptic trace time constant τ₋', true)],
    ['a_plus', option('weight', 'potentiation per pre-before-post pairing a₊', true)],
    ['a_minus', option('weight', 'depression per post-before-pre pairing a₋', true)],
    ['w_max', option('weight', 'upper weight bound', true)],
    ['w_min', option('weight', 'lower weight bound (default 0)')],
    ['normalize', option('weight', "each neuron's incoming weights are scaled to sum to this after every training sample")]
]);

/** Arguments of the train setting `encode poisson(…)`. */
export const poissonArguments: ReadonlyMap<string, OptionRule> = new Map([
    ['rate', option('rate', 'firing rate of a channel at the top of its range', true)],
    ['window', option('time', 'presentation time of one sample', true)],
    ['min_spikes', option('count', 'present a sample again, faster, while the output fires fewer spikes than this (default 5; 0: never)')],
    ['boost', option('rate', 'rate added for each repeated presentation (default 32 Hz)')],
    ['presentations', option('count', 'presentations of one sample at most (default 5)')]
]);

/** Layer kinds the engine simulates. */
export const layerKinds: readonly string[] = ['lif'];

/** Plasticity rules the engine applies. */
export const plasticityRules: readonly string[] = ['stdp'];

/** Encoders of spike inputs. */
export const spikeEncoders: readonly string[] = ['poisson'];
