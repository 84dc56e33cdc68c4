// `phg run` for a spiking model: the newest version trained for this structure (weights, threshold
// shifts and the label assignment it saved), presented sample by sample with learning off, read
// out by label assignment. The network is built without its plasticity, so the measured memory is
// what inference needs: no STDP traces. With --init the weights are freshly drawn and labels are
// first assigned on the training set (a readout needs them).
import { readFileSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ExitCode } from '../command.js';
import type { CliIO } from '../io.js';
import type { RunEvent } from '../train-events.js';
import { errorEvent, memoryEvent } from '../engine-events.js';
import { runDataSpec } from '../run-data-spec.js';
import { TrackedAllocator } from '../../engine/memory/allocator.js';
import { memoryReport } from '../../engine/train/memory-report.js';
import { latestVersionOf, loadVersionWeights } from '../../engine/store/version-store.js';
import { engineErrorCodes, type EngineError } from '../../engine/errors.js';
import { Xoshiro128 } from '../../engine/random/xoshiro.js';
import { SpikingNetwork } from '../../engine/spiking/spiking-network.js';
import { classify, ResponseTable } from '../../engine/spiking/label-assignment.js';
import { testPresentationStream } from '../../engine/spiking/spiking-evaluation.js';
import type { SpikeDataset } from '../../engine/spiking/spike-dataset.js';
import { loadSpikeData, loadSpikingTraining, releaseSpikeData } from './spiking-model-loader.js';

/** The `phg run` flags a spiking run reads. */
export interface SpikingRunFlags {
    readonly file: string;
    readonly model?: string;
    readonly data?: string;
    readonly input?: string;
    readonly init: boolean;
}

/** Generator stream of `phg run` presentations of a fresh initialisation (training uses 2, evaluation 2000+). */
const runStream = 5000;

/** Runs the file's spiking model; undefined when its train block is not a spiking one. */
export async function runSpikingModel(flags: SpikingRunFlags, json: boolean, io: CliIO): Promise<number | undefined> {
    const emit = (event: RunEvent): void => { if (json) io.stdout(`${JSON.stringify(event)}\n`); };
    const fail = (error: EngineError, exit: number): number => {
        if (json) emit(errorEvent(error));
        else io.stderr(`phg run: ${error.code} ${error.message}\n`);
        return exit;
    };
    const loaded = await loadSpikingTraining(flags.file, io.cwd, flags.model !== undefined ? { model: flags.model } : {});
    if (loaded === undefined) return undefined;
    if (!loaded.ok) return fail(loaded.error, ExitCode.failed);
    const model = loaded.value;
    const lowered = model.lowered;
    const spec = runDataSpec(flags, model, io.cwd);
    if ('error' in spec) return fail(spec.error, spec.exit);
    // Inference keeps no plasticity: no traces, no weight updates, thresholds held.
    const inferenceSpec = { ...lowered.spec, plasticity: [] };
    const allocator = new TrackedAllocator();
    const created = SpikingNetwork.create(inferenceSpec, { dt: lowered.dt, format: model.format, accumulate: model.accumulate }, allocator);
    if (!created.ok) return fail(created.error, ExitCode.failed);
    const network = created.value;
    const data = loadSpikeData(spec, lowered, allocator);
    if (!data.ok) {
        network.release();
        return fail(data.error, ExitCode.failed);
    }
    const assignment = allocator.int32(network.output.spec.size, 'activation', 'label assignment');
    let weightsName = 'init';
    let presentations = new Xoshiro128(lowered.seed, runStream);
    try {
        if (flags.init) {
            network.initialize(lowered.seed);
            const train = loadSpikeData(lowered.train, lowered, allocator);
            if (!train.ok) return fail(train.error, ExitCode.failed);
            assignFrom(network, train.value, lowered.encoding, lowered.seed, lowered.classes, assignment, allocator);
            releaseSpikeData(train.value, allocator);
        } else {
            const latest = latestVersionOf(io.cwd, lowered.spec.model, model.structureHash);
            if (latest === undefined) return fail({ code: engineErrorCodes.noVersion, message: `no trained version of ${lowered.spec.model} with this structure in .phg/versions; run phg train ${flags.file} first, or pass --init` }, ExitCode.failed);
            const content = loadVersionWeights(latest.directory);
            if (!content.ok) return fail(content.error, ExitCode.failed);
            for (const layer of network.layers) {
                for (const { name, tensor } of layer.stateTensors()) {
                    const stored = content.value.tensors.get(name);
                    if (stored === undefined || stored.format.name !== tensor.format.name || stored.data.length !== tensor.size) {
                        return fail({ code: engineErrorCodes.noVersion, message: `${latest.directory}: ${name} does not fit the model (${tensor.format.name} × ${tensor.size})` }, ExitCode.failed);
                    }
                    tensor.data.set(stored.data as never);
                }
            }
            const record = savedRecord(latest.directory);
            const saved = record.assignment;
            if (saved === undefined || saved.length !== assignment.length) return fail({ code: engineErrorCodes.noVersion, message: `${latest.directory} has no label assignment for ${assignment.length} neurons in its record` }, ExitCode.failed);
            assignment.set(saved);
            // The training's last evaluation drew its test spikes from this stream: the same
            // spike trains give the same accuracy on the same data set.
            if (record.training) presentations = new Xoshiro128(record.training.seed, testPresentationStream(record.training.epochs - 1));
            weightsName = relative(io.cwd, latest.directory) || latest.directory;
        }
        allocator.resetPeak();
        emit({ type: 'start', file: relative(io.cwd, model.file), model: lowered.spec.model, format: model.format.name, batch: 1, samples: data.value.rows, weights: weightsName, structureHash: model.structureHash });
        const started = performance.now();
        const random = presentations;
        let correct = 0;
        for (let r = 0; r < data.value.rows; r++) {
            const shown = network.present(data.value.intensities, r * data.value.width, lowered.encoding, random, false);
            if (classify(shown.counts, assignment, lowered.classes) === data.value.labels[r]) correct++;
        }
        const ms = performance.now() - started;
        const accuracy = data.value.rows > 0 ? correct / data.value.rows : 0;
        const memory = memoryReport(allocator);
        emit({ type: 'done', accuracy, samples: data.value.rows, ms: Math.round(ms), memory: memoryEvent(memory) });
        if (!json) io.stdout(`${lowered.spec.model} (${weightsName}) on ${data.value.name}: ${data.value.rows} samples, accuracy ${(100 * accuracy).toFixed(2)}% (label assignment), ${ms.toFixed(0)} ms, inference peak ${memory.peak} B (no STDP traces)\n`);
        return ExitCode.ok;
    } finally {
        allocator.free(assignment);
        network.release();
        releaseSpikeData(data.value, allocator);
    }
}

