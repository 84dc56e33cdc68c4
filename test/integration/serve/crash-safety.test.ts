// Kill `phg serve` (SIGKILL: no chance to clean up) in the middle of a rotation — while loading,
// while switching — and after a finished switch. On restart it must serve the last version that
// was active, and the version store must still verify.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { serveStateFile } from '../../../engine/serve/serve-state.js';
import { bundleCli, createDigitsWorkspace, digitsRows, phg, saveSeededVersion, startServe, type DigitsWorkspace, type ServeChild } from './helpers/cli-workspace.js';

const token = ['--token', 'crash-test-token'];

async function workspaceWithTwoVersions(): Promise<DigitsWorkspace> {
    const workspace = await createDigitsWorkspace();
    await saveSeededVersion(workspace, 1);
    await saveSeededVersion(workspace, 1);
    return workspace;
}

async function predictVersion(server: ServeChild): Promise<number> {
    const response = await fetch(`${server.url}/v1/models/Mlp:predict`, { method: 'POST', body: JSON.stringify({ instances: digitsRows(1).rows }) });
    expect(response.status).toBe(200);
    return ((await response.json()) as { model_version: number }).model_version;
}

async function waitForStage(server: ServeChild, stage: string): Promise<void> {
    for (let attempt = 0; attempt < 400; attempt++) {
        const status = await (await fetch(`${server.url}/v1/models/Mlp`)).json() as { stage: string };
        if (status.stage === stage) return;
        await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error(`the rotation never reached ${stage}`);
}

function rotate(server: ServeChild): Promise<Response> {
    return fetch(`${server.url}/v1/models/Mlp:rotate`, { method: 'POST', headers: { authorization: 'Bearer crash-test-token' }, body: '{}' });
}

async function expectStoreIntact(workspace: DigitsWorkspace): Promise<void> {
    const verified = await phg(workspace, ['verify']);
    expect(verified.stdout.trim().split('\n').at(-1)).toBe('all 3 verified');
    expect(verified.code).toBe(0);
    const leftovers = readdirSync(join(workspace.root, '.phg', 'serve')).filter((file) => file.endsWith('.tmp'));
    expect(leftovers).toEqual([]);
}

describe('crash safety of phg serve', () => {
    beforeAll(async () => {
        await bundleCli();
    }, 120_000);

    for (const stage of ['loading', 'switching']) {
        it(`serves the last active version after being killed while ${stage}`, async () => {
            const workspace = await workspaceWithTwoVersions();
            const first = await startServe(workspace, [...token, '--version', '1'], { PHG_TEST_HOLD_STAGE: `${stage}:30000` });
            expect(await predictVersion(first)).toBe(1);
            rotate(first).catch(() => undefined); // the process dies before it answers
            await waitForStage(first, stage);
            await first.kill();

            const state = JSON.parse(readFileSync(serveStateFile(workspace.root, 'Mlp'), 'utf8')) as { activeVersion: number };
            expect(state.activeVersion).toBe(1);
            await expectStoreIntact(workspace);

            const restarted = await startServe(workspace, token);
            expect(restarted.activeVersion).toBe(1);
            expect(await predictVersion(restarted)).toBe(1);
            await restarted.kill();
        }, 60_000);
    }

    it('serves the new version after being killed once the switch has completed', async () => {
        const workspace = await workspaceWithTwoVersions();
        const first = await startServe(workspace, [...token, '--version', '1']);
        expect((await rotate(first)).status).toBe(200);
        expect(await predictVersion(first)).toBe(2);
        await first.kill();
        const restarted = await startServe(workspace, token);
        expect(restarted.activeVersion).toBe(2);
        expect(await predictVersion(restarted)).toBe(2);
        await restarted.kill();
        await expectStoreIntact(workspace);
    }, 60_000);
});
