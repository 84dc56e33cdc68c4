// `phg sign-version` over versions saved unsigned, in the store's plain record format: signs the
// oldest first, re-links each parent to its signed bytes, pins the certificate of the structure.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../../cli/run-cli.js';
import { signVersionAfterTraining } from '../../../cli/cert/version-signing.js';
import { structureDigest } from '../../../engine/attest/ir-structure.js';
import { writeKeyPair } from '../../../engine/signing/key-files.js';
import { generateSigningKey } from '../../../engine/signing/keys.js';
import { addTrustedKey, emptyTrustStore, serializeTrustStore } from '../../../engine/signing/trust-store.js';
import { reportPassed } from '../../../engine/verify/verification-report.js';
import { verifyVersion } from '../../../engine/verify/verify-version.js';
import { bufferIO } from './cli-io.js';
import { loadIrFixture } from './ir-fixtures.js';
import { createSignedWorkspace, weightsBytes } from './signed-store.js';
import { createHash } from 'node:crypto';

const sha = (bytes: Uint8Array | string): string => createHash('sha256').update(bytes).digest('hex');

/** Writes versions 1..n as the store does without a key: weights.bin and a plain record.json. */
function writePlainVersions(root: string, count: number): void {
    const structureHash = `sha256:${structureDigest(loadIrFixture('mlp.ir.json'))}`;
    let parent: { version: number; sha256: string } | null = null;
    for (let version = 1; version <= count; version++) {
        const directory = join(root, '.phg', 'versions', String(version));
        mkdirSync(directory, { recursive: true });
        const weights = weightsBytes(version, 128);
        writeFileSync(join(directory, 'weights.bin'), weights);
        const record: string = `${JSON.stringify({
            model: 'Mlp', version, parent, structureHash: structureHash.replace(/^sha256:/, ''), certificate: null,
            weights: { file: 'weights.bin', sha256: sha(weights), bytes: weights.length },
            training: { seed: 1, epochs: 2 }, metrics: { accuracy: 0.5 }, createdAt: '2025-01-01T00:00:00.000Z'
        }, null, 2)}\n`;
        writeFileSync(join(directory, 'record.json'), record);
        parent = { version, sha256: sha(record) };
    }
}

describe('phg sign-version', () => {
    let config: string;
    let root: string;
    const saved = process.env.PHG_CONFIG_DIR;
    beforeEach(() => {
        config = mkdtempSync(join(tmpdir(), 'phg-config-'));
        root = mkdtempSync(join(tmpdir(), 'phg-ws-'));
        mkdirSync(join(root, '.git'));
        process.env.PHG_CONFIG_DIR = config;
    });
    afterEach(() => {
        if (saved === undefined) delete process.env.PHG_CONFIG_DIR; else process.env.PHG_CONFIG_DIR = saved;
    });

    it('signs every unsigned version oldest first into a chain that verifies', async () => {
        const key = generateSigningKey();
        const written = writeKeyPair(join(config, 'keys'), 'default', key);
        expect(written.ok).toBe(true);
        writePlainVersions(root, 3);
        const io = bufferIO(root);
        expect(await runCli(['sign-version'], io)).toBe(0);
        expect(io.text().split('\n').filter(Boolean).map((line) => line.split(' without')[0])).toEqual(['✓ signed version 1', '✓ signed version 2', '✓ signed version 3']);
        const trust = addTrustedKey(emptyTrustStore, key.publicKey, 'me', 'now').store;
        for (const version of [1, 2, 3]) {
            expect(reportPassed(verifyVersion({ versionsDirectory: join(root, '.phg', 'versions'), version, trust }).report)).toBe(true);
        }
        const again = bufferIO(root);
        expect(await runCli(['sign-version'], again)).toBe(0);
        expect(again.text()).toBe('nothing to sign: every version is signed\n');
    });

    it('pins the workspace certificate of the version\'s structure, giving it an interface', async () => {
        const fixture = createSignedWorkspace(0);
        writeFileSync(join(root, 'Mlp.phgcert'), fixture.certificateBytes);
        writeFileSync(join(root, 'phg.trust.json'), serializeTrustStore(fixture.trust));
        writePlainVersions(root, 1);
        const keyFile = join(mkdtempSync(join(tmpdir(), 'phg-key-')), 'k');
        writeKeyPair(keyFile, 'signer', fixture.key);
        const io = bufferIO(root);
        expect(await runCli(['sign-version', '1', '--key', join(keyFile, 'signer.key'), '--json'], io)).toBe(0);
        expect(JSON.parse(io.text())).toEqual([{ version: 1, outcome: 'signed', certified: true, message: `signed version 1, pinning ${join(root, 'Mlp.phgcert')}` }]);
        const { report, record } = verifyVersion({ versionsDirectory: join(root, '.phg', 'versions'), version: 1, trust: fixture.trust });
        expect(reportPassed(report)).toBe(true);
        expect(record?.interface?.inputs.map((input) => input.name)).toEqual(['x']);
        expect(readFileSync(join(root, '.phg', 'versions', '1', 'certificate.phgcert'))).toEqual(fixture.certificateBytes);
    });

    it('leaves versions unsigned after training when there is no key, and says where the key would be', () => {
        writePlainVersions(root, 1);
        expect(signVersionAfterTraining(root, 1, { PHG_CONFIG_DIR: config })).toEqual({ status: 'no-key', keyFile: join(config, 'keys', 'default.key') });
    });

    it('signs right after training when a key is configured', () => {
        writeKeyPair(join(config, 'keys'), 'default', generateSigningKey());
        writePlainVersions(root, 2);
        const signed = signVersionAfterTraining(root, 2, { PHG_CONFIG_DIR: config });
        expect(signed.status === 'signed' && signed.results.map((result) => result.version)).toEqual([1, 2]);
    });

    it('explains a missing key', async () => {
        writePlainVersions(root, 1);
        const io = bufferIO(root);
        expect(await runCli(['sign-version'], io)).toBe(2);
        expect(io.err.join('')).toContain("create one with 'phg keys generate'");
    });
});
