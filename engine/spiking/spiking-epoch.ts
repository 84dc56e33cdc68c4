// What one epoch of unsupervised spiking training reports: the readout's accuracy, the output
// layer's firing rates, the simulated work and its speed, measured memory, and a spike raster of
// one evaluation sample for the training panel.
import type { MemoryReport } from '../train/memory-report.js';
import type { SpikingEvaluation } from './spiking-evaluation.js';

/**
 * One finished epoch of a spiking run: its evaluation with learning off (accuracy is the
 * label-assignment readout on the evaluation set — the `validate on` set, else the training set —
 * the assignment saved for inference, firing rates, raster) and the work of its learning presentations.
 */
export interface SpikingEpochRecord extends Omit<SpikingEvaluation, 'correct' | 'samples'> {
    readonly epoch: number;
    readonly epochs: number;
    /** Name of the evaluation data set. */
    readonly evaluatedOn: string;
    /** The mean of `firingRates` over the output neurons (Hz). */
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
}
