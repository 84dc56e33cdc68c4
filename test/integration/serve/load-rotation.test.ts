// Three rotations under steady load from a separate process (autocannon on loopback): one good
// candidate, one that fails its canary, one with a bad signature. No request may fail or go
// missing; the bad candidates are rejected with their codes; the good one becomes active.
// Latency is reported (console) but not asserted: timing belongs to the bench, not to CI.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInferenceServer, type InferenceServer } from '../../../engine/serve/http-server.js';
import type { RotateOutcome } from '../../../engine/serve/model-service.js';
import { ServiceMetrics } from '../../../engine/serve/service-metrics.js';
import { CertificateCode } from '../../../engine/verify/certificate-codes.js';
import { latencyIn, startLoad, type TimeWindow } from '../../../scripts/bench/load-windows.js';
import { addSignedVersion } from '../../unit/cert/signed-store.js';
import { inputRow, linearWeights } from './helpers/linear-test-model.js';
import { startServiceFixture, type ServiceFixture } from './helpers/service-fixture.js';

const root = join(__dirname, '../../..');
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('rotations under load', () => {
    let fixture: ServiceFixture;
    let server: InferenceServer;

    beforeAll(async () => {
        fixture = await startServiceFixture({ policy: { graceMs: 2_000 } });
        const metrics = new ServiceMetrics();
        metrics.observe(fixture.service);
        server = await startInferenceServer({ services: [fixture.service], metrics, host: '127.0.0.1', port: 0, rotateToken: 't', maxBodyBytes: 1 << 20, maxInstances: 64 });
        addSignedVersion(fixture.workspace, 2, linearWeights(1, 0.001));
        addSignedVersion(fixture.workspace, 3, linearWeights(42));
        addSignedVersion(fixture.workspace, 4, linearWeights(1, 0.001, 4));
        const record = join(fixture.workspace.versionsDirectory, '4', 'record.json');
        const bytes = readFileSync(record);
        bytes[bytes.length - 20] = (bytes[bytes.length - 20] as number) ^ 0x01;
        writeFileSync(record, bytes);
    });
    afterAll(async () => {
        await server.close();
        fixture.service.close();
    });

    it('loses no request while a good, a canary-failing and a badly signed candidate arrive', async () => {
        const rate = 200;
        const seconds = 7;
        const load = startLoad(root, {
            url: `${server.url}/v1/models/Mlp:predict`,
            bodies: Array.from({ length: 64 }, (_, index) => JSON.stringify({ instances: [inputRow(index)] })),
            rate, amount: rate * seconds, connections: 10
        });
        const startedAt = await load.started;
        await sleep(2_000);
        const rotations: { window: TimeWindow; outcome: RotateOutcome }[] = [];
        for (const version of [2, 3, 4]) {
            const from = Date.now();
            const outcome = await fixture.service.rotate({ version, trigger: 'api' });
            rotations.push({ window: { from, to: Date.now() }, outcome });
            await sleep(1_200);
        }
        const result = await load.done;

        expect(result.errors).toEqual([]);
        expect(result.summary).toMatchObject({ expected: rate * seconds, responses: rate * seconds, non2xx: 0, errors: 0, timeouts: 0 });
        expect(result.records.every(([, , status]) => status === 200)).toBe(true);

        const [good, canaryFailing, badlySigned] = rotations.map((rotation) => rotation.outcome);
        expect(good?.ok && good.rotation.outcome).toBe('active');
        expect(!canaryFailing?.ok && canaryFailing?.rotation?.code).toBe(CertificateCode.canaryFailed);
        expect(!badlySigned?.ok && badlySigned?.rotation?.code).toBe(CertificateCode.signatureInvalid);
        expect(fixture.service.activeVersion).toBe(2);

        const steady = latencyIn(result.records, [{ from: startedAt + 500, to: rotations[0]?.window.from ?? 0 }]);
        const during = latencyIn(result.records, rotations.map((rotation) => rotation.window));
        console.log(`load: ${result.records.length} responses at ${rate}/s; steady p50 ${steady.p50} ms p99 ${steady.p99} ms (n=${steady.count}); during rotations p50 ${during.p50} ms p99 ${during.p99} ms (n=${during.count})`);
        expect(steady.count).toBeGreaterThan(100);
    }, 60_000);
});
