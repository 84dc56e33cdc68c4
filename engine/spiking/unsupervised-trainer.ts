// Unsupervised training of a spiking model (Diehl & Cook 2015 style): each epoch presents the
// training samples in a seeded order with STDP, adaptive thresholds and weight normalisation on,
// then evaluates with learning off (label assignment on the training set, accuracy on the
// evaluation set). Checkpoints are taken between samples; a resumed run is bit-identical to an
// uninterrupted one. Yields to the event loop between samples so signal handlers can stop it.
import type { TrackedAllocator } from '../memory/allocator.js';
import { Xoshiro128 } from '../random/xoshiro.js';
import { memoryReport, type MemoryReport } from '../train/memory-report.js';
import { shuffledOrder } from '../train/epoch-order.js';
import type { EngineError } from '../errors.js';
import type { PoissonEncodingSpec } from './poisson-encoder.js';
import type { SimulationCounters, SpikingNetwork } from './spiking-network.js';
import type { SpikeDataset } from './spike-dataset.js';
import type { SpikingEpochRecord } from './spiking-epoch.js';
import { evaluateSpiking } from './spiking-evaluation.js';
import { restoreSpikingCheckpoint, type EpochProgress, type LoadedSpikingCheckpoint, type SpikingCheckpointState } from './spiking-checkpoint.js';

/** Progress within an epoch. */
export interface SpikingProgress {
    readonly epoch: number;
    /** Samples presented so far in this epoch. */
    readonly sample: number;
    readonly samples: number;
    /** Output spikes of the last sample. */
    readonly outputSpikes: number;
    readonly memory: MemoryReport;
}

/** Reports while a spiking run trains. */
export interface SpikingObserver {
    progress?(event: SpikingProgress): void;
    epoch?(record: SpikingEpochRecord): void;
    /** Called with the state to save (every `checkpointEvery` samples, after each epoch, when stopping). */
    checkpoint?(state: SpikingCheckpointState): void;
}

/** Everything a spiking run needs. */
export interface SpikingTrainingJob {
    readonly network: SpikingNetwork;
    readonly encoding: PoissonEncodingSpec;
    readonly train: SpikeDataset;
    /** Evaluation set; the training set when absent. */
    readonly validate?: SpikeDataset;
    readonly epochs: number;
    readonly seed: number;
    readonly allocator: TrackedAllocator;
    readonly observer?: SpikingObserver;
    readonly stopRequested?: () => 'SIGINT' | 'SIGTERM' | undefined;
    readonly resume?: LoadedSpikingCheckpoint;
    /** Checkpoint every n samples (0: only after epochs and when stopping). */
    readonly checkpointEvery?: number;
    /** Report progress every n samples (0: never). */
    readonly progressEvery?: number;
}

/** How a spiking run ended. */
export type SpikingOutcome =
    | { readonly kind: 'done'; readonly accuracy: number; readonly history: readonly SpikingEpochRecord[]; readonly ms: number; readonly memory: MemoryReport }
    | { readonly kind: 'interrupted'; readonly signal: 'SIGINT' | 'SIGTERM'; readonly history: readonly SpikingEpochRecord[]; readonly ms: number; readonly memory: MemoryReport }
    | { readonly kind: 'failed'; readonly error: EngineError };

/** Generator stream of the training presentations (initialisation uses 1, shuffles 1000+, evaluation 2000+). */
const trainingStream = 2;

/** What a resumed run must share with the run it continues. */
export function spikingFingerprint(job: Pick<SpikingTrainingJob, 'network' | 'encoding' | 'seed'>): string {
    const s = job.network.settings;
    const e = job.encoding;
    return `${s.format.name} ${s.accumulate} dt=${s.dt} seed=${job.seed} rate=${e.maxRate} window=${e.window} min_spikes=${e.minSpikes} boost=${e.rateBoost}`;
}

