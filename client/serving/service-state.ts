// The state of one inference service as the editor shows it, built only from `phg serve --json`
// events, the polled `GET /v1/models/NAME` status and the process's exit. Pure and free of
// `vscode`: the status bar, the notifications and the Rotation panel's webview (which restores it
// after being hidden) all read this one shape.
import type { ProcessExit } from '../training/run-state.js';
import type { RotationPolicy, RotationRecord, RotationStage, ServeEvent, ServiceStatus } from './serve-json.js';

/** Where the service is in its life. */
export type ServicePhase = 'starting' | 'serving' | 'stopping' | 'stopped' | 'failed';

/** What the user asked to serve. */
export interface ServeRequestSummary {
    /** The model file, relative to the workspace folder when inside one. */
    readonly file: string;
    readonly model: string | undefined;
    readonly watch: boolean;
}

/** Why the service is not running, as a user-facing value. */
export interface ServiceFailure {
    readonly code: string;
    readonly message: string;
}

export interface ServiceState {
    readonly phase: ServicePhase;
    readonly request: ServeRequestSummary;
    /** From the `listening` event. */
    readonly name: string | undefined;
    readonly url: string | undefined;
    readonly activeVersion: number | undefined;
    /** The old version kept loaded during a grace window. */
    readonly previousVersion: number | null;
    readonly candidateVersion: number | null;
    readonly stage: RotationStage | 'idle';
    readonly availableVersions: readonly number[];
    /** Every rotation, oldest first, merged from events and polls by id. */
    readonly rotations: readonly RotationRecord[];
    readonly counters: { readonly requests: number; readonly errors: number } | undefined;
    readonly policy: RotationPolicy | undefined;
    readonly canaryRows: number | undefined;
    readonly warnings: readonly string[];
    readonly failure: ServiceFailure | undefined;
    /** When the status endpoint last answered, and why the last poll failed (cleared by an answer). */
    readonly polledAt: number | undefined;
    readonly pollProblem: string | undefined;
    readonly startedAt: number;
    readonly endedAt: number | undefined;
}

/** A service that has been asked for and not yet heard from. */
export function startingService(request: ServeRequestSummary, now: number): ServiceState {
    return {
        phase: 'starting', request, name: undefined, url: undefined, activeVersion: undefined, previousVersion: null, candidateVersion: null,
        stage: 'idle', availableVersions: [], rotations: [], counters: undefined, policy: undefined, canaryRows: undefined, warnings: [],
        failure: undefined, polledAt: undefined, pollProblem: undefined, startedAt: now, endedAt: undefined
    };
}

/** True while the service can still change. */
export function isServiceActive(state: ServiceState): boolean {
    return state.endedAt === undefined;
}

/**
 * The record that says more about a rotation: more stages reached wins; at equal stages the
 * incoming one (a poll's copy carries the live grace-window counters an event does not).
 */
function fresher(known: RotationRecord, incoming: RotationRecord): RotationRecord {
    return incoming.stages.length >= known.stages.length ? incoming : known;
}

/** Merges rotation records into a history by id, oldest first. */
export function mergeRotations(history: readonly RotationRecord[], incoming: readonly RotationRecord[]): readonly RotationRecord[] {
    const byId = new Map(history.map((record) => [record.id, record]));
    for (const record of incoming) {
        const known = byId.get(record.id);
        byId.set(record.id, known === undefined ? record : fresher(known, record));
    }
    return [...byId.values()].sort((a, b) => a.id - b.id);
}

/** What a rotation's latest record means for the versions and the stage. */
function followRotation(state: ServiceState, rotation: RotationRecord): ServiceState {
    const stage = rotation.stages.at(-1)?.stage ?? 'received';
    switch (rotation.outcome) {
        case 'in-progress':
            // A new rotation ends the previous one's grace window: the old version is unloaded.
            return { ...state, stage, candidateVersion: rotation.toVersion, previousVersion: null };
        case 'active':
            return { ...state, stage: 'idle', candidateVersion: null, activeVersion: rotation.toVersion, previousVersion: rotation.fromVersion };
        case 'rejected':
            return { ...state, stage: 'idle', candidateVersion: null };
        case 'rolled-back':
            return { ...state, stage: 'idle', candidateVersion: null, activeVersion: rotation.fromVersion, previousVersion: null };
    }
}

