// End to end with the real engine and the real CLI: certify the digits model, save signed
// versions, serve them from a `phg serve` process, rotate with `phg rotate`, and see a stale
// certificate named by `phg verify` after an edit.
import { readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workerCanaryMinimumCores } from '../../../engine/serve/canary-replayer.js';
import { bundleCli, corruptRecordSignature, createDigitsWorkspace, digitsRows, phg, saveSeededVersion, startServe, type DigitsWorkspace, type ServeChild } from './helpers/cli-workspace.js';

describe('phg certify, serve, rotate and verify on the digits model', () => {
    let workspace: DigitsWorkspace;
    let server: ServeChild;

    beforeAll(async () => {
        await bundleCli();
        workspace = await createDigitsWorkspace();
        await saveSeededVersion(workspace, 1);
        server = await startServe(workspace);
    }, 120_000);
    afterAll(async () => {
        await server?.kill();
    });

    it('verifies the certificate and the signed version against the source', async () => {
        const result = await phg(workspace, ['verify']);
        expect(result.code).toBe(0);
        expect(result.stdout).toContain('✓ structure matches source: structure hash');
        expect(result.stdout.trim().split('\n').at(-1)).toBe('all 2 verified');
    });

    it('serves version 1 on loopback and answers predictions with probabilities', async () => {
        expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
        expect([server.name, server.activeVersion]).toEqual(['Mlp', 1]);
        const { rows } = digitsRows(3);
        const response = await fetch(`${server.url}/v1/models/Mlp:predict`, { method: 'POST', body: JSON.stringify({ instances: rows }) });
        expect(response.status).toBe(200);
        const body = await response.json() as { model_version: number; predictions: number[][] };
        expect(body.model_version).toBe(1);
        for (const row of body.predictions) {
            expect(row).toHaveLength(10);
            expect(row.reduce((sum, value) => sum + value, 0)).toBeCloseTo(1, 2);
        }
    });

    it('rotates to a good version, and rejects a canary failure and a bad signature with their codes', async () => {
        expect(await saveSeededVersion(workspace, 1)).toBe(2);
        expect(await saveSeededVersion(workspace, 99)).toBe(3);
        expect(await saveSeededVersion(workspace, 1)).toBe(4);
        corruptRecordSignature(workspace, 4);

        const good = await phg(workspace, ['rotate', '--to', '2']);
        expect(good.code).toBe(0);
        expect(good.stdout).toMatch(/received\n.*verifying\n.*loading\n.*warming\n.*switching\n.*active\n/);
        expect(good.stdout).toContain('canary: 0/256 disagree');
        expect(good.stdout).toContain('version 2 is active');

        const canary = await phg(workspace, ['rotate', '--to', '3']);
        expect(canary.code).toBe(1);
        expect(canary.stdout).toMatch(/rejected: version 3 disagreed with version 2 on \d+ of 256 canary inputs .*\[PHG5010\]/);

        const forged = await phg(workspace, ['rotate', '--to', '4']);
        expect(forged.code).toBe(1);
        expect(forged.stdout).toContain('[PHG5002]');

        const status = await (await fetch(`${server.url}/v1/models/Mlp`)).json() as { activeVersion: number; rotations: { outcome: string; code?: string; canary?: { replayedOn?: string } }[] };
        expect(status.activeVersion).toBe(2);
        expect(status.rotations.map((rotation) => `${rotation.outcome} ${rotation.code ?? ''}`.trim())).toEqual(['active', 'rejected PHG5010', 'rejected PHG5002']);
        // The canary ran on a worker thread where the machine has cores to spare, else paced on the serving thread.
        const where = availableParallelism() >= workerCanaryMinimumCores ? 'worker-thread' : 'serving-thread';
        expect(status.rotations.slice(0, 2).map((rotation) => rotation.canary?.replayedOn)).toEqual([where, where]);
        const metrics = await (await fetch(`${server.url}/metrics`)).text();
        expect(metrics).toContain('phg_model_active_version{model="Mlp"} 2');
        expect(metrics).toContain('phg_rotations_total{model="Mlp",outcome="rejected"} 2');
    });

    it('names what changed when the source no longer matches its certificate (PHG5001)', async () => {
        const original = readFileSync(workspace.source, 'utf8');
        const widened = original.replace('param  W2 : [32, 10]', 'param  W2 : [48, 10]').replace('param  W1 : [64, 32]', 'param  W1 : [64, 48]').replace('param  b1 : [32]', 'param  b1 : [48]').replace('h : [32]<1>', 'h : [48]<1>');
        expect(widened).not.toBe(original);
        writeFileSync(workspace.source, widened);
        try {
            const result = await phg(workspace, ['verify', 'Mlp.phgcert']);
            expect(result.code).toBe(1);
            expect(result.stdout).toMatch(/✗ structure matches source: stale: W1 shape 64×32 → 64×48; W2 shape 32×10 → 48×10; b1 shape 32 → 48; h shape 32 → 48 \(and 2 intermediate values\) \[PHG5001\]/);
        } finally {
            writeFileSync(workspace.source, original);
        }
    });

    it('stops cleanly on SIGTERM and removes its discovery files', async () => {
        const second = await startServe(workspace, ['--version', '2']);
        const code = await second.kill('SIGTERM');
        expect(code).toBe(0);
        expect(second.events.at(-1)).toEqual({ type: 'stopped' });
        expect(() => readFileSync(join(workspace.root, '.phg', 'serve', 'Mlp.token'))).toThrow();
    });
});

describe('phg serve with a deploy block', () => {
    it('serves under the deploy name with the block\'s rotation thresholds; flags still win', async () => {
        await bundleCli();
        const workspace = await createDigitsWorkspace([
            '',
            'deploy digits_service serves Mlp {',
            '  port 8088',
            '  rotation warm { canary: 64, max_disagreement: 0.05, rollback_on_error_rate: 0.02, grace: 2<s> }',
            '  trust "phg.trust.json"',
            '}',
            ''
        ].join('\n'));
        await saveSeededVersion(workspace, 1);
        const server = await startServe(workspace);
        try {
            expect(server.name).toBe('digits_service');
            expect(server.url).not.toMatch(/:8088$/); // --port 0 over the block's port 8088
            const status = await (await fetch(`${server.url}/v1/models/digits_service`)).json() as { policy: { canarySize: number; maxDisagreement: number; rollbackOnErrorRate: number; graceMs: number } };
            expect(status.policy).toMatchObject({ canarySize: 64, maxDisagreement: 0.05, rollbackOnErrorRate: 0.02, graceMs: 2000 });
            expect(server.events[0]).toMatchObject({ type: 'listening', canaryRows: 64 });
        } finally {
            await server.kill();
        }
    }, 60_000);
});
