// The warm-rotation state machine's vocabulary (CERTIFICATES.md, "Warm rotation"):
//   received → verifying → loading → warming → switching → active
//         ↘ rejected (any check fails; the active version never stops)
//   active → rolled-back (post-switch error rate or disagreement over threshold in the grace window)
import type { CertificateCodeValue } from '../verify/certificate-codes.js';
import type { VerificationCheck } from '../verify/verification-report.js';
import type { CanaryReport } from './canary.js';

/** A stage of one rotation. */
export type RotationStage = 'received' | 'verifying' | 'loading' | 'warming' | 'switching' | 'active' | 'rejected' | 'rolled-back';

/** How a rotation ended (so far). */
export type RotationOutcome = 'in-progress' | 'active' | 'rejected' | 'rolled-back';

/** What started a rotation. */
export type RotationTrigger = 'api' | 'watch';

/** Thresholds and windows of warm rotation (a deploy block's `rotation warm { … }`). */
export interface RotationPolicy {
    /** Canary rows replayed through both versions before switching. */
    readonly canarySize: number;
    /** Highest tolerated canary (and post-switch) disagreement rate, e.g. 0.02. */
    readonly maxDisagreement: number;
    /** Post-switch error rate above which the new version is rolled back, e.g. 0.01. */
    readonly rollbackOnErrorRate: number;
    /** How long the old version stays loaded after a switch, in ms. */
    readonly graceMs: number;
    /** Requests the new version must have answered before its error rate is judged. */
    readonly graceMinRequests: number;
    /** Every n-th request in the grace window is also run on the old version to compare. */
    readonly shadowEvery: number;
}

/** Sensible defaults, overridden by the deploy block and flags. */
export const defaultRotationPolicy: RotationPolicy = {
    canarySize: 256,
    maxDisagreement: 0.02,
    rollbackOnErrorRate: 0.01,
    graceMs: 30_000,
    graceMinRequests: 20,
    shadowEvery: 4
};

/** Live counters of the grace window after a switch. */
export interface GraceCounters {
    readonly requests: number;
    readonly errors: number;
    /** Requests answered by the old version because the new one failed them. */
    readonly fallbacks: number;
    readonly shadowed: number;
    readonly disagreements: number;
}

/** One rotation as the status endpoint and the editor's panel show it. */
export interface RotationRecord {
    readonly id: number;
    readonly trigger: RotationTrigger;
    readonly fromVersion: number;
    readonly toVersion: number;
    readonly stages: readonly { readonly stage: RotationStage; readonly at: string }[];
    readonly outcome: RotationOutcome;
    /** Why it was rejected or rolled back. */
    readonly code?: CertificateCodeValue;
    readonly reason?: string;
    /** The verification checks of the candidate. */
    readonly checks?: readonly VerificationCheck[];
    readonly canary?: CanaryReport;
    readonly grace?: GraceCounters;
}