/** Labels for a freshly initialised network: the class each neuron answers most on `train`. */
function assignFrom(network: SpikingNetwork, train: SpikeDataset, encoding: Parameters<SpikingNetwork['present']>[2], seed: number, classes: number, into: Int32Array, allocator: TrackedAllocator): void {
    const table = new ResponseTable(classes, network.output.spec.size, allocator);
    const random = new Xoshiro128(seed, runStream + 1);
    for (let r = 0; r < train.rows; r++) table.record(train.labels[r]!, network.present(train.intensities, r * train.width, encoding, random, false).counts);
    table.assign(into);
    table.release();
}

/** What `phg run` needs from a spiking version's record (plain or signed). */
interface SavedSpikingRecord {
    readonly assignment?: number[];
    /** The training's seed and epochs: its last evaluation drew its spikes from a stream they fix. */
    readonly training?: { readonly seed: number; readonly epochs: number };
}

/** The label assignment and training settings a spiking version saved in its record. */
function savedRecord(directory: string): SavedSpikingRecord {
    const file = join(directory, 'record.json');
    if (!existsSync(file)) return {};
    type Body = { metrics?: { assignment?: unknown }; training?: { seed?: unknown; epochs?: unknown } };
    try {
        const value = JSON.parse(readFileSync(file, 'utf8')) as Body & { payload?: string };
        const record = typeof value.payload === 'string' ? (JSON.parse(Buffer.from(value.payload, 'base64').toString('utf8')) as { predicate?: Body }).predicate : value;
        const assignment = record?.metrics?.assignment;
        const seed = record?.training?.seed;
        const epochs = record?.training?.epochs;
        return {
            ...(Array.isArray(assignment) && assignment.every((c) => Number.isInteger(c)) ? { assignment: assignment as number[] } : {}),
            ...(Number.isInteger(seed) && Number.isInteger(epochs) && (epochs as number) > 0 ? { training: { seed: seed as number, epochs: epochs as number } } : {})
        };
    } catch {
        return {};
    }
}
