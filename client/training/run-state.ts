// The state of one training run as the editor shows it, built only from `phg train --json`
// events and the process's exit. Pure and free of `vscode`: the status bar, the panel and the
// panel's webview (which restores it after being hidden) all read this one shape.
import type { ErrorLocation, MemoryReport, SpikingEpochInfo, TrainDoneEvent, TrainEvent, TrainStartEvent } from '../../cli/train-events.js';
import type { DistillEpochInfo } from '../../cli/train-events.js';
import { accuracyValue, qualityOf, type RunQuality } from './run-quality.js';

/** Where a run is in its life. */
export type RunPhase = 'starting' | 'running' | 'finished' | 'stopped' | 'failed';

/** One finished epoch: a row of the panel's table and a point of its curves. */
export interface EpochRecord {
    readonly epoch: number;
    readonly loss: number;
    /** Undefined for a model without class labels (a regression). */
    readonly accuracy: number | undefined;
    readonly trainAccuracy: number | undefined;
    /** Validation mse, for a regression. */
    readonly validationLoss: number | undefined;
    readonly ms: number;
    readonly memory: MemoryReport;
    /** `phg distill`: the objective's terms and the teacher's accuracy. */
    readonly distill?: DistillEpochInfo;
    /** Spiking models: firing rates, simulated work and a spike raster of the epoch. */
    readonly spiking?: SpikingEpochInfo;
}

/** A sampled step's loss, placed on the epoch axis (epoch 2, step 5 of 10 → 1.5). */
export interface LossSample {
    readonly at: number;
    readonly loss: number;
}

/** Why a run did not finish, as a user-facing value. */
export interface RunFailure {
    readonly message: string;
    readonly code: string;
    readonly location?: ErrorLocation;
}

/** What the user asked for, known before the CLI says anything. */
export interface RunRequestSummary {
    /** The model file, relative to the workspace folder when inside one. */
    readonly file: string;
    readonly model: string | undefined;
    /** The command-line flags that override the file's train block, e.g. `--epochs 3`. */
    readonly overrides: readonly string[];
}

export interface TrainingRunState {
    readonly phase: RunPhase;
    readonly request: RunRequestSummary;
    /** The `start` event: the settings the run really uses. */
    readonly settings: TrainStartEvent | undefined;
    readonly epochs: readonly EpochRecord[];
    readonly lossSamples: readonly LossSample[];
    /** The most recent memory report (step, epoch or done). */
    readonly memory: MemoryReport | undefined;
    readonly done: TrainDoneEvent | undefined;
    readonly failure: RunFailure | undefined;
    /** The user asked to stop; the run checkpoints and ends as `stopped`. */
    readonly stopRequested: boolean;
    readonly startedAt: number;
    readonly endedAt: number | undefined;
}

/** How the CLI process ended. */
export interface ProcessExit {
    readonly code: number | null;
    readonly signal: string | null;
    /** Last lines of stderr, for a message when the CLI died without an `error` event. */
    readonly stderrTail: string;
}

/** Curves keep at most this many step samples; older ones are thinned, never the newest. */
export const MAX_LOSS_SAMPLES = 2000;

/** A run that has been asked for and not yet heard from. */
export function startingRun(request: RunRequestSummary, now: number): TrainingRunState {
    return {
        phase: 'starting', request, settings: undefined, epochs: [], lossSamples: [], memory: undefined,
        done: undefined, failure: undefined, stopRequested: false, startedAt: now, endedAt: undefined
    };
}

function thinned(samples: readonly LossSample[], next: LossSample): readonly LossSample[] {
    const all = [...samples, next];
    if (all.length <= MAX_LOSS_SAMPLES) return all;
    // Keep every other sample of the older half: the curve's shape survives, the size halves.
    const half = Math.floor(all.length / 2);
    return [...all.slice(0, half).filter((_, i) => i % 2 === 0), ...all.slice(half)];
}

/** Applies one event of `phg train --json`. Events after the run ended are ignored. */
export function applyTrainEvent(state: TrainingRunState, event: TrainEvent, now: number): TrainingRunState {
    if (state.endedAt !== undefined) return state;
    switch (event.type) {
        case 'start':
            return { ...state, phase: 'running', settings: event };
        case 'step':
            return {
                ...state,
                phase: 'running',
                memory: event.memory,
                // A spiking model has no loss: its steps report samples and spikes only.
                lossSamples: event.spiking !== undefined ? state.lossSamples : thinned(state.lossSamples, { at: event.epoch - 1 + event.step / event.stepsPerEpoch, loss: event.loss })
            };
        case 'epoch': {
            const record: EpochRecord = {
                ...(event.distill !== undefined ? { distill: event.distill } : {}),
                epoch: event.epoch, loss: event.loss, accuracy: accuracyValue(event.accuracy),
                trainAccuracy: accuracyValue(event.trainAccuracy), validationLoss: event.validationLoss, ms: event.ms, memory: event.memory,
                ...(event.spiking !== undefined ? { spiking: event.spiking } : {})
            };
            // A resumed run repeats no epoch, but be safe: one row per epoch number.
            const epochs = [...state.epochs.filter((e) => e.epoch !== event.epoch), record].sort((a, b) => a.epoch - b.epoch);
            return { ...state, phase: 'running', epochs, memory: event.memory };
        }
        case 'done':
            return {
                ...state,
                phase: event.interrupted === undefined ? 'finished' : 'stopped',
                done: event, memory: event.memory, endedAt: now
            };
        case 'error':
            return {
                ...state,
                phase: 'failed',
                failure: { message: event.message, code: event.code, ...(event.location ? { location: event.location } : {}) },
                endedAt: now
            };
    }
}

/** Records that the user asked to stop. */
export function requestStop(state: TrainingRunState): TrainingRunState {
    return state.endedAt === undefined ? { ...state, stopRequested: true } : state;
}

/** Applies the process's exit: a run that ended without a last event failed (or was stopped). */
export function applyProcessExit(state: TrainingRunState, exit: ProcessExit, now: number): TrainingRunState {
    if (state.endedAt !== undefined) return state;
    if (state.stopRequested) {
        return { ...state, phase: 'stopped', endedAt: now };
    }
    const how = exit.signal !== null ? `was killed by ${exit.signal}` : `exited with code ${exit.code ?? 'unknown'}`;
    const detail = exit.stderrTail.trim();
    return {
        ...state,
        phase: 'failed',
        failure: { message: `phg train ${how} before reporting a result${detail ? `: ${detail}` : ''}`, code: 'PHG-CLIENT-EXIT' },
        endedAt: now
    };
}

/** Applies a failure to start the CLI at all (missing runtime, bad path). */
export function applyLaunchFailure(state: TrainingRunState, message: string, now: number): TrainingRunState {
    if (state.endedAt !== undefined) return state;
    return { ...state, phase: 'failed', failure: { message, code: 'PHG-CLIENT-SPAWN' }, endedAt: now };
}

/** True while the run can still change. */
export function isActive(state: TrainingRunState): boolean {
    return state.endedAt === undefined;
}

/** The quality of a finished run (accuracy or validation mse), from its done event. */
export function finalQuality(state: TrainingRunState): RunQuality | undefined {
    return state.done === undefined ? undefined : qualityOf({ accuracy: accuracyValue(state.done.accuracy), validationLoss: state.done.validationLoss });
}

/** The last finished epoch, if any. */
export function lastEpoch(state: TrainingRunState): EpochRecord | undefined {
    return state.epochs.at(-1);
}
