// Where a version's files sit in the store: `.phg/versions/<n>/record.json` (the record, signed or
// not yet), the weights file the record names, and `certificate.phgcert` (a copy of the model's
// certificate, pinned by digest in the record, so a version directory is self-contained).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The record file of a version. */
export const recordFileName = 'record.json';

/** The certificate copied into a signed version. */
export const versionCertificateFileName = 'certificate.phgcert';

/** The directory of version `version` in a versions directory. */
export function versionDirectory(versionsDirectory: string, version: number): string {
    return join(versionsDirectory, String(version));
}

/** The version numbers present in a versions directory, ascending. */
export function listVersionNumbers(versionsDirectory: string): readonly number[] {
    let entries: string[];
    try {
        entries = readdirSync(versionsDirectory);
    } catch {
        return [];
    }
    return entries.filter((name) => /^[1-9][0-9]*$/.test(name)).map(Number).sort((a, b) => a - b);
}

/** A file's bytes, or undefined when it does not exist or cannot be read. */
export function readFileIfPresent(file: string): Buffer | undefined {
    try {
        return readFileSync(file);
    } catch {
        return undefined;
    }
}
