// Verifies a `.phgcert`: signature, trust, a well-formed certificate inside, and that it still
// describes the current source (PHG5001 names what changed in the structure).
import { certificatePredicateType, decodeCertificatePredicate, type CertificatePredicate } from '../attest/certificate.js';
import type { ModelStructure } from '../attest/model-structure.js';
import { describeChange, diffStructures } from '../attest/structure-diff.js';
import type { Sha256Hex } from '../signing/digest.js';
import type { PublicKey } from '../signing/keys.js';
import type { TrustStore } from '../signing/trust-store.js';
import { CertificateCode } from './certificate-codes.js';
import { verifySignedStatement } from './signed-statement.js';
import { checksFor, type VerificationCheck, type VerificationReport } from './verification-report.js';

/** The current source's model, lowered: what a certificate is checked against for staleness. */
export interface CurrentModel {
    readonly model: string;
    readonly structureHash: Sha256Hex;
    readonly structure: ModelStructure;
}

/** A certificate's verification: the report, and the certificate when its signature holds. */
export interface CertificateVerification {
    readonly report: VerificationReport;
    readonly predicate?: CertificatePredicate;
    readonly signer?: PublicKey;
}

/**
 * Verifies certificate bytes against the trust store and, when `current` is given, against the
 * current source's structure. Without `current` the staleness check is reported as skipped.
 */
export function verifyCertificate(file: string, bytes: Uint8Array, trust: TrustStore, current: CurrentModel | undefined): CertificateVerification {
    const check = checksFor(file);
    const signed = verifySignedStatement(file, bytes, certificatePredicateType, trust);
    const checks: VerificationCheck[] = [...signed.checks];
    if (!signed.verified) {
        checks.push(check.skipped('structure', 'structure matches source', 'the certificate could not be trusted'));
        return { report: { subject: file, checks } };
    }
    const decoded = decodeCertificatePredicate(signed.verified.statement.predicate);
    const modelSubject = decoded.ok ? signed.verified.statement.subject.find((subject) => subject.name === `phg-model:${decoded.value.model}`) : undefined;
    if (!decoded.ok || modelSubject?.digest.sha256 !== decoded.value.structureHash) {
        const reason = decoded.ok ? 'its subject does not name the structure hash of its predicate' : decoded.reason;
        replaceSignatureCheck(checks, check.failed('signature', 'signature', CertificateCode.signatureInvalid, `signed, but not a valid PHG certificate: ${reason}`));
        checks.push(check.skipped('structure', 'structure matches source', 'the certificate could not be read'));
        return { report: { subject: file, checks } };
    }
    const predicate = decoded.value;
    checks.push(structureCheck(file, predicate, current));
    return { report: { subject: file, checks }, predicate, signer: signed.verified.signer };
}

/** The staleness check alone (PHG5001), for a certificate whose signature was already checked. */
export function structureCheck(file: string, predicate: CertificatePredicate, current: CurrentModel | undefined): VerificationCheck {
    const check = checksFor(file);
    const title = 'structure matches source';
    if (!current) return check.skipped('structure', title, `the source of model ${predicate.model} was not available`);
    if (current.model !== predicate.model) {
        return check.failed('structure', title, CertificateCode.stale, `stale: certifies model ${predicate.model}, the source's model is ${current.model}`);
    }
    if (current.structureHash === predicate.structureHash) {
        return check.passed('structure', title, `structure hash ${predicate.structureHash.slice(0, 12)}… matches the source`);
    }
    const changes = diffStructures(predicate.structure, current.structure);
    const summary = changes.length > 0
        ? changes.map(describeChange).join('; ')
        : `structure hash ${predicate.structureHash.slice(0, 12)}… → ${current.structureHash.slice(0, 12)}…`;
    return check.failed('structure', title, CertificateCode.stale, `stale: ${summary}`, changes);
}

function replaceSignatureCheck(checks: VerificationCheck[], replacement: VerificationCheck): void {
    const index = checks.findIndex((entry) => entry.id === 'signature');
    if (index >= 0) checks[index] = replacement;
}
