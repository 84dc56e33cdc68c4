// `phg train` signs the version it saves when the user has a signing key, so a service watching the
// store can rotate to it; without a key the version stays unsigned and the run says so. Runs the
// BUILT CLI (`npm run build` first) with PHG_CONFIG_DIR pointing at a temporary config directory.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import type { TrainDoneEvent, TrainEvent } from '../../../cli/train-events.js';

const cli = fileURLToPath(new URL('../../../dist/cli.cjs', import.meta.url));
const fixtures = fileURLToPath(new URL('../../fixtures/train-models/', import.meta.url));
const temporary: string[] = [];

function directory(prefix: string): string {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    temporary.push(dir);
    return dir;
}

afterAll(() => {
    for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
});

function phg(cwd: string, configDir: string, ...args: string[]): { status: number | null; stdout: string; stderr: string } {
    const env: NodeJS.ProcessEnv = { ...process.env, PHG_CONFIG_DIR: configDir };
    delete env.PHG_SIGNING_KEY;
    return spawnSync(process.execPath, [cli, ...args], { cwd, env, encoding: 'utf8', timeout: 120_000 });
}

function doneEvent(stdout: string): TrainDoneEvent {
    const events = stdout.split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as TrainEvent);
    const done = events.find((event): event is TrainDoneEvent => event.type === 'done');
    if (!done) throw new Error(`no done event in:\n${stdout}`);
    return done;
}

describe('phg train and signing', () => {
    test('with a key configured, the saved version is signed and verifies against the trusted key', () => {
        const workspace = directory('phg-sign-ws-');
        const config = directory('phg-sign-cfg-');
        cpSync(fixtures, workspace, { recursive: true });
        rmSync(join(workspace, '.phg'), { recursive: true, force: true });
        expect(phg(workspace, config, 'keys', 'generate').status).toBe(0);
        expect(phg(workspace, config, 'keys', 'trust', join(config, 'keys', 'default.pub')).status).toBe(0);

        const train = phg(workspace, config, 'train', 'digits-small.phg', '--epochs', '1', '--json');
        expect(train.status, train.stderr).toBe(0);
        const done = doneEvent(train.stdout);
        expect(done.signature).toBe('signed');
        expect(done.signatureMessage).toMatch(/^signed version 1/);

        const verify = phg(workspace, config, 'verify', join('.phg', 'versions', '1'));
        expect(verify.stdout).toMatch(/✓ signature: valid Ed25519 signature/);
        expect(verify.stdout).toMatch(/✓ signer trusted/);
    });

    test('without a key, the version is saved unsigned and the done event says where a key would be', () => {
        const workspace = directory('phg-nosign-ws-');
        const config = directory('phg-nosign-cfg-');
        cpSync(fixtures, workspace, { recursive: true });
        rmSync(join(workspace, '.phg'), { recursive: true, force: true });

        const train = phg(workspace, config, 'train', 'digits-small.phg', '--epochs', '1', '--json');
        expect(train.status, train.stderr).toBe(0);
        const done = doneEvent(train.stdout);
        expect(done.signature).toBe('no-key');
        expect(done.signatureMessage).toBe(`version 1 is unsigned: no signing key at ${join(config, 'keys', 'default.key')} (phg keys generate creates one)`);
        expect(done.version).toBe(join('.phg', 'versions', '1'));
    });
});
