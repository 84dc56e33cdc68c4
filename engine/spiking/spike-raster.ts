// A spike raster of one presentation: which channel or neuron fired at which step, for the
// training panel. Only the last presentation attempt is kept (a repeated, faster presentation
// replaces the slower one that fired too little).
import type { LifLayer } from './lif-layer.js';
import type { SpikeList } from './spike-list.js';
import type { SpikeObserver } from './spiking-network.js';

/** Spikes of one population as parallel arrays of step and neuron index. */
export interface PopulationRaster {
    readonly name: string;
    readonly size: number;
    readonly steps: number[];
    readonly neurons: number[];
}

/** The raster of one sample. */
export interface SpikeRaster {
    /** Index of the sample in its data set. */
    readonly sample: number;
    readonly label: number;
    /** The readout's class (−1: no assigned neuron fired). */
    readonly predicted: number;
    /** Steps of the presentation and the step length (s). */
    readonly stepCount: number;
    readonly dt: number;
    readonly populations: readonly PopulationRaster[];
}

/** Collects spikes step by step while a sample is presented. */
export class RasterRecorder {
    readonly populations: PopulationRaster[];
    stepCount = 0;

    constructor(inputName: string, inputSize: number, layers: readonly LifLayer[]) {
        this.populations = [{ name: inputName, size: inputSize, steps: [], neurons: [] }, ...layers.map((l) => ({ name: l.spec.name, size: l.spec.size, steps: [], neurons: [] }))];
    }

    /** The observer to pass to `SpikingNetwork.present`. */
    readonly observe: SpikeObserver = (step: number, input: SpikeList, layers: readonly LifLayer[]): void => {
        if (step === 0) for (const population of this.populations) { population.steps.length = 0; population.neurons.length = 0; }
        this.stepCount = step + 1;
        append(this.populations[0]!, step, input);
        layers.forEach((layer, k) => append(this.populations[k + 1]!, step, layer.spikes));
    };
}

function append(population: PopulationRaster, step: number, spikes: SpikeList): void {
    for (let s = 0; s < spikes.count; s++) {
        population.steps.push(step);
        population.neurons.push(spikes.indices[s]!);
    }
}
