// The grace window after a switch: the old version stays loaded; the new one's failures are
// answered by the old one (so callers never see them) and counted; every n-th request is also
// run on the old version to measure live disagreement. Crossing a threshold asks for a rollback.
import { CertificateCode, type CertificateCodeValue } from '../verify/certificate-codes.js';
import type { GraceCounters, RotationPolicy } from './rotation-types.js';
import type { ServableModel } from './servable-model.js';

/** A reason to roll back. */
export interface RollbackVerdict {
    readonly code: CertificateCodeValue;
    readonly reason: string;
}

/** Counters and thresholds of one grace window. */
export class GraceWindow {
    private counters: { requests: number; errors: number; fallbacks: number; shadowed: number; disagreements: number } = { requests: 0, errors: 0, fallbacks: 0, shadowed: 0, disagreements: 0 };
    private decided = false;

    constructor(readonly newModel: ServableModel, readonly oldModel: ServableModel, private readonly policy: RotationPolicy) {}

    /** A snapshot of the counters. */
    get snapshot(): GraceCounters {
        return { ...this.counters };
    }

    /** Counts one request the new version answered (or failed), and whether it should be shadowed. */
    recordAnswer(failed: boolean): { readonly shadow: boolean } {
        this.counters.requests++;
        if (failed) {
            this.counters.errors++;
            this.counters.fallbacks++;
        }
        return { shadow: !failed && this.counters.requests % this.policy.shadowEvery === 0 };
    }

    /** Counts one shadow comparison with the old version. */
    recordShadow(disagreed: boolean): void {
        this.counters.shadowed++;
        if (disagreed) this.counters.disagreements++;
    }

    /** A rollback verdict the first time a threshold is crossed; undefined otherwise. */
    verdict(): RollbackVerdict | undefined {
        if (this.decided) return undefined;
        const { requests, errors, shadowed, disagreements } = this.counters;
        const minShadowed = Math.max(1, Math.ceil(this.policy.graceMinRequests / this.policy.shadowEvery));
        if (requests >= this.policy.graceMinRequests && errors / requests > this.policy.rollbackOnErrorRate) {
            this.decided = true;
            return { code: CertificateCode.canaryFailed, reason: `version ${this.newModel.version} failed ${errors} of ${requests} requests after the switch (rate ${(errors / requests).toFixed(3)} > ${this.policy.rollbackOnErrorRate})` };
        }
        if (shadowed >= minShadowed && disagreements / shadowed > this.policy.maxDisagreement) {
            this.decided = true;
            return { code: CertificateCode.canaryFailed, reason: `version ${this.newModel.version} disagreed with version ${this.oldModel.version} on ${disagreements} of ${shadowed} live requests (rate ${(disagreements / shadowed).toFixed(3)} > ${this.policy.maxDisagreement})` };
        }
        return undefined;
    }
}
