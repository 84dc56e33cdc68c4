// Signs a version in the store: hashes its weights, links it to its parent's record bytes, pins
// the certificate of its structure (copied into the version directory), and replaces the
// version's record.json with the signed statement — atomically, so a crash leaves the old record.
import { join } from 'node:path';
import { writeAtomic } from '../store/atomic-write.js';
import type { JsonValue } from '../signing/canonical-json.js';
import { sha256Hex, type Sha256Hex } from '../signing/digest.js';
import { openEnvelope } from '../signing/dsse.js';
import type { SigningKey } from '../signing/keys.js';
import type { ModelInterface } from './model-structure.js';
import { listVersionNumbers, readFileIfPresent, recordFileName, versionCertificateFileName, versionDirectory } from './version-files.js';
import { signVersionRecord, type VersionRecordPredicate } from './version-record.js';

/** What a version is, apart from what signing derives (digests and the parent link). */
export interface VersionContent {
    readonly model: string;
    readonly version: number;
    readonly structureHash: Sha256Hex;
    /** The weights file's name inside the version directory. */
    readonly weightsFile: string;
    readonly interface?: ModelInterface;
    readonly training: { readonly [key: string]: JsonValue };
    readonly metrics: { readonly [key: string]: JsonValue };
    readonly createdAt: string;
}

/** Why a version could not be signed. */
export interface SignVersionProblem {
    readonly ok: false;
    readonly message: string;
    readonly file: string;
}

/** A signed version: its record's bytes and where they were written. */
export interface SignedVersion {
    readonly ok: true;
    readonly recordFile: string;
    readonly recordBytes: Buffer;
    readonly predicate: VersionRecordPredicate;
}

/**
 * Signs version `content.version` of the store at `versionsDirectory`. The parent is the newest
 * older version; it must already be signed, since its signed bytes are what the chain pins.
 */
export function signVersion(versionsDirectory: string, content: VersionContent, key: SigningKey, certificateBytes: Buffer | undefined): SignedVersion | SignVersionProblem {
    const directory = versionDirectory(versionsDirectory, content.version);
    const weightsPath = join(directory, content.weightsFile);
    const weights = readFileIfPresent(weightsPath);
    if (!weights) return { ok: false, message: `version ${content.version} has no weights file ${content.weightsFile}`, file: weightsPath };
    const parentVersion = [...listVersionNumbers(versionsDirectory)].reverse().find((version) => version < content.version);
    let parent: VersionRecordPredicate['parent'] = null;
    if (parentVersion !== undefined) {
        const parentFile = join(versionDirectory(versionsDirectory, parentVersion), recordFileName);
        const parentBytes = readFileIfPresent(parentFile);
        if (!parentBytes) return { ok: false, message: `the parent version ${parentVersion} has no ${recordFileName}`, file: parentFile };
        if (!openEnvelope(parentBytes).ok) return { ok: false, message: `the parent version ${parentVersion} is not signed; sign it first (phg sign-version ${parentVersion})`, file: parentFile };
        parent = { version: parentVersion, sha256: sha256Hex(parentBytes) };
    }
    if (certificateBytes) writeAtomic(join(directory, versionCertificateFileName), certificateBytes);
    const predicate: VersionRecordPredicate = {
        model: content.model,
        version: content.version,
        parent,
        structureHash: content.structureHash,
        certificate: certificateBytes ? { sha256: sha256Hex(certificateBytes) } : null,
        weights: { file: content.weightsFile, sha256: sha256Hex(weights), bytes: weights.length },
        ...(content.interface ? { interface: content.interface } : {}),
        training: content.training,
        metrics: content.metrics,
        createdAt: content.createdAt
    };
    const recordFile = join(directory, recordFileName);
    const recordBytes = signVersionRecord(predicate, key);
    writeAtomic(recordFile, recordBytes);
    return { ok: true, recordFile, recordBytes, predicate };
}
