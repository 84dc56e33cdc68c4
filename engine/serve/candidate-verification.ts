// The `verifying` stage: a version may be served only if its record and certificate are signed
// by trusted keys, its chain and weights hold, it is newer than the active version, and its
// interface is the active version's (the structure may change; the interface may not).
import type { ModelInterface } from '../attest/model-structure.js';
import { diffInterfaces } from '../attest/structure-diff.js';
import { versionDirectory } from '../attest/version-files.js';
import type { TrustStore } from '../signing/trust-store.js';
import { CertificateCode, type CertificateCodeValue } from '../verify/certificate-codes.js';
import { checksFor, type VerificationCheck } from '../verify/verification-report.js';
import { verifyVersion } from '../verify/verify-version.js';
import type { VerifiedVersion } from './servable-model.js';

/** The active version a candidate is compared with. */
export interface ActiveVersionInfo {
    readonly version: number;
    readonly interface: ModelInterface;
}

/** A candidate that may be loaded, or why not. */
export type CandidateVerification =
    | { readonly ok: true; readonly verified: VerifiedVersion; readonly interface: ModelInterface; readonly checks: readonly VerificationCheck[] }
    | { readonly ok: false; readonly code: CertificateCodeValue; readonly reason: string; readonly checks: readonly VerificationCheck[] };

/**
 * Verifies version `version` for serving, against the active version when there is one.
 * `verifiedRecords` remembers the records whose chains held, so a later candidate's chain walk
 * stops there instead of re-reading every ancestor (it grows with each passing candidate).
 */
export function verifyCandidate(versionsDirectory: string, version: number, trust: TrustStore, active: ActiveVersionInfo | undefined, verifiedRecords: Set<string> = new Set()): CandidateVerification {
    const verification = verifyVersion({ versionsDirectory, version, trust, verifiedRecords, ...(active ? { activeVersion: active.version } : {}) });
    const checks: VerificationCheck[] = [...verification.report.checks];
    const failed = checks.find((check) => check.status === 'failed');
    if (failed?.code) return { ok: false, code: failed.code, reason: failed.message, checks };
    const record = verification.record;
    if (!record || checks.some((check) => check.status !== 'passed')) {
        return { ok: false, code: CertificateCode.signatureInvalid, reason: 'the version could not be verified', checks };
    }
    if (verification.recordDigest) verifiedRecords.add(verification.recordDigest);
    const directory = versionDirectory(versionsDirectory, version);
    const check = checksFor(directory);
    const candidateInterface = verification.certificate?.interface ?? record.interface;
    if (!candidateInterface) {
        checks.push(check.failed('interface', 'interface compatible', CertificateCode.interfaceIncompatible, `version ${version} declares no interface (neither a pinned certificate nor an interface in its record)`));
        return { ok: false, code: CertificateCode.interfaceIncompatible, reason: `version ${version} declares no interface`, checks };
    }
    if (active) {
        const differences = diffInterfaces(active.interface, candidateInterface);
        if (differences.length > 0) {
            const reason = `version ${version}'s interface differs from the active version ${active.version}'s: ${differences.join('; ')}`;
            checks.push(check.failed('interface', 'interface compatible', CertificateCode.interfaceIncompatible, reason));
            return { ok: false, code: CertificateCode.interfaceIncompatible, reason, checks };
        }
        checks.push(check.passed('interface', 'interface compatible', `same inputs and outputs as version ${active.version}`));
    }
    return {
        ok: true,
        verified: { version, directory, record, certificate: verification.certificate },
        interface: candidateInterface,
        checks
    };
}
