// Which signed version pins a certificate: the `v7` of the editor's `✓ certified v7` label.
import { join } from 'node:path';
import { parseStatement } from '../attest/statement.js';
import { decodeVersionRecordPredicate, versionRecordPredicateType } from '../attest/version-record.js';
import { listVersionNumbers, readFileIfPresent, recordFileName, versionDirectory } from '../attest/version-files.js';
import { sha256Hex } from '../signing/digest.js';
import { openEnvelope } from '../signing/dsse.js';

/**
 * The newest version whose record pins these certificate bytes, or undefined. Records are read,
 * not verified: this labels a certificate, it does not admit a version (phg verify does that).
 */
export function newestVersionPinning(versionsDirectory: string, certificateBytes: Uint8Array): number | undefined {
    const digest = sha256Hex(certificateBytes);
    for (const version of [...listVersionNumbers(versionsDirectory)].reverse()) {
        const bytes = readFileIfPresent(join(versionDirectory(versionsDirectory, version), recordFileName));
        if (!bytes) continue;
        const opened = openEnvelope(bytes);
        if (!opened.ok) continue;
        const statement = parseStatement(opened.opened.payloadBytes, versionRecordPredicateType);
        if (!statement.ok) continue;
        const record = decodeVersionRecordPredicate(statement.statement.predicate);
        if (record.ok && record.value.certificate?.sha256 === digest) return version;
    }
    return undefined;
}