/** Applies one event of `phg serve --json`. Events after the service ended are ignored. */
export function applyServeEvent(state: ServiceState, event: ServeEvent, now: number): ServiceState {
    if (state.endedAt !== undefined) return state;
    switch (event.type) {
        case 'listening':
            return { ...state, phase: state.phase === 'stopping' ? 'stopping' : 'serving', name: event.name, url: event.url, activeVersion: event.activeVersion, canaryRows: event.canaryRows };
        case 'rotation': {
            const merged = { ...state, rotations: mergeRotations(state.rotations, [event.rotation]) };
            // Only the newest rotation moves the stage; a late line about an older one only fills the history.
            const newest = merged.rotations.at(-1);
            return newest !== undefined && newest.id === event.rotation.id ? followRotation(merged, merged.rotations.at(-1) ?? event.rotation) : merged;
        }
        case 'warning':
            return { ...state, warnings: [...state.warnings, event.message] };
        case 'error':
            return { ...state, phase: 'failed', failure: { code: event.code, message: event.message }, endedAt: now };
        case 'stopped':
            return { ...state, phase: 'stopped', stage: 'idle', candidateVersion: null, endedAt: now };
    }
}

/** Applies a status the service answered on `GET /v1/models/NAME`. */
export function applyServiceStatus(state: ServiceState, status: ServiceStatus, now: number): ServiceState {
    if (state.endedAt !== undefined) return state;
    const rotations = mergeRotations(state.rotations, status.rotations);
    const newest = rotations.at(-1);
    // An event may have arrived after the poll was answered: a newer record than the poll knew wins.
    const pollIsCurrent = newest === undefined || status.rotations.some((record) => record.id === newest.id && record.stages.length >= newest.stages.length);
    const polled: ServiceState = {
        ...state,
        rotations,
        availableVersions: status.availableVersions,
        counters: status.counters,
        policy: status.policy,
        polledAt: now,
        pollProblem: undefined
    };
    if (!pollIsCurrent && newest !== undefined) return followRotation(polled, newest);
    return { ...polled, activeVersion: status.activeVersion, previousVersion: status.previousVersion, candidateVersion: status.candidateVersion, stage: status.stage };
}

/** Records that the status endpoint did not answer (the service may be busy or gone). */
export function applyPollProblem(state: ServiceState, problem: string): ServiceState {
    if (state.endedAt !== undefined || state.pollProblem === problem) return state;
    return { ...state, pollProblem: problem };
}

/** Records that the user asked to stop. */
export function requestServiceStop(state: ServiceState): ServiceState {
    return state.endedAt === undefined ? { ...state, phase: 'stopping' } : state;
}

/** Applies the process's exit: a service that ended without `stopped` or `error` failed (unless stopping). */
export function applyServeExit(state: ServiceState, exit: ProcessExit, now: number): ServiceState {
    if (state.endedAt !== undefined) return state;
    if (state.phase === 'stopping') return { ...state, phase: 'stopped', stage: 'idle', candidateVersion: null, endedAt: now };
    const how = exit.signal !== null ? `was killed by ${exit.signal}` : `exited with code ${exit.code ?? 'unknown'}`;
    const detail = exit.stderrTail.trim();
    return { ...state, phase: 'failed', failure: { code: 'PHG-CLIENT-EXIT', message: `phg serve ${how}${detail ? `: ${detail}` : ''}` }, endedAt: now };
}

/** Applies a failure to start the CLI at all. */
export function applyServeLaunchFailure(state: ServiceState, message: string, now: number): ServiceState {
    if (state.endedAt !== undefined) return state;
    return { ...state, phase: 'failed', failure: { code: 'PHG-CLIENT-SPAWN', message }, endedAt: now };
}

/** The newest rotation, if any. */
export function lastRotation(state: ServiceState): RotationRecord | undefined {
    return state.rotations.at(-1);
}
