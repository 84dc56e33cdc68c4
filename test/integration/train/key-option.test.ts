// `phg train --key` and `phg sign-version --key`: a key named on the command line signs the saved
// version; `--key -` reads a PEM private key from stdin, which is how the editor passes the key in
// its secret storage without ever writing it to disk. The config directory holds no key at all,
// so a signature can only come from the key given. Runs the BUILT CLI (`npm run build` first).
import { spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import type { ErrorEvent, TrainDoneEvent, TrainEvent } from '../../../cli/train-events.js';

const cli = fileURLToPath(new URL('../../../dist/cli.cjs', import.meta.url));
const fixtures = fileURLToPath(new URL('../../fixtures/train-models/', import.meta.url));
/** Every folder of these tests lives under one scratch folder, removed at the end. */
const scratch = mkdtempSync(join(tmpdir(), 'phg-key-option-'));
let folders = 0;
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function directory(purpose: string): string {
    const dir = join(scratch, `${purpose}-${++folders}`);
    mkdirSync(dir);
    return dir;
}

interface Setup {
    readonly workspace: string;
    readonly config: string;
    readonly privateKeyPem: string;
}

/** A workspace with the training fixtures, an empty config dir, and a key pair whose public half the workspace trusts. */
function setup(): Setup {
    const workspace = directory('workspace');
    const config = directory('config');
    cpSync(fixtures, workspace, { recursive: true });
    rmSync(join(workspace, '.phg'), { recursive: true, force: true });
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const publicKeyFile = join(directory('public'), 'editor.pub');
    writeFileSync(publicKeyFile, publicKey.export({ type: 'spki', format: 'pem' }));
    const trusted = phg({ workspace, config }, ['keys', 'trust', publicKeyFile]);
    expect(trusted.status, trusted.stderr).toBe(0);
    return { workspace, config, privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };
}

function phg(where: { workspace: string; config: string }, args: readonly string[], input?: string): { status: number | null; stdout: string; stderr: string } {
    const env: NodeJS.ProcessEnv = { ...process.env, PHG_CONFIG_DIR: where.config };
    delete env.PHG_SIGNING_KEY;
    return spawnSync(process.execPath, [cli, ...args], { cwd: where.workspace, env, encoding: 'utf8', timeout: 120_000, input: input ?? '' });
}

function events(stdout: string): TrainEvent[] {
    return stdout.split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as TrainEvent);
}

function doneEvent(stdout: string): TrainDoneEvent {
    const done = events(stdout).find((event): event is TrainDoneEvent => event.type === 'done');
    if (!done) throw new Error(`no done event in:\n${stdout}`);
    return done;
}

/** Every file under a folder whose text holds a private key. */
function filesWithPrivateKeys(folder: string): string[] {
    return readdirSync(folder, { recursive: true, withFileTypes: true })
        .filter((entry) => entry.isFile() && readFileSync(join(entry.parentPath, entry.name)).includes('PRIVATE KEY'))
        .map((entry) => join(entry.parentPath, entry.name));
}

function expectVersionVerifies(where: Setup, version: number): void {
    const verify = phg(where, ['verify', join('.phg', 'versions', String(version))]);
    expect(verify.stdout).toMatch(/✓ signature: valid Ed25519 signature/);
    expect(verify.stdout).toMatch(/✓ signer trusted/);
}

describe('phg train --key', () => {
    test('--key - signs the saved version with the PEM key on stdin, and the record verifies; no key lands on disk', () => {
        const where = setup();
        const train = phg(where, ['train', 'digits-small.phg', '--epochs', '1', '--json', '--key', '-'], where.privateKeyPem);
        expect(train.status, train.stderr).toBe(0);
        const done = doneEvent(train.stdout);
        expect(done.signature).toBe('signed');
        expect(done.signatureMessage).toMatch(/^signed version 1\b/);
        const record = JSON.parse(readFileSync(join(where.workspace, '.phg', 'versions', '1', 'record.json'), 'utf8')) as { payloadType?: string; signatures?: unknown[] };
        expect(record.payloadType).toBe('application/vnd.in-toto+json');
        expect(record.signatures).toHaveLength(1);
        expectVersionVerifies(where, 1);
        expect([...filesWithPrivateKeys(where.workspace), ...filesWithPrivateKeys(where.config)]).toEqual([]);
    });

    test('--key FILE signs with that key file', () => {
        const where = setup();
        const keyFile = join(directory('key-file'), 'signer.key');
        writeFileSync(keyFile, where.privateKeyPem, { mode: 0o600 });
        const train = phg(where, ['train', 'digits-small.phg', '--epochs', '1', '--json', '--key', keyFile]);
        expect(train.status, train.stderr).toBe(0);
        expect(doneEvent(train.stdout).signature).toBe('signed');
        expectVersionVerifies(where, 1);
    });

    test('without --key and without a key file the version stays unsigned (the stdin is not read)', () => {
        const where = setup();
        const train = phg(where, ['train', 'digits-small.phg', '--epochs', '1', '--json'], where.privateKeyPem);
        expect(train.status, train.stderr).toBe(0);
        expect(doneEvent(train.stdout).signature).toBe('no-key');
    });

    test('a stdin that holds no key is a usage error before any training: no run, no version', () => {
        const where = setup();
        const train = phg(where, ['train', 'digits-small.phg', '--epochs', '1', '--json', '--key', '-'], 'not a key\n');
        expect(train.status).toBe(2);
        const all = events(train.stdout);
        expect(all.map((event) => event.type)).toEqual(['error']);
        const error = all[0] as ErrorEvent;
        expect(error.code).toBe('PHG7201');
        expect(error.message).toMatch(/^--key: the key on stdin: /);
        expect(readdirSync(where.workspace)).not.toContain('.phg');
    });
});

describe('phg sign-version --key', () => {
    test('--key - signs a version training saved unsigned, with the PEM key on stdin', () => {
        const where = setup();
        expect(phg(where, ['train', 'digits-small.phg', '--epochs', '1', '--json']).status).toBe(0);
        const signed = phg(where, ['sign-version', '--key', '-', '--json'], where.privateKeyPem);
        expect(signed.status, signed.stderr).toBe(0);
        expect((JSON.parse(signed.stdout) as { version: number; outcome: string }[]).map((result) => `${result.version} ${result.outcome}`)).toEqual(['1 signed']);
        expectVersionVerifies(where, 1);
    });

    test('an empty stdin is a key error (exit 2) and signs nothing', () => {
        const where = setup();
        expect(phg(where, ['train', 'digits-small.phg', '--epochs', '1', '--json']).status).toBe(0);
        const signed = phg(where, ['sign-version', '--key', '-']);
        expect(signed.status).toBe(2);
        expect(signed.stderr).toMatch(/^phg sign-version: the key on stdin: /);
        const verify = phg(where, ['verify', join('.phg', 'versions', '1')]);
        expect(verify.stdout).not.toMatch(/✓ signature: valid/);
    });
});
