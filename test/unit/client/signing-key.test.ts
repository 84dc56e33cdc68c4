// The key PHG: Generate Signing Key keeps in VS Code's secret storage: an Ed25519 key whose
// fingerprint is the engine's (SHA-256 of the raw public key), which `phg certify --key -` signs with.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { describeEd25519Key, generateEd25519Key } from '../../../client/certificates/ed25519-key.js';
import { allPassed, firstFailure, parseCertifyAnswer, parseVerifyAnswer } from '../../../client/certificates/cli-answers.js';
import { callCli } from '../../../client/certificates/cli-call.js';
import { publicKeyFromPem, signingKeyFromPem } from '../../../engine/signing/keys.js';

const repository = fileURLToPath(new URL('../../..', import.meta.url));

describe('a signing key for VS Code’s secret storage', () => {
    it('has the fingerprint the engine computes for it', () => {
        const key = generateEd25519Key();
        const engine = signingKeyFromPem(key.privateKeyPem);
        if (!engine.ok) throw new Error(engine.message);
        expect(key.fingerprint).toBe(engine.key.publicKey.fingerprint);
        const half = publicKeyFromPem(key.publicKeyPem);
        expect(half.ok && half.key.fingerprint).toBe(key.fingerprint);
    });

    it('refuses a key that is not Ed25519', () => {
        const ecKey = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
        expect(describeEd25519Key(ecKey)).toEqual({ ok: false, message: 'a ec key, not Ed25519' });
        expect(describeEd25519Key('not a key').ok).toBe(false);
    });

    it('signs a certificate through phg certify --key - without touching the disk; phg verify then names the untrusted signer', async () => {
        const cli = join(repository, 'dist', 'cli.cjs');
        if (spawnSync(process.execPath, [cli, '--help']).error) throw new Error('dist/cli.cjs is missing: run npm run build');
        const root = mkdtempSync(join(tmpdir(), 'phg-secret-key-'));
        try {
            mkdirSync(join(root, '.git'));
            writeFileSync(join(root, 'digits.phg'), readFileSync(join(repository, 'examples', 'digits.phg')));
            symlinkSync(join(repository, 'examples', 'data'), join(root, 'data'));
            const key = generateEd25519Key();
            const result = await callCli({ executable: process.execPath, args: [cli, 'certify', 'digits.phg', '--json', '--key', '-'], cwd: root, env: { ...process.env, PHG_CONFIG_DIR: join(root, 'no-config') } }, key.privateKeyPem);
            expect(result.kind === 'exited' && [result.code, result.stderr]).toEqual([0, '']);
            const answer = parseCertifyAnswer(result.kind === 'exited' ? result.stdout : '');
            expect(answer.ok && [answer.value.model, answer.value.signer, answer.value.file]).toEqual(['Mlp', key.fingerprint, join(root, 'Mlp.phgcert')]);
            // No phg.trust.json lists the key yet: the editor's Verify Certificate reads this answer.
            const verified = await callCli({ executable: process.execPath, args: [cli, 'verify', 'Mlp.phgcert', '--json'], cwd: root, env: process.env });
            const reports = parseVerifyAnswer(verified.kind === 'exited' ? verified.stdout : '');
            if (!reports.ok) throw new Error(reports.reason);
            expect(allPassed(reports.value)).toBe(false);
            expect(reports.value.map((report) => firstFailure(report)?.code)).toEqual(['PHG5003']);
        } finally {
            rmSync(root, { recursive: true, force: true });
        }
    });
});
