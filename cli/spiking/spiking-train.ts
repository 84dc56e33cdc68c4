// `phg train` for a spiking model, second half: simulate and learn with engine/spiking,
// checkpoint into `.phg/runs/<id>/` (every 500 samples, every epoch, on SIGINT/SIGTERM), save the
// learnt weights, thresholds and label assignment as `.phg/versions/<n>/`, and stream the same
// JSON Lines events as gradient training (cli/train-events.ts) with their `spiking` fields:
// firing rates, simulated work and a spike raster per epoch. `phg train` dispatches here when
// the train block's model has spiking layers.
import { relative } from 'node:path';
import { ExitCode } from '../command.js';
import type { CliIO } from '../io.js';
import type { SpikingEpochInfo, SpikingStartInfo, TrainEvent } from '../train-events.js';
import { errorEvent, memoryEvent } from '../engine-events.js';
import { TrackedAllocator } from '../../engine/memory/allocator.js';
import { RunStore } from '../../engine/store/run-store.js';
import { saveVersion } from '../../engine/store/version-store.js';
import { engineErrorCodes, type EngineError } from '../../engine/errors.js';
import { SpikingNetwork } from '../../engine/spiking/spiking-network.js';
import { runSpikingTraining } from '../../engine/spiking/unsupervised-trainer.js';
import { decodeSpikingCheckpoint, encodeSpikingCheckpoint, type LoadedSpikingCheckpoint } from '../../engine/spiking/spiking-checkpoint.js';
import type { SpikingEpochRecord } from '../../engine/spiking/spiking-epoch.js';
import { planSpikingMemory } from '../../engine/spiking/spiking-memory-plan.js';
import type { AccumulateMode } from '../../engine/kernels/accumulation.js';
import { loadSpikeData, loadSpikingTraining, releaseSpikeData, type LoadedSpikingTraining } from './spiking-model-loader.js';

/** The `phg train` flags a spiking run reads. */
export interface SpikingTrainFlags {
    readonly file: string;
    readonly model?: string;
    readonly format?: string;
    readonly accumulate?: AccumulateMode;
    readonly epochs?: number;
    readonly seed?: number;
    readonly resume?: string;
    /** Flags that only gradient training has: refused for a spiking model. */
    readonly gradient?: unknown;
    readonly batch?: number;
}

/** Samples between checkpoints inside an epoch. */
const checkpointEvery = 500;

/** Trains the file's spiking model; undefined when its train block is not a spiking one. */
export async function trainSpikingModel(flags: SpikingTrainFlags, json: boolean, io: CliIO): Promise<number | undefined> {
    const emit = (event: TrainEvent): void => { if (json) io.stdout(`${JSON.stringify(event)}\n`); };
    const fail = (error: EngineError, exit: number): number => {
        if (json) emit(errorEvent(error));
        else io.stderr(`phg train: ${error.code} ${error.message}\n`);
        return exit;
    };
    let resume: { store: RunStore; checkpoint: LoadedSpikingCheckpoint; info: { format: string; accumulate: AccumulateMode; model: string } } | undefined;
    if (flags.resume !== undefined) {
        const opened = RunStore.open(io.cwd, flags.resume);
        if (!opened.ok) return undefined; // the gradient path reports a missing run
        const info = opened.value.info<{ kind?: string; format: string; accumulate: AccumulateMode; model: string }>();
        if (info.kind !== 'spiking') return undefined;
        const bytes = opened.value.readCheckpoint();
        if (bytes === undefined) return fail({ code: engineErrorCodes.resumeMismatch, message: `run ${flags.resume} has no checkpoint yet (it was stopped before its first samples ended); start it again` }, ExitCode.failed);
        const checkpoint = decodeSpikingCheckpoint(bytes, opened.value.checkpointFile);
        if (!checkpoint.ok) return fail(checkpoint.error, ExitCode.failed);
        resume = { store: opened.value, checkpoint: checkpoint.value, info };
    }
    const loaded = await loadSpikingTraining(flags.file, io.cwd, {
        ...(flags.model ?? resume?.info.model ? { model: flags.model ?? resume?.info.model } : {}),
        ...(resume !== undefined ? { format: resume.info.format, accumulate: resume.info.accumulate } : {}),
        ...(resume === undefined && flags.format !== undefined ? { format: flags.format } : {}),
        ...(resume === undefined && flags.accumulate !== undefined ? { accumulate: flags.accumulate } : {})
    });
    if (loaded === undefined) return undefined;
    if (!loaded.ok) return fail(loaded.error, loaded.error.code === engineErrorCodes.badFlag ? ExitCode.usage : ExitCode.failed);
    if (flags.gradient !== undefined || flags.batch !== undefined) {
        return fail({ code: engineErrorCodes.badFlag, message: `${flags.gradient !== undefined ? '--gradient' : '--batch'} does not apply to ${loaded.value.lowered.spec.model}: a spiking model learns by STDP, one sample at a time` }, ExitCode.usage);
    }
    const model = loaded.value;
    if (resume !== undefined && resume.checkpoint.structureHash !== model.structureHash) {
        return fail({ code: engineErrorCodes.resumeMismatch, message: `run ${resume.store.id} trained another structure of ${model.lowered.spec.model} (${resume.checkpoint.structureHash.slice(0, 19)}…, now ${model.structureHash.slice(0, 19)}…); start a new run` }, ExitCode.failed);
    }
    return run(model, flags, resume, json, io, emit, fail);
}

