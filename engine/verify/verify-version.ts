// Verifies a version directory: its record's signature and signer, the weights digest, the
// version number, the hash chain to the root, its pinned certificate, and (when the current
// source is known) that the version's structure is the source's.
import { join } from 'node:path';
import type { CertificatePredicate } from '../attest/certificate.js';
import { parseStatement, type UncheckedStatement } from '../attest/statement.js';
import { decodeVersionRecordPredicate, versionRecordPredicateType, type VersionRecordPredicate } from '../attest/version-record.js';
import { readFileIfPresent, recordFileName, versionCertificateFileName, versionDirectory } from '../attest/version-files.js';
import { sha256Hex } from '../signing/digest.js';
import { openEnvelope } from '../signing/dsse.js';
import type { PublicKey } from '../signing/keys.js';
import type { TrustStore } from '../signing/trust-store.js';
import { CertificateCode } from './certificate-codes.js';
import { verifySignedStatement } from './signed-statement.js';
import { structureCheck, verifyCertificate, type CurrentModel } from './verify-certificate.js';
import { checksFor, type VerificationCheck, type VerificationReport } from './verification-report.js';

/** What to verify a version against. */
export interface VersionVerificationInput {
    readonly versionsDirectory: string;
    readonly version: number;
    readonly trust: TrustStore;
    /** The current source's model; when given, the version's structure must be its structure. */
    readonly current?: CurrentModel;
    /** The version a service runs now; when given, this version must be newer (rollback protection). */
    readonly activeVersion?: number;
    /**
     * SHA-256 digests of record files already verified down to the root (by this process): the
     * chain walk may stop at one, since those exact bytes and everything below them hold.
     */
    readonly verifiedRecords?: ReadonlySet<string>;
}

/** A version's verification: the report and, when the record could be read, its contents. */
export interface VersionVerification {
    readonly report: VersionReport;
    /** SHA-256 of the record file's bytes (what a child version pins). */
    readonly recordDigest?: string;
    readonly record?: VersionRecordPredicate;
    readonly certificate?: CertificatePredicate;
    readonly signer?: PublicKey;
}

/** A verification report for a version directory. */
export type VersionReport = VerificationReport;

/** Verifies one version directory; every check runs that can, so a report names every problem. */
export function verifyVersion(input: VersionVerificationInput): VersionVerification {
    const directory = versionDirectory(input.versionsDirectory, input.version);
    const recordFile = join(directory, recordFileName);
    const check = checksFor(recordFile);
    const bytes = readFileIfPresent(recordFile);
    if (!bytes) {
        return { report: { subject: directory, checks: [check.failed('record', 'record present', CertificateCode.chainBroken, `version ${input.version} has no ${recordFileName}: the chain is broken here`)] } };
    }
    if (isPlainRecord(bytes)) {
        return { report: { subject: directory, checks: [check.failed('signature', 'signature', CertificateCode.signatureInvalid, `version ${input.version}'s record is not signed; sign it with 'phg sign-version ${input.version}'`)] } };
    }
    const signed = verifySignedStatement(recordFile, bytes, versionRecordPredicateType, input.trust);
    const checks: VerificationCheck[] = [...signed.checks];
    const remaining = ['version number', 'weights digest', 'chain to the root', 'certificate'];
    if (!signed.verified) {
        for (const title of remaining) checks.push(check.skipped(title.split(' ')[0] ?? title, title, 'the record could not be trusted'));
        return { report: { subject: directory, checks } };
    }
    const decoded = decodeRecord(signed.verified.statement);
    if (!decoded.ok) {
        const index = checks.findIndex((entry) => entry.id === 'signature');
        checks[index] = check.failed('signature', 'signature', CertificateCode.signatureInvalid, `signed, but not a valid version record: ${decoded.reason}`);
        for (const title of remaining) checks.push(check.skipped(title.split(' ')[0] ?? title, title, 'the record could not be read'));
        return { report: { subject: directory, checks } };
    }
    const record = decoded.value;
    checks.push(versionNumberCheck(recordFile, input, record));
    checks.push(weightsCheck(directory, record));
    checks.push(chainCheck(recordFile, input.versionsDirectory, record, input.verifiedRecords ?? new Set()));
    const certificate = certificateCheck(directory, record, input.trust);
    checks.push(certificate.check);
    if (input.current) checks.push(versionStructureCheck(recordFile, record, certificate.predicate, input.current));
    return {
        report: { subject: directory, checks },
        recordDigest: sha256Hex(bytes),
        record,
        signer: signed.verified.signer,
        ...(certificate.predicate ? { certificate: certificate.predicate } : {})
    };
}

