// Writes that a crash cannot leave half-done: write a temp file beside the target, fsync it,
// rename over the target, fsync the directory. Readers see the old bytes or the new, never a mix.
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';

/** Options for an atomic write. */
export interface AtomicWriteOptions {
    /** File mode of the new file (e.g. 0o600 for secrets). */
    readonly mode?: number;
}

/** Replaces `file` with `bytes` atomically (temp file + fsync + rename + directory fsync). */
export function writeFileAtomic(file: string, bytes: Uint8Array | string, options: AtomicWriteOptions = {}): void {
    const directory = dirname(file);
    mkdirSync(directory, { recursive: true });
    const temp = join(directory, `.${basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
    const descriptor = openSync(temp, 'wx', options.mode ?? 0o644);
    try {
        const data = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes;
        let written = 0;
        while (written < data.length) written += writeSync(descriptor, data, written, data.length - written);
        fsyncSync(descriptor);
    } catch (error) {
        closeSync(descriptor);
        rmSync(temp, { force: true });
        throw error;
    }
    closeSync(descriptor);
    renameSync(temp, file);
    syncDirectory(directory);
}

function syncDirectory(directory: string): void {
    // Some file systems refuse fsync on a directory; the rename is still atomic there.
    try {
        const descriptor = openSync(directory, 'r');
        try { fsyncSync(descriptor); } finally { closeSync(descriptor); }
    } catch {
        // best effort by design
    }
}
