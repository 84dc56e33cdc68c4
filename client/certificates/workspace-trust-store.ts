// The workspace's phg.trust.json as the editor uses it: whether a key is trusted there, and adding
// one with `phg keys trust`. The workspace folder holds the file: the editor creates an empty one
// there first, so the CLI (which looks for the nearest phg.trust.json, .phg/ or .git/ upwards)
// finds this folder and not a repository around it.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type * as vscode from 'vscode';
import { describeFailure } from './cli-call.js';
import { runPhg } from './phg-command.js';

/** The trust store file of a workspace folder. */
export function trustStoreOf(folder: string): string {
    return path.join(folder, 'phg.trust.json');
}

/** The fingerprints phg.trust.json lists (none when it is missing or unreadable). */
export function trustedFingerprints(folder: string): readonly string[] {
    try {
        const value = JSON.parse(readFileSync(trustStoreOf(folder), 'utf8')) as { keys?: unknown };
        if (!Array.isArray(value.keys)) return [];
        return value.keys.flatMap((entry: unknown) => (typeof entry === 'object' && entry !== null && typeof (entry as { fingerprint?: unknown }).fingerprint === 'string' ? [(entry as { fingerprint: string }).fingerprint] : []));
    } catch {
        return [];
    }
}

/** A public key to trust: its .pub file, its PEM text (a key from secret storage), or the fingerprint of one of your local keys. */
export type PublicKeySource = { readonly publicKeyFile: string } | { readonly publicKeyPem: string } | { readonly fingerprint: string };

/** Adds a key to the folder's phg.trust.json under `name` (empty: the key's own name); the problem as a message when it fails. */
export async function trustKey(extensionPath: string, log: vscode.OutputChannel, folder: string, key: PublicKeySource, name: string): Promise<{ readonly ok: true } | { readonly ok: false; readonly message: string }> {
    if (!existsSync(trustStoreOf(folder))) writeFileSync(trustStoreOf(folder), '{\n  "keys": []\n}\n');
    let scratch: string | undefined;
    try {
        let file: string;
        if ('publicKeyFile' in key) file = key.publicKeyFile;
        else if ('fingerprint' in key) file = key.fingerprint;
        else {
            // A public key is not a secret; it goes to a private temp folder only because the CLI reads a file.
            scratch = mkdtempSync(path.join(os.tmpdir(), 'phg-trust-'));
            file = path.join(scratch, `${name}.pub`);
            writeFileSync(file, key.publicKeyPem);
        }
        const result = await runPhg(extensionPath, log, ['keys', 'trust', file, ...(name !== '' ? ['--name', name] : [])], folder);
        return result.kind === 'exited' && result.code === 0 ? { ok: true } : { ok: false, message: describeFailure(result, 'keys trust') };
    } finally {
        if (scratch !== undefined) rmSync(scratch, { recursive: true, force: true });
    }
}