/** Trains `job.network` in place and returns the outcome. */
export async function runSpikingTraining(job: SpikingTrainingJob): Promise<SpikingOutcome> {
    const { network, allocator, train, encoding } = job;
    const fingerprint = spikingFingerprint(job);
    const random = new Xoshiro128(job.seed, trainingStream);
    let history: SpikingEpochRecord[] = [];
    let position = { epoch: 0, sample: 0 };
    let partial: EpochProgress = emptyProgress();
    if (job.resume !== undefined) {
        const restored = restoreSpikingCheckpoint(network, job.resume, fingerprint);
        if (!restored.ok) return { kind: 'failed', error: restored.error };
        const state = job.resume.state;
        history = [...state.history];
        position = state.position;
        partial = state.partial;
        random.restore(state.random);
        Object.assign(network.counters, state.counters);
    } else {
        network.initialize(job.seed);
    }
    const order = allocator.int32(train.rows, 'data', 'sample order');
    const stateAt = (epoch: number, sample: number): SpikingCheckpointState => ({
        kind: 'spiking', position: { epoch, sample }, random: random.state(), counters: { ...network.counters }, partial: { ...partial }, history: [...history], fingerprint
    });
    let totalMs = 0;
    try {
        for (let epoch = position.epoch; epoch < job.epochs; epoch++) {
            shuffledOrder(order, job.seed, epoch);
            const first = epoch === position.epoch ? position.sample : 0;
            if (first === 0) partial = emptyProgress();
            for (let s = first; s < train.rows; s++) {
                await yieldToEventLoop();
                const signal = job.stopRequested?.();
                if (signal !== undefined) {
                    job.observer?.checkpoint?.(stateAt(epoch, s));
                    return { kind: 'interrupted', signal, history, ms: totalMs, memory: memoryReport(allocator) };
                }
                const started = performance.now();
                const cpu = process.cpuUsage();
                const before: SimulationCounters = { ...network.counters };
                const fallbacks = network.accumulation.fallbacks;
                const shown = network.present(train.intensities, order[s]! * train.width, encoding, random, true);
                const used = process.cpuUsage(cpu);
                const ms = performance.now() - started;
                partial = {
                    ms: partial.ms + ms, cpuMs: partial.cpuMs + (used.user + used.system) / 1000, presentations: partial.presentations + shown.attempts,
                    steps: partial.steps + network.counters.steps - before.steps, synapticEvents: partial.synapticEvents + network.counters.synapticEvents - before.synapticEvents,
                    quireFallbacks: partial.quireFallbacks + network.accumulation.fallbacks - fallbacks
                };
                totalMs += ms;
                if (job.progressEvery !== undefined && job.progressEvery > 0 && ((s + 1) % job.progressEvery === 0 || s + 1 === train.rows)) {
                    job.observer?.progress?.({ epoch: epoch + 1, sample: s + 1, samples: train.rows, outputSpikes: shown.counts.reduce((a, b) => a + b, 0), memory: memoryReport(allocator) });
                }
                if (job.checkpointEvery !== undefined && job.checkpointEvery > 0 && (s + 1) % job.checkpointEvery === 0 && s + 1 < train.rows) {
                    job.observer?.checkpoint?.(stateAt(epoch, s + 1));
                }
            }
            const evaluationStarted = performance.now();
            const evaluateOn = job.validate ?? train;
            const evaluation = evaluateSpiking(network, encoding, train, evaluateOn, job.seed, epoch, allocator);
            const record: SpikingEpochRecord = {
                epoch: epoch + 1, epochs: job.epochs, accuracy: evaluation.accuracy, evaluatedOn: evaluateOn.name,
                assignedNeurons: evaluation.assignedNeurons, assignment: evaluation.assignment, silentNeurons: evaluation.silentNeurons,
                firingRates: evaluation.firingRates, meanFiringRate: mean(evaluation.firingRates),
                ms: partial.ms, cpuMs: partial.cpuMs, evaluationMs: performance.now() - evaluationStarted,
                simulatedSeconds: partial.steps * network.settings.dt, synapticEvents: partial.synapticEvents,
                presentations: partial.presentations, quireFallbacks: partial.quireFallbacks,
                memory: memoryReport(allocator), raster: evaluation.raster
            };
            history.push(record);
            partial = emptyProgress();
            // The epoch's checkpoint is saved before it is reported (the contract of the train events).
            job.observer?.checkpoint?.(stateAt(epoch + 1, 0));
            job.observer?.epoch?.(record);
        }
    } finally {
        allocator.free(order);
    }
    const last = history[history.length - 1];
    return { kind: 'done', accuracy: last?.accuracy ?? NaN, history, ms: totalMs, memory: memoryReport(allocator) };
}

function emptyProgress(): EpochProgress {
    return { ms: 0, cpuMs: 0, presentations: 0, steps: 0, synapticEvents: 0, quireFallbacks: 0 };
}

function mean(values: readonly number[]): number {
    return values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length;
}

function yieldToEventLoop(): Promise<void> {
    return new Promise((resolve) => setImmediate(resolve));
}
