// Three rotations of a `phg serve` process under steady load from another process (autocannon on
// loopback, paced at a steady rate): a good candidate, one that fails its canary, one with a bad signature. No request
// may fail or go missing; the bad candidates are rejected with their codes; the good one becomes
// active. Latency is printed, not asserted: timing belongs to `npm run bench:rotation`.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { latencyIn, startLoad, type TimeWindow } from '../../../scripts/bench/load-windows.js';
import { bundleCli, corruptRecordSignature, createDigitsWorkspace, digitsRows, saveSeededVersion, startServe, type DigitsWorkspace, type ServeChild } from './helpers/cli-workspace.js';

const root = join(__dirname, '../../..');
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('rotations under load', () => {
    let workspace: DigitsWorkspace;
    let server: ServeChild;

    beforeAll(async () => {
        await bundleCli();
        workspace = await createDigitsWorkspace();
        await saveSeededVersion(workspace, 1);
        server = await startServe(workspace, ['--token', 'load-token', '--grace', '2']);
        expect(await saveSeededVersion(workspace, 1)).toBe(2);
        expect(await saveSeededVersion(workspace, 99)).toBe(3);
        expect(await saveSeededVersion(workspace, 1)).toBe(4);
        corruptRecordSignature(workspace, 4);
    }, 120_000);
    afterAll(async () => {
        await server?.kill();
    });

    it('loses no request while a good, a canary-failing and a badly signed candidate arrive', async () => {
        const rate = 200;
        const seconds = 8;
        const { rows } = digitsRows(64);
        const load = startLoad(root, {
            url: `${server.url}/v1/models/Mlp:predict`,
            bodies: rows.map((row) => JSON.stringify({ instances: [row] })),
            rate, amount: rate * seconds, connections: 16, engine: 'paced'
        });
        const startedAt = await load.started;
        await sleep(2_500);
        const rotations: { window: TimeWindow; status: number; body: { rotation?: { outcome: string; code?: string } } }[] = [];
        for (const version of [2, 3, 4]) {
            const from = Date.now();
            const response = await fetch(`${server.url}/v1/models/Mlp:rotate`, { method: 'POST', headers: { authorization: 'Bearer load-token' }, body: JSON.stringify({ version }) });
            rotations.push({ window: { from, to: Date.now() }, status: response.status, body: await response.json() as { rotation?: { outcome: string; code?: string } } });
            await sleep(1_200);
        }
        const result = await load.done;

        expect(result.errors).toEqual([]);
        expect(result.summary).toMatchObject({ expected: rate * seconds, responses: rate * seconds, non2xx: 0, errors: 0, timeouts: 0 });
        expect(result.records.every(([, , status]) => status === 200)).toBe(true);
        expect(rotations.map((rotation) => [rotation.status, rotation.body.rotation?.outcome, rotation.body.rotation?.code ?? null])).toEqual([
            [200, 'active', null],
            [422, 'rejected', 'PHG5010'],
            [422, 'rejected', 'PHG5002']
        ]);
        const status = await (await fetch(`${server.url}/v1/models/Mlp`)).json() as { activeVersion: number };
        expect(status.activeVersion).toBe(2);

        const steady = latencyIn(result.records, [{ from: startedAt + 500, to: rotations[0]?.window.from ?? 0 }]);
        const during = latencyIn(result.records, rotations.map((rotation) => rotation.window));
        console.log(`load: ${result.records.length} responses at ${rate}/s; steady p50 ${steady.p50} ms p99 ${steady.p99} ms (n=${steady.count}); during rotations p50 ${during.p50} ms p99 ${during.p99} ms (n=${during.count})`);
        expect(steady.count).toBeGreaterThan(100);
    }, 120_000);
});