async function run(model: LoadedSpikingTraining, flags: SpikingTrainFlags, resume: { store: RunStore; checkpoint: LoadedSpikingCheckpoint } | undefined, json: boolean, io: CliIO, emit: (event: TrainEvent) => void, fail: (error: EngineError, exit: number) => number): Promise<number> {
    const lowered = model.lowered;
    const allocator = new TrackedAllocator();
    const settings = { dt: lowered.dt, format: model.format, accumulate: model.accumulate };
    const created = SpikingNetwork.create(lowered.spec, settings, allocator);
    if (!created.ok) return fail(created.error, ExitCode.failed);
    const network = created.value;
    const train = loadSpikeData(lowered.train, lowered, allocator);
    if (!train.ok) return fail(train.error, ExitCode.failed);
    const validate = lowered.validate !== undefined ? loadSpikeData(lowered.validate, lowered, allocator) : undefined;
    if (validate !== undefined && !validate.ok) return fail(validate.error, ExitCode.failed);
    const epochs = flags.epochs ?? lowered.epochs;
    const seed = resume !== undefined ? seedOf(resume.store) ?? lowered.seed : flags.seed ?? lowered.seed;
    const file = relative(io.cwd, model.file);
    const store = resume?.store ?? RunStore.create(io.cwd, { kind: 'spiking', file, model: lowered.spec.model, format: model.format.name, accumulate: model.accumulate, structureHash: model.structureHash, settings: { dt: lowered.dt, encoding: lowered.encoding, epochs, seed } });
    const firstEpoch = (resume?.checkpoint.state.position.epoch ?? 0) + 1;
    emit({
        type: 'start', runId: store.id, file, model: lowered.spec.model, format: model.format.name, accumulate: model.accumulate,
        gradient: { mode: 'stdp', tangents: 0 }, optimizer: 'stdp (pair-based, local)', epochs, batch: 1, seed,
        stepsPerEpoch: train.value.rows, trainSamples: train.value.rows, validateSamples: validate?.ok === true ? validate.value.rows : 0,
        structureHash: model.structureHash, firstEpoch, ...(resume !== undefined ? { resumedFrom: resume.store.id } : {}),
        spiking: startInfo(model, lowered.classes)
    });
    if (!json) io.stdout(`training ${lowered.spec.model} (spiking, ${model.format.name}, ${model.accumulate}, dt ${lowered.dt * 1e3} ms, STDP) — run ${store.id}${resume !== undefined ? `, resumed at epoch ${firstEpoch}` : ''}\n`);
    let stop: 'SIGINT' | 'SIGTERM' | undefined;
    const onSigint = (): void => { stop = 'SIGINT'; };
    const onSigterm = (): void => { stop = 'SIGTERM'; };
    process.on('SIGINT', onSigint);
    process.on('SIGTERM', onSigterm);
    const progressEvery = Math.max(1, Math.floor(train.value.rows / 20));
    const history: SpikingEpochRecord[] = [...(resume?.checkpoint.state.history ?? [])];
    try {
        const outcome = await runSpikingTraining({
            network, encoding: lowered.encoding, train: train.value, ...(validate?.ok === true ? { validate: validate.value } : {}), epochs, seed, allocator,
            stopRequested: () => stop, checkpointEvery, progressEvery,
            ...(resume !== undefined ? { resume: resume.checkpoint } : {}),
            observer: {
                progress: (p) => {
                    emit({ type: 'step', epoch: p.epoch, step: p.sample, stepsPerEpoch: p.samples, loss: -1, memory: memoryEvent(p.memory), spiking: { outputSpikes: p.outputSpikes } });
                    if (!json && io.interactive) io.stdout(`\r  epoch ${p.epoch}/${epochs} sample ${p.sample}/${p.samples}`);
                },
                checkpoint: (state) => {
                    store.writeCheckpoint(encodeSpikingCheckpoint(network, state, model.structureHash));
                    store.writeMetrics(state.history.map((r) => metricsLine(r)));
                },
                epoch: (record) => {
                    history.push(record);
                    emit({ type: 'epoch', epoch: record.epoch, epochs: record.epochs, loss: -1, accuracy: record.accuracy, trainAccuracy: -1, ms: Math.round(record.ms), cpuMs: Math.round(record.cpuMs), memory: memoryEvent(record.memory), spiking: epochInfo(record) });
                    if (!json) io.stdout(`${io.interactive ? '\r' : ''}  epoch ${record.epoch}/${record.epochs}  accuracy ${(100 * record.accuracy).toFixed(2)}% on ${record.evaluatedOn}  ${record.meanFiringRate.toFixed(2)} Hz mean output rate  ${(record.simulatedSeconds / (record.ms / 1000)).toFixed(1)} s simulated per s  peak ${record.memory.peak} B\n`);
                }
            }
        });
        if (outcome.kind === 'failed') return fail(outcome.error, ExitCode.failed);
        const last = history[history.length - 1];
        if (outcome.kind === 'interrupted') {
            if (json) emit({ type: 'done', accuracy: last?.accuracy ?? -1, epochs: history.length, ms: Math.round(outcome.ms), memory: memoryEvent(outcome.memory), version: '', weightsDigest: '', runId: store.id, interrupted: outcome.signal });
            else io.stdout(`\nstopped by ${outcome.signal}: checkpoint saved; continue with phg train ${flags.file} --resume ${store.id}\n`);
            return ExitCode.ok;
        }
        const saved = saveVersion(io.cwd, {
            model: lowered.spec.model,
            structureHash: model.structureHash,
            weights: network.layers.flatMap((layer) => layer.stateTensors().map(({ name, tensor }) => ({ name, format: tensor.format, shape: tensor.shape, data: tensor.data }))),
            training: { run: store.id, kind: 'spiking', format: model.format.name, accumulate: model.accumulate, learning: 'stdp', dt: lowered.dt, encoding: lowered.encoding, epochs, seed, trainSamples: train.value.rows },
            metrics: { accuracy: outcome.accuracy, trainingPeakBytes: outcome.memory.peak, assignment: last?.assignment ?? [] }
        });
        const version = relative(io.cwd, saved.directory) || saved.directory;
        emit({ type: 'done', accuracy: outcome.accuracy, epochs, ms: Math.round(outcome.ms), memory: memoryEvent(outcome.memory), version, weightsDigest: saved.weightsDigest, runId: store.id });
        if (!json) io.stdout(`\n${lowered.spec.model}: ${validate !== undefined ? 'test' : 'training'} accuracy ${(100 * outcome.accuracy).toFixed(2)}% (label assignment), peak ${outcome.memory.peak} B measured, no tape\nsaved ${version} (weights ${saved.weightsDigest.slice(0, 19)}…)\n`);
        return ExitCode.ok;
    } finally {
        process.off('SIGINT', onSigint);
        process.off('SIGTERM', onSigterm);
        network.release();
        releaseSpikeData(train.value, allocator);
        if (validate?.ok === true) releaseSpikeData(validate.value, allocator);
    }
}