/** Whether record bytes are a plain (unsigned) record rather than a DSSE envelope. */
export function isPlainRecord(bytes: Uint8Array): boolean {
    try {
        const value: unknown = JSON.parse(Buffer.from(bytes).toString('utf8'));
        return typeof value === 'object' && value !== null && !Array.isArray(value) && !('payloadType' in value) && !('signatures' in value);
    } catch {
        return false;
    }
}

function decodeRecord(statement: UncheckedStatement): { readonly ok: true; readonly value: VersionRecordPredicate } | { readonly ok: false; readonly reason: string } {
    const decoded = decodeVersionRecordPredicate(statement.predicate);
    if (!decoded.ok) return decoded;
    const subject = statement.subject.find((entry) => entry.name === decoded.value.weights.file);
    if (subject?.digest.sha256 !== decoded.value.weights.sha256) return { ok: false, reason: 'its subject does not name the weights digest of its predicate' };
    return decoded;
}

function versionNumberCheck(file: string, input: VersionVerificationInput, record: VersionRecordPredicate): VerificationCheck {
    const check = checksFor(file);
    const title = 'version number increases';
    if (record.version !== input.version) {
        return check.failed('version', title, CertificateCode.versionNotIncreasing, `the record is signed as version ${record.version} but sits in versions/${input.version} (a replayed older record?)`);
    }
    if (record.parent && record.parent.version >= record.version) {
        return check.failed('version', title, CertificateCode.versionNotIncreasing, `version ${record.version} names parent version ${record.parent.version}, which is not older`);
    }
    if (input.activeVersion !== undefined && record.version <= input.activeVersion) {
        return check.failed('version', title, CertificateCode.versionNotIncreasing, `version ${record.version} is not newer than the active version ${input.activeVersion}`);
    }
    const against = input.activeVersion !== undefined ? ` and the active version ${input.activeVersion}` : '';
    return check.passed('version', title, `version ${record.version} is newer than its parent${against}`);
}

function weightsCheck(directory: string, record: VersionRecordPredicate): VerificationCheck {
    const file = join(directory, record.weights.file);
    const check = checksFor(file);
    const title = 'weights digest';
    const weights = readFileIfPresent(file);
    if (!weights) return check.failed('weights', title, CertificateCode.weightsMismatch, `the weights file ${record.weights.file} is missing`);
    const digest = sha256Hex(weights);
    if (digest !== record.weights.sha256 || weights.length !== record.weights.bytes) {
        return check.failed('weights', title, CertificateCode.weightsMismatch, `${record.weights.file} (sha256 ${digest.slice(0, 12)}…, ${weights.length} bytes) does not match the record (sha256 ${record.weights.sha256.slice(0, 12)}…, ${record.weights.bytes} bytes)`);
    }
    return check.passed('weights', title, `${record.weights.file} matches sha256 ${digest.slice(0, 12)}… (${weights.length} bytes)`);
}

