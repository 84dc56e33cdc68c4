// The dimensions the LIF membrane equation gives a layer's quantities:
//
//   τ·dv/dt = −(v − v_rest) + R·I
//
// Every term is a Voltage, so v, v_rest, threshold and reset are Voltages, τ is a Time, and R·I is
// a Voltage: a current is Voltage/dim(R) (a Voltage itself when no resistance is written, R·I
// then being written in volts). A synaptic weight is what a presynaptic spike adds: with
// instantaneous synapses it adds w to v (the term τ·Σ w·δ(t − t_k) must be a Voltage, δ being
// 1/Time), so w is a Voltage; with a synaptic current (tau_syn) it adds w to I, so w is a current.
import type { ExponentVector } from '../units/dimension.js';
import { addVectors, dimensionless } from '../units/dimension.js';
import type { FileUnits } from '../analysis/file-units.js';
import type { OptionQuantity } from './spiking-options.js';
import type { SpikingLayer } from './spiking-model.js';

/** Named dimensions of one file's basis. */
export interface SpikingDimensions {
    readonly time: ExponentVector;
    readonly voltage: ExponentVector;
    readonly rate: ExponentVector;
    readonly none: ExponentVector;
}

/** Time, Voltage (kg·m²/(s³·A)) and Hz over the file's basis. */
export function spikingDimensions(units: FileUnits): SpikingDimensions {
    const vector = (exponents: Readonly<Record<string, number>>): number[] => {
        const v = dimensionless(units.size);
        for (const [name, exponent] of Object.entries(exponents)) v[units.basis.names.indexOf(name)] = exponent;
        return v;
    };
    return {
        time: vector({ Time: 1 }),
        voltage: vector({ Mass: 1, Length: 2, Time: -3, Current: -1 }),
        rate: vector({ Time: -1 }),
        none: dimensionless(units.size)
    };
}

/** The synapse model of a layer, which decides what a weight is. */
export type SynapseModel = 'instantaneous' | 'current';

/** Whether a layer's synapses feed a synaptic current (tau_syn written) or move v directly. */
export function synapseModelOf(layer: SpikingLayer): SynapseModel {
    return layer.options.has('tau_syn') ? 'current' : 'instantaneous';
}

/** dim(R) of a layer: the resistance's written dimension, or dimensionless when none is written. */
export function resistanceDimension(layer: SpikingLayer, dimensions: SpikingDimensions): ExponentVector {
    return layer.options.get('resistance')?.quantity?.exponents ?? dimensions.none;
}

/** The dimension an option must have in `layer`; undefined for `resistance` (any dimension) and counts. */
export function requiredDimension(quantity: OptionQuantity, layer: SpikingLayer | undefined, dimensions: SpikingDimensions): ExponentVector | undefined {
    switch (quantity) {
        case 'time': return dimensions.time;
        case 'voltage': return dimensions.voltage;
        case 'rate': return dimensions.rate;
        case 'count': return dimensions.none;
        case 'resistance': return undefined;
        case 'current': return layer !== undefined ? addVectors(dimensions.voltage, resistanceDimension(layer, dimensions), -1) : undefined;
        case 'weight': {
            if (layer === undefined) return undefined;
            return synapseModelOf(layer) === 'instantaneous' ? dimensions.voltage : addVectors(dimensions.voltage, resistanceDimension(layer, dimensions), -1);
        }
    }
}

/** The term of the membrane equation a layer option enters, for messages: "the term −(v − v_rest)". */
export function membraneTerm(option: string, layer: SpikingLayer | undefined): string {
    switch (option) {
        case 'tau': return 'the term τ·dv/dt, τ times a Voltage per Time';
        case 'rest': return 'the term −(v − v_rest)';
        case 'threshold': case 'reset': return `the potential v, of which the ${option} is a value`;
        case 'inhibition': return 'the jump of v that an inhibiting spike causes';
        case 'theta_plus': return 'the threshold, to which θ adds';
        default:
            return layer !== undefined && synapseModelOf(layer) === 'current' ? 'the term R·I' : 'the term τ·Σ w·δ(t − t_spike)';
    }
}
