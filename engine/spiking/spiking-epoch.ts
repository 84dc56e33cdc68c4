// What one epoch of unsupervised spiking training reports: the readout's accuracy, the output
// layer's firing rates, the simulated work and its speed, measured memory, and a spike raster of
// one evaluation sample for the training panel.
import type { MemoryReport } from '../train/memory-report.js';
import type { SpikeRaster } from './spike-raster.js';

/** One finished epoch of a spiking run. */
export interface SpikingEpochRecord {
    readonly epoch: number;
    readonly epochs: number;
    /** Label-assignment readout accuracy on the evaluation set (the `validate on` set, else the training set). */
    readonly accuracy: number;
    /** Name of the evaluation data set. */
    readonly evaluatedOn: string;
    /** Output neurons assigned to each class. */
    readonly assignedNeurons: readonly number[];
    /** Each output neuron's class after this epoch (−1: silent); a saved version keeps it for inference. */
    readonly assignment: readonly number[];
    /** Output neurons that never fired during the assignment (they do not vote). */
    readonly silentNeurons: number;
    /** Mean firing rate of each output neuron during evaluation (Hz). */
    readonly firingRates: readonly number[];
    /** Mean over the output neurons (Hz). */
    readonly meanFiringRate: number;
    /** Wall and CPU time of the epoch's learning presentations (evaluation excluded). */
    readonly ms: number;
    readonly cpuMs: number;
    /** Wall time of label assignment and evaluation. */
    readonly evaluationMs: number;
    /** Simulated time of the learning presentations (s), repeats included. */
    readonly simulatedSeconds: number;
    /** Spikes delivered to synapses during the learning presentations. */
    readonly synapticEvents: number;
    /** Presentations during learning (more than the samples when some were repeated faster). */
    readonly presentations: number;
    /** Correctly rounded results the fast exact path could not certify (recomputed with the quire). */
    readonly quireFallbacks: number;
    readonly memory: MemoryReport;
    readonly raster: SpikeRaster;
}
