// `phg verify` on a signed store: every check printed, exit 0 only when all pass.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../cli/run-cli.js';
import { serializeTrustStore } from '../../../engine/signing/trust-store.js';
import { bufferIO } from './cli-io.js';
import { createSignedWorkspace, weightsBytes, type SignedWorkspace } from './signed-store.js';

function trustedWorkspace(versions: number, pinCertificate: boolean): SignedWorkspace {
    const workspace = createSignedWorkspace(versions, 96, (version) => weightsBytes(version, 96), pinCertificate);
    writeFileSync(join(workspace.root, 'phg.trust.json'), serializeTrustStore(workspace.trust));
    return workspace;
}

describe('phg verify', () => {
    it('prints each check of each version and exits 0 when all pass', async () => {
        const workspace = trustedWorkspace(2, false);
        const key = workspace.key.publicKey.fingerprint.slice(0, 8);
        const io = bufferIO(workspace.root);
        expect(await runCli(['verify', '.phg/versions'], io)).toBe(0);
        const lines = io.text().split('\n');
        expect(lines.slice(0, 7)).toEqual([
            '.phg/versions/1',
            `  ✓ signer trusted: key ${key} is in phg.trust.json`,
            `  ✓ signature: valid Ed25519 signature by key ${key}`,
            '  ✓ version number increases: version 1 is newer than its parent',
            `  ✓ weights digest: weights.bin matches sha256 ${lines[4]?.match(/sha256 ([0-9a-f]{12})…/)?.[1] ?? 'missing'}… (96 bytes)`,
            '  ✓ chain to the root: version 1 is the root',
            '  ✓ certificate: the version pins no certificate'
        ]);
        expect(lines[7]).toBe('.phg/versions/2');
        expect(lines[12]).toBe('  ✓ chain to the root: 1 parent link down to the root, version 1');
        expect(lines.at(-2)).toBe('all 2 verified');
    });

    it('exits 1 and names the code when a weights file was changed', async () => {
        const workspace = trustedWorkspace(2, false);
        const weights = join(workspace.versionsDirectory, '2', 'weights.bin');
        const bytes = readFileSync(weights);
        bytes[0] = (bytes[0] as number) ^ 0xff;
        writeFileSync(weights, bytes);
        const io = bufferIO(workspace.root);
        expect(await runCli(['verify', '.phg/versions/2'], io)).toBe(1);
        expect(io.text()).toMatch(/✗ weights digest: weights\.bin \(sha256 [0-9a-f]{12}…, 96 bytes\) does not match the record \(sha256 [0-9a-f]{12}…, 96 bytes\) \[PHG5005\]/);
        expect(io.text()).toContain('1 of 1 failed verification');
    });

    it('fails the structure check (PHG5008) when the certified source is not there to compare with', async () => {
        const workspace = trustedWorkspace(1, true);
        const io = bufferIO(workspace.root);
        expect(await runCli(['verify', '--json', '.phg/versions'], io)).toBe(1);
        const reports = JSON.parse(io.text()) as { subject: string; checks: { id: string; status: string; code?: string }[] }[];
        expect(reports.map((report) => report.checks.map((check) => `${check.id}:${check.status}${check.code ? `:${check.code}` : ''}`))).toEqual([
            ['signer:passed', 'signature:passed', 'version:passed', 'weights:passed', 'chain:passed', 'certificate:passed', 'structure:failed:PHG5008']
        ]);
    });

    it('refuses a malformed trust store with PHG5007', async () => {
        const workspace = trustedWorkspace(1, false);
        writeFileSync(join(workspace.root, 'phg.trust.json'), '{"keys": [{"publicKey": "nope"}]}');
        const io = bufferIO(workspace.root);
        expect(await runCli(['verify', '.phg/versions'], io)).toBe(1);
        expect(io.text()).toContain('[PHG5007]');
    });

    it('without a path verifies every version and every certificate in the workspace, subfolders included', async () => {
        const workspace = trustedWorkspace(1, false);
        mkdirSync(join(workspace.root, 'models', 'vision'), { recursive: true });
        writeFileSync(join(workspace.root, 'models', 'vision', 'Mlp.phgcert'), '{"payloadType": "truncated');
        mkdirSync(join(workspace.root, 'node_modules', 'dep'), { recursive: true });
        writeFileSync(join(workspace.root, 'node_modules', 'dep', 'Other.phgcert'), 'not ours');
        const io = bufferIO(workspace.root);
        expect(await runCli(['verify'], io)).toBe(1);
        const subjects = io.text().split('\n').filter((line) => line !== '' && !line.startsWith(' '));
        expect(subjects.slice(0, -1)).toEqual(['Mlp.phgcert', 'models/vision/Mlp.phgcert', '.phg/versions/1']);
        expect(subjects.at(-1)).toBe('2 of 3 failed verification'); // the store's own certificate has no source here (PHG5008)
    });
});
