// How the Rotation panel words and lights a service: which stages of the state machine the
// newest rotation reached, the one-line summary of a rotation, canary and latency figures. Pure
// (no DOM), so the unit tests check exactly what the webview prints.
import type { RotationRecord, RotationStage } from './serve-json.js';
import { rotationStages } from './serve-json.js';

/** How one box of the state machine is drawn. */
export type StageLight = 'done' | 'current' | 'failed' | 'pending';

/** One box of the state machine. */
export interface StageBox {
    readonly stage: RotationStage;
    readonly light: StageLight;
    /** When the rotation entered it (ISO 8601), if it did. */
    readonly at?: string;
}

/**
 * The boxes of the state machine for a rotation: the main line received → … → active, then the
 * two ways out, rejected and rolled back. A stage reached is `done`; the stage a rotation in
 * progress is in is `current`; rejected and rolled back, when reached, are `failed`.
 */
export function stageBoxes(rotation: RotationRecord | undefined): readonly StageBox[] {
    const reached = new Map<RotationStage, string>();
    for (const entry of rotation?.stages ?? []) reached.set(entry.stage, entry.at);
    const current = rotation?.outcome === 'in-progress' ? rotation.stages.at(-1)?.stage : undefined;
    const box = (stage: RotationStage): StageBox => {
        const at = reached.get(stage);
        const light: StageLight = at === undefined ? 'pending' : stage === current ? 'current' : stage === 'rejected' || stage === 'rolled-back' ? 'failed' : 'done';
        return at === undefined ? { stage, light } : { stage, light, at };
    };
    return [...rotationStages, 'rejected' as const, 'rolled-back' as const].map(box);
}

/** The stages a rotation reached, in order (what the panel lights up). */
export function litStages(rotation: RotationRecord | undefined): readonly RotationStage[] {
    return stageBoxes(rotation).filter((entry) => entry.light !== 'pending').map((entry) => entry.stage);
}

/** `#3 v1 → v2 active`, `#4 v2 → v3 warming`, `#5 v2 → v4 rejected [PHG5002]`. */
export function rotationSummary(rotation: RotationRecord): string {
    const state = rotation.outcome === 'in-progress' ? (rotation.stages.at(-1)?.stage ?? 'received') : rotation.outcome;
    const code = rotation.code !== undefined && (rotation.outcome === 'rejected' || rotation.outcome === 'rolled-back') ? ` [${rotation.code}]` : '';
    return `#${rotation.id} v${rotation.fromVersion} → v${rotation.toVersion} ${state}${code}`;
}

/** How long a rotation took from received to its last stage, e.g. `1.24 s`; empty with one stage. */
export function rotationDuration(rotation: RotationRecord): string {
    const first = rotation.stages[0]?.at;
    const last = rotation.stages.at(-1)?.at;
    if (first === undefined || last === undefined || rotation.stages.length < 2) return '';
    const ms = Date.parse(last) - Date.parse(first);
    if (!Number.isFinite(ms) || ms < 0) return '';
    return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(2)} s`;
}

/** `12/256 disagree (4.7%)`, against the threshold when known: `… · max 2.0%`. */
export function canaryDisagreement(rotation: RotationRecord, maxDisagreement?: number): string | undefined {
    const canary = rotation.canary;
    if (canary === undefined) return undefined;
    const limit = maxDisagreement !== undefined ? ` · max ${percent(maxDisagreement)}` : '';
    return `${canary.disagreements}/${canary.samples} disagree (${percent(canary.disagreementRate)})${limit}`;
}

/** `p50 0.41 ms · p99 1.20 ms → p50 0.44 ms · p99 1.31 ms` (active → candidate). */
export function canaryLatency(rotation: RotationRecord): string | undefined {
    const canary = rotation.canary;
    if (canary === undefined) return undefined;
    const side = (latency: { readonly p50: number; readonly p99: number }): string => `p50 ${milliseconds(latency.p50)} · p99 ${milliseconds(latency.p99)}`;
    return `${side(canary.activeLatencyMs)} → ${side(canary.candidateLatencyMs)}`;
}

/** The newest rotation that replayed a canary (the panel's canary figures come from it). */
export function lastCanaryRotation(rotations: readonly RotationRecord[]): RotationRecord | undefined {
    return [...rotations].reverse().find((rotation) => rotation.canary !== undefined);
}

/** A rate as a percentage with one decimal. */
export function percent(rate: number): string {
    return `${(rate * 100).toFixed(1)}%`;
}

/** Milliseconds with two decimals below 10, one below 100, none above. */
export function milliseconds(ms: number): string {
    return `${ms < 10 ? ms.toFixed(2) : ms < 100 ? ms.toFixed(1) : ms.toFixed(0)} ms`;
}

/** `HH:MM:SS` of an ISO time, in the viewer's time zone. */
export function clockTime(iso: string | undefined): string {
    if (iso === undefined) return '';
    const date = new Date(iso);
    return Number.isNaN(date.getTime()) ? '' : date.toTimeString().slice(0, 8);
}
