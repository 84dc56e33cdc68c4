// Crash-safe writes for runs, checkpoints and versions: write a temp file beside the target, fsync
// it, rename it over the target, fsync the directory. A reader (or a resumed run) sees the old
// bytes or the new ones, never a mix. A whole directory (a version) is published the same way: it
// is filled under a temporary name and renamed into place. Keys, certificates and serve state use
// the same writer (with mode 0o600 for secrets).
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';

/** Options for an atomic write. */
export interface AtomicWriteOptions {
    /** File mode of the new file (e.g. 0o600 for secrets). */
    readonly mode?: number;
}

/** Replaces `file` with `bytes` atomically (temp file + fsync + rename + directory fsync). */
export function writeAtomic(file: string, bytes: Uint8Array | string, options: AtomicWriteOptions = {}): void {
    const directory = dirname(file);
    mkdirSync(directory, { recursive: true });
    const temp = join(directory, `.${basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
    writeAndSync(temp, bytes, options);
    renameSync(temp, file);
    syncDirectory(directory);
}

/** Writes a new file and fsyncs it (no rename: for files inside a directory not yet published). */
export function writeAndSync(file: string, bytes: Uint8Array | string, options: AtomicWriteOptions = {}): void {
    const descriptor = openSync(file, 'wx', options.mode ?? 0o644);
    try {
        const data = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes;
        let written = 0;
        while (written < data.length) written += writeSync(descriptor, data, written, data.length - written);
        fsyncSync(descriptor);
    } catch (error) {
        closeSync(descriptor);
        rmSync(file, { force: true });
        throw error;
    }
    closeSync(descriptor);
}

/** A fresh temporary directory inside `parent` (to be published with `publishDirectory`). */
export function stagingDirectory(parent: string): string {
    mkdirSync(parent, { recursive: true });
    const staging = join(parent, `.staging.${process.pid}.${randomBytes(4).toString('hex')}`);
    mkdirSync(staging);
    return staging;
}

/** Renames a filled staging directory to `target`; false when `target` already exists. */
export function publishDirectory(staging: string, target: string): boolean {
    syncDirectory(staging);
    try {
        renameSync(staging, target);
    } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOTEMPTY' || code === 'EEXIST') return false;
        throw error;
    }
    syncDirectory(dirname(target));
    return true;
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