function startInfo(model: LoadedSpikingTraining, classes: number): SpikingStartInfo {
    const lowered = model.lowered;
    const plan = planSpikingMemory(lowered.spec, { dt: lowered.dt, format: model.format, accumulate: model.accumulate }, classes);
    const sum = (role: string): number => plan.buffers.filter((b) => b.role === role).reduce((total, b) => total + b.bytes, 0);
    return {
        dt: lowered.dt, window: lowered.encoding.window, maxRate: lowered.encoding.maxRate, inputs: lowered.spec.input.size,
        layers: lowered.spec.layers.map((l) => ({ name: l.name, size: l.size, source: l.source, plastic: lowered.spec.plasticity.some((p) => p.layer === l.name) })),
        memoryPlan: { peak: plan.peak, byClass: { ...plan.byClass }, weights: sum('weights'), traces: sum('traces'), learningState: plan.learningState, tape: 0 }
    };
}

function epochInfo(record: SpikingEpochRecord): SpikingEpochInfo {
    const seconds = record.ms / 1000;
    return {
        firingRates: record.firingRates.map((r) => Math.round(r * 1000) / 1000), meanFiringRate: record.meanFiringRate, silentNeurons: record.silentNeurons,
        assignedNeurons: record.assignedNeurons, simulatedSeconds: record.simulatedSeconds, synapticEvents: record.synapticEvents,
        simulatedPerWallSecond: seconds > 0 ? record.simulatedSeconds / seconds : 0, synapticEventsPerSecond: seconds > 0 ? record.synapticEvents / seconds : 0,
        presentations: record.presentations, raster: record.raster
    };
}

/** A metrics.jsonl line: the epoch without its raster (kept small). */
function metricsLine(record: SpikingEpochRecord): Record<string, unknown> {
    const { raster: _raster, assignment: _assignment, memory, ...rest } = record;
    return { ...rest, memory: memoryEvent(memory) };
}

function seedOf(store: RunStore): number | undefined {
    return store.info<{ settings?: { seed?: number } }>().settings?.seed;
}
