// Kill the serve process (SIGKILL, no chance to clean up) in the middle of a rotation — while
// loading, while switching — and after a finished switch. On restart it must serve the last
// version that was active, and the version store must still verify.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { serveStateFile } from '../../../engine/serve/serve-state.js';
import { serializeTrustStore } from '../../../engine/signing/trust-store.js';
import { reportPassed } from '../../../engine/verify/verification-report.js';
import { verifyVersion } from '../../../engine/verify/verify-version.js';
import { addSignedVersion, createSignedWorkspace, type SignedWorkspace } from '../../unit/cert/signed-store.js';
import { inputRow, linearWeights } from './helpers/linear-test-model.js';
import { bundleServeEntry, startServeProcess, type ServeProcess } from './helpers/serve-process.js';

function workspaceWithTwoVersions(): SignedWorkspace {
    const workspace = createSignedWorkspace(1, 0, () => linearWeights(1));
    addSignedVersion(workspace, 2, linearWeights(1, 0.001));
    writeFileSync(join(workspace.root, 'phg.trust.json'), serializeTrustStore(workspace.trust));
    return workspace;
}

function settingsOf(workspace: SignedWorkspace): { root: string; versionsDirectory: string; trustFile: string } {
    return { root: workspace.root, versionsDirectory: workspace.versionsDirectory, trustFile: join(workspace.root, 'phg.trust.json') };
}

async function predictVersion(server: ServeProcess): Promise<number> {
    const response = await fetch(`${server.url}/v1/models/Mlp:predict`, { method: 'POST', body: JSON.stringify({ instances: [inputRow(1)] }) });
    expect(response.status).toBe(200);
    return ((await response.json()) as { model_version: number }).model_version;
}

async function waitForStage(server: ServeProcess, stage: string): Promise<void> {
    for (let attempt = 0; attempt < 200; attempt++) {
        const status = await (await fetch(`${server.url}/v1/models/Mlp`)).json() as { stage: string };
        if (status.stage === stage) return;
        await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error(`the rotation never reached ${stage}`);
}

function startRotation(server: ServeProcess): void {
    // The process is killed before it answers; the failed fetch is expected.
    fetch(`${server.url}/v1/models/Mlp:rotate`, { method: 'POST', headers: { authorization: 'Bearer crash-test-token' }, body: '{}' }).catch(() => undefined);
}

function expectStoreIntact(workspace: SignedWorkspace): void {
    for (const version of [1, 2]) {
        expect(reportPassed(verifyVersion({ versionsDirectory: workspace.versionsDirectory, version, trust: workspace.trust }).report), `version ${version}`).toBe(true);
    }
    const leftovers = readdirSync(join(workspace.root, '.phg', 'serve')).filter((file) => file.endsWith('.tmp'));
    expect(leftovers).toEqual([]);
}

describe('crash safety of the inference service', () => {
    beforeAll(async () => {
        await bundleServeEntry();
    });

    for (const stage of ['loading', 'switching']) {
        it(`serves the last active version after being killed while ${stage}`, async () => {
            const workspace = workspaceWithTwoVersions();
            const first = await startServeProcess({ ...settingsOf(workspace), version: 1 }, { PHG_TEST_HOLD_STAGE: `${stage}:30000` });
            expect(await predictVersion(first)).toBe(1);
            startRotation(first);
            await waitForStage(first, stage);
            await first.kill();

            const state = JSON.parse(readFileSync(serveStateFile(workspace.root, 'Mlp'), 'utf8')) as { activeVersion: number };
            expect(state.activeVersion).toBe(1);
            expectStoreIntact(workspace);

            const restarted = await startServeProcess(settingsOf(workspace));
            expect(restarted.activeVersion).toBe(1);
            expect(await predictVersion(restarted)).toBe(1);
            await restarted.kill();
        });
    }

    it('serves the new version after being killed once the switch has completed', async () => {
        const workspace = workspaceWithTwoVersions();
        const first = await startServeProcess({ ...settingsOf(workspace), version: 1 });
        const rotated = await fetch(`${first.url}/v1/models/Mlp:rotate`, { method: 'POST', headers: { authorization: 'Bearer crash-test-token' }, body: '{}' });
        expect(rotated.status).toBe(200);
        expect(await predictVersion(first)).toBe(2);
        await first.kill();
        const restarted = await startServeProcess(settingsOf(workspace));
        expect(restarted.activeVersion).toBe(2);
        expect(await predictVersion(restarted)).toBe(2);
        await restarted.kill();
        expectStoreIntact(workspace);
    });
});
