// Evaluation of an unsupervised spiking layer with learning off: assign labels from the responses
// to a labelled set, then classify another set and measure the output layer's firing rates. Each
// pass draws its Poisson spikes from its own generator stream, so evaluating never moves the
// training generator (and a resumed run evaluates exactly like an uninterrupted one).
import type { TrackedAllocator } from '../memory/allocator.js';
import { Xoshiro128 } from '../random/xoshiro.js';
import type { PoissonEncodingSpec } from './poisson-encoder.js';
import type { SpikingNetwork } from './spiking-network.js';
import type { SpikeDataset } from './spike-dataset.js';
import { classify, neuronsPerClass, ResponseTable } from './label-assignment.js';
import { RasterRecorder, type SpikeRaster } from './spike-raster.js';

/** Result of an evaluation. */
export interface SpikingEvaluation {
    readonly accuracy: number;
    readonly correct: number;
    readonly samples: number;
    readonly assignedNeurons: readonly number[];
    /** Each output neuron's class (−1: never fired during the assignment). */
    readonly assignment: readonly number[];
    readonly silentNeurons: number;
    /** Mean rate of each output neuron over the evaluation presentations (Hz). */
    readonly firingRates: readonly number[];
    readonly raster: SpikeRaster;
}

/** Generator streams of the evaluation passes of epoch `epoch` (training uses stream 2). */
const assignmentStream = 2000;
const testStream = 3000;

/** The generator stream of epoch `epoch`'s test presentations (0-based), for re-running them. */
export function testPresentationStream(epoch: number): number {
    return testStream + epoch;
}

/**
 * Assigns labels from `assignOn`, then classifies `evaluateOn`. The raster is recorded during the
 * classification: that of the first sample the output layer answered (a raster of a silent layer
 * shows little), or of the last sample when none was answered.
 */
export function evaluateSpiking(network: SpikingNetwork, encoding: PoissonEncodingSpec, assignOn: SpikeDataset, evaluateOn: SpikeDataset, seed: number, epoch: number, allocator: TrackedAllocator): SpikingEvaluation {
    const neurons = network.output.spec.size;
    const classes = Math.max(assignOn.classes, evaluateOn.classes);
    const table = new ResponseTable(classes, neurons, allocator);
    const assignment = allocator.int32(neurons, 'activation', 'label assignment');
    const spikeTotals = allocator.float64(neurons, 'activation', 'evaluation spike totals');
    try {
        const assignRandom = new Xoshiro128(seed, assignmentStream + epoch);
        for (let r = 0; r < assignOn.rows; r++) {
            const shown = network.present(assignOn.intensities, r * assignOn.width, encoding, assignRandom, false);
            table.record(assignOn.labels[r]!, shown.counts);
        }
        table.assign(assignment);
        const testRandom = new Xoshiro128(seed, testPresentationStream(epoch));
        let correct = 0;
        let firstAnswered: number | undefined;
        let rasterPrediction = -1;
        const recorder = new RasterRecorder(network.spec.input.name, network.spec.input.size, network.layers);
        for (let r = 0; r < evaluateOn.rows; r++) {
            const recording = firstAnswered === undefined;
            const shown = network.present(evaluateOn.intensities, r * evaluateOn.width, encoding, testRandom, false, recording ? recorder.observe : undefined);
            const predicted = classify(shown.counts, assignment, classes);
            if (recording) rasterPrediction = predicted;
            if (predicted === evaluateOn.labels[r]) correct++;
            let answered = false;
            for (let i = 0; i < neurons; i++) {
                spikeTotals[i]! += shown.counts[i]!;
                if (shown.counts[i]! > 0) answered = true;
            }
            if (answered && firstAnswered === undefined) firstAnswered = r;
        }
        const seconds = evaluateOn.rows * encoding.window;
        const sample = firstAnswered ?? Math.max(0, evaluateOn.rows - 1);
        return {
            accuracy: evaluateOn.rows === 0 ? 0 : correct / evaluateOn.rows,
            correct,
            samples: evaluateOn.rows,
            assignedNeurons: neuronsPerClass(assignment, classes),
            assignment: Array.from(assignment),
            silentNeurons: assignment.reduce((n, c) => n + (c < 0 ? 1 : 0), 0),
            firingRates: Array.from(spikeTotals, (total) => (seconds > 0 ? total / seconds : 0)),
            raster: {
                sample, label: evaluateOn.labels[sample]!, predicted: rasterPrediction,
                stepCount: recorder.stepCount, dt: network.settings.dt, populations: recorder.populations
            }
        };
    } finally {
        table.release();
        allocator.free(assignment);
        allocator.free(spikeTotals);
    }
}