/** Walks parent links to the root: each parent record's bytes must hash to what its child pinned. */
function chainCheck(file: string, versionsDirectory: string, record: VersionRecordPredicate, verifiedRecords: ReadonlySet<string>): VerificationCheck {
    const check = checksFor(file);
    const title = 'chain to the root';
    let child = record;
    let links = 0;
    while (child.parent) {
        const parent = child.parent;
        if (parent.version >= child.version) {
            return check.failed('chain', title, CertificateCode.versionNotIncreasing, `version ${child.version} names parent ${parent.version}, which is not older`);
        }
        const parentFile = join(versionDirectory(versionsDirectory, parent.version), recordFileName);
        const bytes = readFileIfPresent(parentFile);
        if (!bytes) return check.failed('chain', title, CertificateCode.chainBroken, `version ${child.version}'s parent record (version ${parent.version}) is missing`);
        if (sha256Hex(bytes) !== parent.sha256) {
            return check.failed('chain', title, CertificateCode.chainBroken, `version ${parent.version}'s record was changed after version ${child.version} was signed (its hash no longer matches)`);
        }
        if (verifiedRecords.has(parent.sha256)) {
            return check.passed('chain', title, `${links + 1} parent link${links === 0 ? '' : 's'} down to version ${parent.version}, whose chain was verified before`);
        }
        const parentRecord = readChainedRecord(bytes);
        if (!parentRecord.ok) return check.failed('chain', title, CertificateCode.chainBroken, `version ${parent.version}'s record cannot be read: ${parentRecord.reason}`);
        if (parentRecord.value.version !== parent.version) {
            return check.failed('chain', title, CertificateCode.chainBroken, `versions/${parent.version} holds a record of version ${parentRecord.value.version}`);
        }
        child = parentRecord.value;
        links++;
    }
    return check.passed('chain', title, links === 0 ? `version ${record.version} is the root` : `${links} parent link${links === 1 ? '' : 's'} down to the root, version ${child.version}`);
}

/** A parent record is authenticated by its hash, so it is decoded without re-checking its signature. */
function readChainedRecord(bytes: Uint8Array): { readonly ok: true; readonly value: VersionRecordPredicate } | { readonly ok: false; readonly reason: string } {
    const opened = openEnvelope(bytes);
    if (!opened.ok) return { ok: false, reason: isPlainRecord(bytes) ? 'it is not signed' : opened.reason };
    const statement = parseStatement(opened.opened.payloadBytes, versionRecordPredicateType);
    if (!statement.ok) return statement;
    return decodeRecord(statement.statement);
}

function certificateCheck(directory: string, record: VersionRecordPredicate, trust: TrustStore): { readonly check: VerificationCheck; readonly predicate?: CertificatePredicate } {
    const file = join(directory, versionCertificateFileName);
    const check = checksFor(file);
    const title = 'certificate';
    if (!record.certificate) return { check: check.passed('certificate', title, 'the version pins no certificate') };
    const bytes = readFileIfPresent(file);
    if (!bytes) return { check: check.failed('certificate', title, CertificateCode.chainBroken, `the record pins a certificate but ${versionCertificateFileName} is missing`) };
    if (sha256Hex(bytes) !== record.certificate.sha256) {
        return { check: check.failed('certificate', title, CertificateCode.chainBroken, `${versionCertificateFileName} does not match the digest the record pins`) };
    }
    const verification = verifyCertificate(file, bytes, trust, undefined);
    const failure = verification.report.checks.find((entry) => entry.status === 'failed');
    if (failure?.code) return { check: check.failed('certificate', title, failure.code, `the pinned certificate: ${failure.message}`) };
    const predicate = verification.predicate;
    if (!predicate) return { check: check.failed('certificate', title, CertificateCode.signatureInvalid, 'the pinned certificate could not be read') };
    if (predicate.structureHash !== record.structureHash) {
        return { check: check.failed('certificate', title, CertificateCode.chainBroken, `the pinned certificate certifies structure ${predicate.structureHash.slice(0, 12)}…, the record's is ${record.structureHash.slice(0, 12)}…`) };
    }
    return { check: check.passed('certificate', title, `certified structure ${predicate.structureHash.slice(0, 12)}…, signed by a trusted key`), predicate };
}

function versionStructureCheck(file: string, record: VersionRecordPredicate, certificate: CertificatePredicate | undefined, current: CurrentModel): VerificationCheck {
    if (certificate) {
        const result = structureCheck(file, certificate, current);
        return result;
    }
    const check = checksFor(file);
    if (record.structureHash === current.structureHash) return check.passed('structure', 'structure matches source', 'the version was trained on the current structure');
    return check.failed('structure', 'structure matches source', CertificateCode.stale, `stale: version ${record.version} has structure ${record.structureHash.slice(0, 12)}…, the source has ${current.structureHash.slice(0, 12)}…`);
}
