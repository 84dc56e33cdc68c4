// The warm-rotation state machine, driven directly: which candidates become active, which are
// rejected (and why), and what happens to requests around a switch.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ModelService } from '../../../engine/serve/model-service.js';
import { generateSigningKey } from '../../../engine/signing/keys.js';
import { CertificateCode } from '../../../engine/verify/certificate-codes.js';
import { patchGraph } from '../../unit/cert/ir-fixtures.js';
import { addSignedVersion } from '../../unit/cert/signed-store.js';
import { inputRow, linearWeights } from './helpers/linear-test-model.js';
import { startServiceFixture, type ServiceFixture } from './helpers/service-fixture.js';

const batchOf = (index: number): { size: number; inputs: Map<string, Float64Array> } => ({ size: 1, inputs: new Map([['x', Float64Array.from(inputRow(index))]]) });

describe('warm rotation', () => {
    let fixture: ServiceFixture | undefined;
    afterEach(() => fixture?.service.close());

    it('switches to a good candidate through every stage and persists it as active', async () => {
        fixture = await startServiceFixture();
        addSignedVersion(fixture.workspace, 2, linearWeights(1, 0.001));
        const outcome = await fixture.service.rotate({ trigger: 'api' });
        expect(outcome.ok).toBe(true);
        if (!outcome.ok) return;
        expect(outcome.rotation.stages.map((entry) => entry.stage)).toEqual(['received', 'verifying', 'loading', 'warming', 'switching', 'active']);
        expect(outcome.rotation.canary?.samples).toBe(64);
        expect(outcome.rotation.canary?.disagreementRate).toBeLessThanOrEqual(0.02);
        expect(fixture.service.activeVersion).toBe(2);
        expect(fixture.state.load()?.activeVersion).toBe(2);
        expect(fixture.service.status().previousVersion).toBe(1);
        const answer = await fixture.service.predict(batchOf(1));
        expect(answer.ok && answer.version).toBe(2);
    });

    it('rejects a candidate whose record was tampered with (PHG5002) without loading it', async () => {
        fixture = await startServiceFixture();
        addSignedVersion(fixture.workspace, 2, linearWeights(1, 0.001));
        const record = join(fixture.workspace.versionsDirectory, '2', 'record.json');
        const bytes = readFileSync(record);
        bytes[100] = (bytes[100] as number) ^ 0x04;
        writeFileSync(record, bytes);
        const outcome = await fixture.service.rotate({ trigger: 'api' });
        expect(!outcome.ok && outcome.rotation?.code).toBe(CertificateCode.signatureInvalid);
        expect(!outcome.ok && outcome.rotation?.stages.map((entry) => entry.stage)).toEqual(['received', 'verifying', 'rejected']);
        expect(fixture.loader.loaded.map((model) => model.version)).toEqual([1]);
        expect(fixture.service.activeVersion).toBe(1);
        expect((await fixture.service.predict(batchOf(2))).ok).toBe(true);
    });

    it('rejects a candidate signed by an untrusted key (PHG5003)', async () => {
        fixture = await startServiceFixture();
        addSignedVersion(fixture.workspace, 2, linearWeights(1, 0.001), generateSigningKey());
        const outcome = await fixture.service.rotate({ trigger: 'api' });
        expect(!outcome.ok && outcome.rotation?.code).toBe(CertificateCode.untrustedSigner);
        expect(fixture.service.activeVersion).toBe(1);
    });

    it('rejects a candidate whose interface differs (PHG5009), naming the difference', async () => {
        fixture = await startServiceFixture();
        const wider = patchGraph(fixture.workspace.graph, { nodes: { y: { shape: [12] } } });
        addSignedVersion(fixture.workspace, 2, linearWeights(1), fixture.workspace.key, wider);
        const outcome = await fixture.service.rotate({ trigger: 'api' });
        expect(!outcome.ok && outcome.rotation?.code).toBe(CertificateCode.interfaceIncompatible);
        expect(!outcome.ok && outcome.message).toContain('output y shape 10 → 12');
    });

    it('rejects a candidate that disagrees on the canary (PHG5010) and disposes it', async () => {
        fixture = await startServiceFixture();
        addSignedVersion(fixture.workspace, 2, linearWeights(99));
        const outcome = await fixture.service.rotate({ trigger: 'api' });
        expect(!outcome.ok && outcome.rotation?.code).toBe(CertificateCode.canaryFailed);
        expect(!outcome.ok && outcome.rotation?.stages.map((entry) => entry.stage)).toEqual(['received', 'verifying', 'loading', 'warming', 'rejected']);
        expect(!outcome.ok && (outcome.rotation?.canary?.disagreementRate ?? 0)).toBeGreaterThan(0.5);
        expect(fixture.loader.loaded.find((model) => model.version === 2)?.disposed).toBe(true);
        expect(fixture.service.activeVersion).toBe(1);
    });

    it('refuses to rotate back to an older version (PHG5006)', async () => {
        fixture = await startServiceFixture();
        addSignedVersion(fixture.workspace, 2, linearWeights(1, 0.001));
        expect((await fixture.service.rotate({ trigger: 'api' })).ok).toBe(true);
        const back = await fixture.service.rotate({ version: 1, trigger: 'api' });
        expect(!back.ok && back.rotation?.code).toBe(CertificateCode.versionNotIncreasing);
        expect(fixture.service.activeVersion).toBe(2);
    });

    it('rolls back a candidate that fails after the switch; callers never see its failures', async () => {
        fixture = await startServiceFixture({ faults: new Map([[2, { failAfter: 64 + 10 }]]) });
        addSignedVersion(fixture.workspace, 2, linearWeights(1, 0.001));
        expect((await fixture.service.rotate({ trigger: 'api' })).ok).toBe(true);
        const answers = [];
        for (let index = 0; index < 60; index++) answers.push(await fixture.service.predict(batchOf(index)));
        expect(answers.every((answer) => answer.ok)).toBe(true);
        expect(answers.slice(0, 10).every((answer) => answer.version === 2)).toBe(true);
        expect(fixture.service.activeVersion).toBe(1);
        const rotation = fixture.service.status().rotations.at(-1);
        expect(rotation?.outcome).toBe('rolled-back');
        expect(rotation?.code).toBe(CertificateCode.canaryFailed);
        expect(rotation?.reason).toContain('failed 10 of 20 requests after the switch');
        expect(fixture.state.load()).toMatchObject({ activeVersion: 1, rolledBack: [2] });
        expect(fixture.service.isRolledBack(2)).toBe(true);
    });

    it('rolls back a candidate whose live answers disagree with the old version', async () => {
        fixture = await startServiceFixture({ policy: { maxDisagreement: 0.02, canarySize: 0 } });
        addSignedVersion(fixture.workspace, 2, linearWeights(5));
        expect((await fixture.service.rotate({ trigger: 'api' })).ok).toBe(true);
        for (let index = 0; index < 40; index++) {
            await fixture.service.predict(batchOf(index));
            await new Promise((resolve) => setImmediate(resolve));
        }
        expect(fixture.service.activeVersion).toBe(1);
        expect(fixture.service.status().rotations.at(-1)?.reason).toMatch(/disagreed with version 1 on \d+ of \d+ live requests/);
    });

    it('lets requests in flight finish on the old version while new ones go to the new one', async () => {
        fixture = await startServiceFixture({ faults: new Map([[1, { delayMs: 150 }]]), policy: { canarySize: 2, graceMs: 50 } });
        addSignedVersion(fixture.workspace, 2, linearWeights(1, 0.001));
        const inFlight = [1, 2, 3].map((index) => fixture!.service.predict(batchOf(index)));
        const rotation = await fixture.service.rotate({ trigger: 'api' });
        expect(rotation.ok).toBe(true);
        const after = await fixture.service.predict(batchOf(4));
        const before = await Promise.all(inFlight);
        expect(before.map((answer) => answer.ok && answer.version)).toEqual([1, 1, 1]);
        expect(after.ok && after.version).toBe(2);
        await new Promise((resolve) => setTimeout(resolve, 120));
        expect(fixture.loader.loaded.find((model) => model.version === 1)?.disposed).toBe(true);
    });

    it('answers one rotation at a time (409 for a second)', async () => {
        fixture = await startServiceFixture();
        addSignedVersion(fixture.workspace, 2, linearWeights(1, 0.001));
        const first = fixture.service.rotate({ trigger: 'api' });
        const second = await fixture.service.rotate({ trigger: 'api' });
        expect(!second.ok && second.status).toBe(409);
        expect((await first).ok).toBe(true);
    });

    it('restarts on the last active version from its saved state', async () => {
        fixture = await startServiceFixture();
        addSignedVersion(fixture.workspace, 2, linearWeights(1, 0.001));
        addSignedVersion(fixture.workspace, 3, linearWeights(1, 0.001, 3));
        expect((await fixture.service.rotate({ version: 2, trigger: 'api' })).ok).toBe(true);
        fixture.service.close();
        const restarted = await ModelService.start(fixture.options);
        if (!restarted.ok) throw new Error(restarted.message);
        expect(restarted.service.activeVersion).toBe(2);
        restarted.service.close();
    });
});
