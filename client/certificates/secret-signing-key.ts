// The signing key kept in VS Code's secret storage (the OS keychain where there is one): one key
// per user, never in the workspace, never on disk in the clear. Certify Model and training pass it
// to `phg certify --key -` and `phg train --key -` on stdin (configured-signing-key.ts).
import type * as vscode from 'vscode';
import { describeEd25519Key, generateEd25519Key, type Ed25519KeyText } from './ed25519-key.js';

const SECRET_KEY = 'phg.signingKey.ed25519';

export class SecretSigningKey {
    constructor(private readonly secrets: vscode.SecretStorage) {}

    /** The stored key, or undefined (also when what is stored is not an Ed25519 key). */
    async read(): Promise<Ed25519KeyText | undefined> {
        const pem = await this.secrets.get(SECRET_KEY);
        if (pem === undefined) return undefined;
        const described = describeEd25519Key(pem);
        return described.ok ? described.key : undefined;
    }

    /** Creates and stores a key unless one is stored; returns the key and whether it is new. */
    async create(): Promise<{ readonly key: Ed25519KeyText; readonly created: boolean }> {
        const existing = await this.read();
        // Replacing a key would orphan every signature it made: keep the one there is.
        if (existing !== undefined) return { key: existing, created: false };
        const key = generateEd25519Key();
        await this.secrets.store(SECRET_KEY, key.privateKeyPem);
        return { key, created: true };
    }
}
