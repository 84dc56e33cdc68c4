// PHG: Generate Signing Key — an Ed25519 key pair for certificates and version records. Where the
// private key goes is `phg.signing.keyStorage`: a key file in the user's phg config directory
// (`phg keys generate`, mode 0600; training, `phg certify` and `phg sign-version` all sign with
// it), or VS Code's secret storage (this editor's Certify Model and training sign with it, passing
// it on stdin). Never the workspace. Then it offers to trust the key in the workspace's phg.trust.json.
// Arguments (tests, other commands): `{ storage?: 'file' | 'secretStorage', trust?: boolean }`.
import * as vscode from 'vscode';
import { parseGeneratedKey, parseLocalKeys } from '../certificates/cli-answers.js';
import { describeFailure } from '../certificates/cli-call.js';
import { commandFolder, runPhg } from '../certificates/phg-command.js';
import { trustedFingerprints, trustKey, type PublicKeySource } from '../certificates/workspace-trust-store.js';
import { readSigningSettings, type KeyStorage } from '../config.js';
import type { PhgContext } from '../context.js';
import type { PhgCommand } from './command.js';
import { requireTrustedWorkspace } from './workspace-trust.js';

/** What the command did. */
export interface GeneratedSigningKey {
    readonly storage: KeyStorage;
    readonly fingerprint: string;
    /** False when a key was already there (it is kept: replacing it would orphan its signatures). */
    readonly created: boolean;
    readonly trusted: boolean;
}

interface GenerateOptions {
    readonly storage?: KeyStorage;
    readonly trust?: boolean;
}

function optionsOf(arg: unknown): GenerateOptions {
    if (typeof arg !== 'object' || arg === null) return {};
    const { storage, trust } = arg as { storage?: unknown; trust?: unknown };
    return { ...(storage === 'file' || storage === 'secretStorage' ? { storage } : {}), ...(typeof trust === 'boolean' ? { trust } : {}) };
}

const TRUST = 'Trust in This Workspace';

export const generateSigningKey: PhgCommand = {
    id: 'phg.generateSigningKey',
    async run(context, arg) {
        if (!requireTrustedWorkspace('Signing')) return undefined;
        const options = optionsOf(arg);
        const storage = options.storage ?? readSigningSettings().keyStorage;
        const folder = commandFolder(vscode.window.activeTextEditor?.document.uri);
        const made = storage === 'file' ? await keyFile(context, folder) : await secretKey(context);
        if (made === undefined) return undefined;
        const short = made.fingerprint.slice(0, 12);
        const where = storage === 'file' ? made.where : "VS Code's secret storage";
        let trusted = trustedFingerprints(folder).includes(made.fingerprint);
        if (!trusted && vscode.workspace.workspaceFolders !== undefined) {
            const wanted = options.trust ?? (await vscode.window.showInformationMessage(
                `${made.created ? 'Created' : 'Using the existing'} Ed25519 signing key ${short} (${where}). Trust it in this workspace's phg.trust.json, so its certificates verify here?`, TRUST)) === TRUST;
            if (wanted) {
                const result = await trustKey(context.extension.extensionPath, context.certificatesLog, folder, made.publicKey, made.name);
                if (result.ok) trusted = true;
                else void vscode.window.showErrorMessage(`Could not trust key ${short}: ${result.message}`);
            }
        } else {
            void vscode.window.showInformationMessage(`${made.created ? 'Created' : 'Using the existing'} Ed25519 signing key ${short} (${where})${trusted ? ', trusted in this workspace' : ''}.`);
        }
        return { storage, fingerprint: made.fingerprint, created: made.created, trusted } satisfies GeneratedSigningKey;
    }
};

interface MadeKey {
    readonly fingerprint: string;
    readonly created: boolean;
    readonly name: string;
    readonly where: string;
    readonly publicKey: PublicKeySource;
}

/** `phg keys generate --json`; an existing default key is kept and used. */
async function keyFile(context: PhgContext, folder: string): Promise<MadeKey | undefined> {
    const log = context.certificatesLog;
    const result = await runPhg(context.extension.extensionPath, log, ['keys', 'generate', '--json'], folder);
    if (result.kind === 'exited' && result.code === 0) {
        const key = parseGeneratedKey(result.stdout);
        if (key.ok) return { fingerprint: key.value.fingerprint, created: true, name: key.value.name, where: key.value.privateKeyFile, publicKey: { publicKeyFile: key.value.publicKeyFile } };
        void vscode.window.showErrorMessage(`phg keys generate: ${key.reason}`);
        return undefined;
    }
    if (result.kind === 'exited' && result.code === 1 && result.stderr.includes('already exists')) {
        const listed = await runPhg(context.extension.extensionPath, log, ['keys', 'list', '--json'], folder);
        const keys = listed.kind === 'exited' ? parseLocalKeys(listed.stdout) : undefined;
        const existing = keys?.ok ? keys.value.find((key) => key.name === 'default' && key.privateKeyFile !== null) : undefined;
        if (existing?.privateKeyFile) {
            return { fingerprint: existing.fingerprint, created: false, name: existing.name, where: existing.privateKeyFile, publicKey: { publicKeyFile: existing.privateKeyFile.replace(/\.key$/, '.pub') } };
        }
    }
    void vscode.window.showErrorMessage(`Could not create a signing key: ${describeFailure(result, 'keys generate')}`, 'Show Log').then((choice) => {
        if (choice === 'Show Log') log.show(true);
    });
    return undefined;
}

async function secretKey(context: PhgContext): Promise<MadeKey> {
    const { key, created } = await context.secretSigningKey.create();
    return { fingerprint: key.fingerprint, created, name: `vscode-${key.fingerprint.slice(0, 8)}`, where: "VS Code's secret storage", publicKey: { publicKeyPem: key.publicKeyPem } };
}
