// Training started from the editor signs with the key in VS Code's secret storage: the command line
// and stdin the extension builds (signingKeyHandOver + trainArguments, as the training controller
// joins them) run the BUILT `phg train` in a TrainProcess; the saved version must be signed by that
// key and verify, and the key must not be written anywhere. The config directory holds no key
// file, so a signature can only come from stdin. `npm run build` first.
import { generateKeyPairSync } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { TrainDoneEvent, TrainEvent } from '../../../cli/train-events.js';
import { callCli } from '../../../client/certificates/cli-call.js';
import { signingKeyHandOver, type SigningKeyHandOver } from '../../../client/certificates/configured-signing-key.js';
import type { KeyStorage } from '../../../client/config.js';
import type { ProcessExit } from '../../../client/training/run-state.js';
import { TrainProcess } from '../../../client/training/train-process.js';
import { trainArguments } from '../../../client/training/train-request.js';

const cli = fileURLToPath(new URL('../../../dist/cli.cjs', import.meta.url));
const fixtures = fileURLToPath(new URL('../../fixtures/train-models/', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'phg-signed-training-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const privateKeyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
/** Secret storage holding the key, as SecretSigningKey reads it. */
const secretStorage = { read: async () => ({ privateKeyPem }) };
const emptySecretStorage = { read: async () => undefined };

interface Workspace { readonly root: string; readonly env: NodeJS.ProcessEnv }

let workspaces = 0;
/** A workspace with the training fixtures whose phg.trust.json trusts the key's public half. */
async function trustingWorkspace(): Promise<Workspace> {
    const root = join(scratch, `workspace-${++workspaces}`);
    const config = join(scratch, `config-${workspaces}`);
    cpSync(fixtures, root, { recursive: true });
    rmSync(join(root, '.phg'), { recursive: true, force: true });
    mkdirSync(config);
    const env: NodeJS.ProcessEnv = { ...process.env, PHG_CONFIG_DIR: config };
    delete env.PHG_SIGNING_KEY;
    const publicKeyFile = join(config, 'editor.pub');
    writeFileSync(publicKeyFile, publicKey.export({ type: 'spki', format: 'pem' }));
    const trusted = await callCli({ executable: process.execPath, args: [cli, 'keys', 'trust', publicKeyFile], cwd: root, env });
    expect(trusted.kind === 'exited' && trusted.code).toBe(0);
    return { root, env };
}

/** One epoch of the small digits model, launched as the training controller launches it. */
function train(workspace: Workspace, key: SigningKeyHandOver): Promise<{ readonly events: TrainEvent[]; readonly exit: ProcessExit }> {
    const args = [...trainArguments({ file: join(workspace.root, 'digits-small.phg'), epochs: 1 }), ...key.args];
    return new Promise((resolve, reject) => {
        const events: TrainEvent[] = [];
        new TrainProcess({ executable: process.execPath, args: [cli, ...args], cwd: workspace.root, env: workspace.env }, {
            onLine: (parsed) => { if (parsed.kind === 'event') events.push(parsed.event); else reject(new Error(parsed.reason)); },
            onStderr: () => undefined,
            onLaunchError: (message) => reject(new Error(message)),
            onExit: (exit) => resolve({ events, exit })
        }, key.input);
    });
}

function done(events: readonly TrainEvent[]): TrainDoneEvent {
    const event = events.find((candidate): candidate is TrainDoneEvent => candidate.type === 'done');
    if (event === undefined) throw new Error(`no done event: ${JSON.stringify(events.map((e) => e.type))}`);
    return event;
}

function filesWithPrivateKeys(folder: string): string[] {
    return readdirSync(folder, { recursive: true, withFileTypes: true })
        .filter((entry) => entry.isFile() && readFileSync(join(entry.parentPath, entry.name)).includes('PRIVATE KEY'))
        .map((entry) => join(entry.parentPath, entry.name));
}

describe('training from the editor with phg.signing.keyStorage', () => {
    it('secretStorage: `--key -` with the key on stdin signs the saved version, which verifies; no private key on disk', async () => {
        const workspace = await trustingWorkspace();
        const key = await signingKeyHandOver('secretStorage', secretStorage);
        expect(key).toEqual({ kind: 'secret-storage', args: ['--key', '-'], input: privateKeyPem });
        const { events, exit } = await train(workspace, key);
        expect(exit.code, exit.stderrTail).toBe(0);
        expect(done(events)).toMatchObject({ signature: 'signed', version: join('.phg', 'versions', '1') });
        const verify = await callCli({ executable: process.execPath, args: [cli, 'verify', join('.phg', 'versions', '1'), '--json'], cwd: workspace.root, env: workspace.env });
        const reports = verify.kind === 'exited' ? JSON.parse(verify.stdout) as { checks: { id: string; status: string }[] }[] : [];
        const checks = Object.fromEntries(reports[0]?.checks.map((check) => [check.id, check.status]) ?? []);
        expect([checks.signature, checks.signer]).toEqual(['passed', 'passed']);
        expect([...filesWithPrivateKeys(workspace.root), ...filesWithPrivateKeys(workspace.env.PHG_CONFIG_DIR ?? '')]).toEqual([]);
    });

    it.each<[string, KeyStorage, typeof secretStorage | typeof emptySecretStorage, SigningKeyHandOver['kind']]>([
        ['file (the secret is not used)', 'file', secretStorage, 'key-file'],
        ['secretStorage holding no key', 'secretStorage', emptySecretStorage, 'missing']
    ])('%s: nothing on the command line, and without a key file the version is saved unsigned', async (_what, storage, secrets, kind) => {
        const workspace = await trustingWorkspace();
        const key = await signingKeyHandOver(storage, secrets);
        expect([key.kind, key.args, key.input]).toEqual([kind, [], undefined]);
        const { events, exit } = await train(workspace, key);
        expect(exit.code, exit.stderrTail).toBe(0);
        expect(done(events).signature).toBe('no-key');
    });
});
