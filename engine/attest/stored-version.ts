// Signing a version the store wrote unsigned: reads its plain record.json (the fields of the
// signed predicate, written by engine/store/version-store.ts), and signs it with the parent link
// recomputed from the parent's current bytes — the parent may have been signed since.
import { join } from 'node:path';
import type { SigningKey } from '../signing/keys.js';
import { digestHex } from './ir-structure.js';
import { jsonObject, natural, object, string, type Decoder } from './json-decoder.js';
import type { CertificatePredicate } from './certificate.js';
import { signVersion, type SignedVersion, type SignVersionProblem, type VersionContent } from './sign-version.js';
import { readFileIfPresent, recordFileName, versionDirectory } from './version-files.js';

/** The fields of a plain record that signing reads. */
interface PlainRecord {
    readonly model: string;
    readonly version: number;
    readonly structureHash: string;
    readonly weights: { readonly file: string };
    readonly training: VersionContent['training'];
    readonly metrics: VersionContent['metrics'];
    readonly createdAt: string;
}

const plainRecordDecoder: Decoder<PlainRecord> = object<PlainRecord>({
    model: string, version: natural, structureHash: string, weights: object({ file: string }),
    training: jsonObject, metrics: jsonObject, createdAt: string
});

/** Whether a version's record is still plain (unsigned). */
export type StoredRecordState = 'plain' | 'signed' | 'missing' | 'unreadable';

/** The state of a version's record file. */
export function storedRecordState(versionsDirectory: string, version: number): StoredRecordState {
    const bytes = readFileIfPresent(join(versionDirectory(versionsDirectory, version), recordFileName));
    if (!bytes) return 'missing';
    try {
        const value: unknown = JSON.parse(bytes.toString('utf8'));
        if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'unreadable';
        return 'payloadType' in value ? 'signed' : 'plain';
    } catch {
        return 'unreadable';
    }
}

/**
 * Signs a stored, unsigned version. `certificate` (the model's certificate for this structure)
 * is pinned into the version and gives it its interface; without one the version has no
 * interface and cannot be served.
 */
export function signStoredVersion(versionsDirectory: string, version: number, key: SigningKey, certificate: { readonly bytes: Buffer; readonly predicate: CertificatePredicate } | undefined): SignedVersion | SignVersionProblem {
    const file = join(versionDirectory(versionsDirectory, version), recordFileName);
    const bytes = readFileIfPresent(file);
    if (!bytes) return { ok: false, message: `version ${version} has no ${recordFileName}`, file };
    let value: unknown;
    try {
        value = JSON.parse(bytes.toString('utf8'));
    } catch {
        return { ok: false, message: `${file} is not JSON`, file };
    }
    if (typeof value === 'object' && value !== null && 'payloadType' in value) return { ok: false, message: `version ${version} is already signed`, file };
    const record = plainRecordDecoder(value, '');
    if (!record.ok) return { ok: false, message: `${file} is not a version record: ${record.reason}`, file };
    if (record.value.version !== version) return { ok: false, message: `${file} records version ${record.value.version}, not ${version}`, file };
    const structureHash = digestHex(record.value.structureHash);
    if (certificate && (certificate.predicate.structureHash !== structureHash || certificate.predicate.model !== record.value.model)) {
        return { ok: false, message: `the certificate is for ${certificate.predicate.model} structure ${certificate.predicate.structureHash.slice(0, 12)}…, version ${version} is ${record.value.model} structure ${structureHash.slice(0, 12)}…`, file };
    }
    return signVersion(versionsDirectory, {
        model: record.value.model,
        version,
        structureHash,
        weightsFile: record.value.weights.file,
        ...(certificate ? { interface: certificate.predicate.interface } : {}),
        training: record.value.training,
        metrics: record.value.metrics,
        createdAt: record.value.createdAt
    }, key, certificate?.bytes);
}
