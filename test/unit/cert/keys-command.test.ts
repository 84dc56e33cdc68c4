// `phg keys` end to end, in-process: generate (outside the workspace, mode 0600), trust by file
// and by fingerprint, list. PHG_CONFIG_DIR points at a temp dir so the real home is never touched.
import { mkdirSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../../cli/run-cli.js';
import { bufferIO } from './cli-io.js';

describe('phg keys', () => {
    let config: string;
    let workspace: string;
    const saved = process.env.PHG_CONFIG_DIR;
    beforeEach(() => {
        config = mkdtempSync(join(tmpdir(), 'phg-config-'));
        workspace = mkdtempSync(join(tmpdir(), 'phg-ws-'));
        mkdirSync(join(workspace, '.git'));
        process.env.PHG_CONFIG_DIR = config;
    });
    afterEach(() => {
        if (saved === undefined) delete process.env.PHG_CONFIG_DIR; else process.env.PHG_CONFIG_DIR = saved;
    });

    it('generates a key pair in the config dir with a 0600 private key and says how to trust it', async () => {
        const io = bufferIO(workspace);
        expect(await runCli(['keys', 'generate'], io)).toBe(0);
        const text = io.out.join('');
        expect(text).toMatch(/fingerprint {2}[0-9a-f]{64}/);
        expect(text).toContain(`phg keys trust ${join(config, 'keys', 'default.pub')}`);
        expect(statSync(join(config, 'keys', 'default.key')).mode & 0o777).toBe(0o600);
        expect(await runCli(['keys', 'generate'], bufferIO(workspace))).toBe(1);
    });

    it('refuses to put a private key inside the workspace', async () => {
        const io = bufferIO(workspace);
        expect(await runCli(['keys', 'generate', '--out', 'keys'], io)).toBe(1);
        expect(io.err.join('')).toContain('refusing to write a private key inside the workspace');
    });

    it('trusts a key by fingerprint prefix and by .pub file, once each', async () => {
        const generated = bufferIO(workspace);
        await runCli(['keys', 'generate', '--json'], generated);
        const key = JSON.parse(generated.out.join('')) as { fingerprint: string; publicKeyFile: string };
        const byPrefix = bufferIO(workspace);
        expect(await runCli(['keys', 'trust', key.fingerprint.slice(0, 10), '--name', 'me'], byPrefix)).toBe(0);
        expect(byPrefix.out.join('')).toContain(`trusted key ${key.fingerprint.slice(0, 12)} ('me')`);
        const byFile = bufferIO(workspace);
        expect(await runCli(['keys', 'trust', key.publicKeyFile], byFile)).toBe(0);
        expect(byFile.out.join('')).toContain('already trusted');
        const trust = JSON.parse(readFileSync(join(workspace, 'phg.trust.json'), 'utf8')) as { keys: { name: string; fingerprint: string }[] };
        expect(trust.keys.map((entry) => [entry.name, entry.fingerprint])).toEqual([['me', key.fingerprint]]);
        const listed = bufferIO(workspace);
        expect(await runCli(['keys', 'list', '--json'], listed)).toBe(0);
        expect(JSON.parse(listed.out.join(''))).toMatchObject({ trusted: [{ name: 'me', fingerprint: key.fingerprint }], local: [{ name: 'default', fingerprint: key.fingerprint, trusted: true }] });
    });

    it('explains an unknown fingerprint and a missing action', async () => {
        const io = bufferIO(workspace);
        expect(await runCli(['keys', 'trust', 'abcdef0123'], io)).toBe(2);
        expect(io.err.join('')).toContain('no local key has a fingerprint starting with abcdef0123');
        expect(await runCli(['keys'], bufferIO(workspace))).toBe(2);
    });
});
