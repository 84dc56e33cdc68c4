// Verifies a `.phgcert`: signature, trust, a well-formed certificate inside, and that it still
// describes the current source (PHG5001 names what changed in the structure).
import { certificatePredicateType, decodeCertificatePredicate, type CertificatePredicate } from '../attest/certificate.js';
import type { ModelStructure } from '../attest/model-structure.js';
import { describeChange, diffStructures, type StructureChange } from '../attest/structure-diff.js';
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
    return check.failed('structure', title, CertificateCode.stale, `stale: ${summarizeChanges(changes, predicate.structureHash, current.structureHash)}`, changes);
}

/**
 * One line for a list of changes: named declarations first; anonymous intermediates (`%3`)
 * only counted, since they change along with the declarations that feed them.
 */
export function summarizeChanges(changes: readonly StructureChange[], before: string, after: string): string {
    if (changes.length === 0) return `structure hash ${before.slice(0, 12)}… → ${after.slice(0, 12)}…`;
    // Rewiring is always named; only the derived properties of anonymous nodes are folded.
    const anonymous = (change: StructureChange): boolean => 'node' in change && change.node.startsWith('%');
    const named = changes.filter((change) => !anonymous(change)).map(describeChange);
    const hidden = changes.length - named.length;
    if (named.length === 0) return changes.map(describeChange).join('; ');
    return `${named.join('; ')}${hidden > 0 ? ` (and ${hidden} intermediate value${hidden === 1 ? '' : 's'})` : ''}`;
}

function replaceSignatureCheck(checks: VerificationCheck[], replacement: VerificationCheck): void {
    const index = checks.findIndex((entry) => entry.id === 'signature');
    if (index >= 0) checks[index] = replacement;
}
