// The newest trained version of a model in the workspace's store, verified as `phg verify` does
// (signature, trust, weights digest, chain to the root, increasing numbers: PHG5002–PHG5006), for
// the editor's diagnostics on a certified model. Reads files; the server caches the answer until
// the store or the trust store changes (certificate-workspace.ts).
import { join } from 'node:path';
import { parseStatement } from '../../engine/attest/statement.js';
import { decodeVersionRecordPredicate, versionRecordPredicateType } from '../../engine/attest/version-record.js';
import { listVersionNumbers, readFileIfPresent, recordFileName, versionDirectory } from '../../engine/attest/version-files.js';
import { openEnvelope } from '../../engine/signing/dsse.js';
import type { TrustStore } from '../../engine/signing/trust-store.js';
import type { CertificateCodeValue } from '../../engine/verify/certificate-codes.js';
import { isPlainRecord, verifyVersion } from '../../engine/verify/verify-version.js';

/** What the editor says about a model's newest version. */
export type VersionStatus =
    /** No version of this model in the store. */
    | { readonly kind: 'none' }
    /** Saved by training without a key: `phg sign-version` signs it. */
    | { readonly kind: 'unsigned'; readonly version: number; readonly recordFile: string }
    | { readonly kind: 'verified'; readonly version: number; readonly recordFile: string }
    /** A check failed: the first failure, as `phg verify` prints it. */
    | { readonly kind: 'failed'; readonly version: number; readonly recordFile: string; readonly code: CertificateCodeValue; readonly title: string; readonly message: string };

/** The newest version of `model` in `versionsDirectory`, verified against `trust`. */
export function newestVersionStatus(versionsDirectory: string, model: string, trust: TrustStore): VersionStatus {
    const version = newestVersionOf(versionsDirectory, model);
    if (version === undefined) return { kind: 'none' };
    const recordFile = join(versionDirectory(versionsDirectory, version), recordFileName);
    const bytes = readFileIfPresent(recordFile);
    if (bytes !== undefined && isPlainRecord(bytes)) return { kind: 'unsigned', version, recordFile };
    const { report } = verifyVersion({ versionsDirectory, version, trust });
    const failed = report.checks.find((check) => check.status === 'failed');
    if (failed?.code === undefined) return { kind: 'verified', version, recordFile };
    return { kind: 'failed', version, recordFile, code: failed.code, title: failed.title, message: failed.message };
}

/**
 * The highest version number whose record names `model`. Records are read, not verified, to
 * find the model's own versions in a store that several models share; a record that cannot be
 * read at all (a missing or mangled file) counts as the model's, so tampering is never skipped.
 */
export function newestVersionOf(versionsDirectory: string, model: string): number | undefined {
    for (const version of [...listVersionNumbers(versionsDirectory)].reverse()) {
        const bytes = readFileIfPresent(join(versionDirectory(versionsDirectory, version), recordFileName));
        const named = bytes === undefined ? undefined : recordModel(bytes);
        if (named === undefined || named === model) return version;
    }
    return undefined;
}

/** The model a record (plain or signed) names; undefined when it cannot be read. */
function recordModel(bytes: Uint8Array): string | undefined {
    if (isPlainRecord(bytes)) {
        try {
            const value = JSON.parse(Buffer.from(bytes).toString('utf8')) as { model?: unknown };
            return typeof value.model === 'string' ? value.model : undefined;
        } catch {
            return undefined;
        }
    }
    const opened = openEnvelope(bytes);
    if (!opened.ok) return undefined;
    const statement = parseStatement(opened.opened.payloadBytes, versionRecordPredicateType);
    if (!statement.ok) return undefined;
    const record = decodeVersionRecordPredicate(statement.statement.predicate);
    return record.ok ? record.value.model : undefined;
}
