// A workspace's store numbers the versions of all its models together: `phg serve` starts on,
// rotates to and watches for versions of the model it serves only, never another model's newer one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveVersion } from '../../../engine/store/version-store.js';
import { parseFormat } from '../../../engine/numeric/index.js';
import { signVersions } from '../../../cli/cert/version-signing.js';
import { bundleCli, createDigitsWorkspace, phg, saveSeededVersion, startServe, type DigitsWorkspace, type ServeChild } from './helpers/cli-workspace.js';

/** Saves and signs a version of another model (its own structure) into the same store. */
function saveOtherModelVersion(workspace: DigitsWorkspace): number {
    const format = parseFormat('posit16')!;
    const saved = saveVersion(workspace.root, {
        model: 'Spring', structureHash: `sha256:${'ab'.repeat(32)}`,
        weights: [{ name: 'k', format, shape: [1], data: new Uint16Array([0x4000]) }],
        training: { seed: 1, epochs: 0, accumulate: 'quire' }, metrics: {}
    });
    const signed = signVersions(workspace.root, workspace.key, [saved.version]);
    if (signed.some((result) => result.outcome !== 'signed')) throw new Error(JSON.stringify(signed));
    return saved.version;
}

describe('phg serve in a store shared by several models', () => {
    let workspace: DigitsWorkspace;
    let server: ServeChild | undefined;

    beforeAll(async () => {
        await bundleCli();
        workspace = await createDigitsWorkspace();
        expect(await saveSeededVersion(workspace, 1)).toBe(1);
        expect(saveOtherModelVersion(workspace)).toBe(2);
    }, 120_000);
    afterAll(async () => {
        await server?.kill();
    });

    it('starts on the newest version of its own model, not the store\'s newest', async () => {
        server = await startServe(workspace);
        expect([server.name, server.activeVersion]).toEqual(['Mlp', 1]);
        const status = await (await fetch(`${server.url}/v1/models/Mlp`)).json() as { availableVersions: number[] };
        expect(status.availableVersions).toEqual([1]);
    });

    it('rotates without --to to its own newest version, passing over another model\'s newer one', async () => {
        expect(await saveSeededVersion(workspace, 1)).toBe(3);
        expect(saveOtherModelVersion(workspace)).toBe(4);
        const rotated = await phg(workspace, ['rotate']);
        expect(rotated.code, rotated.stderr).toBe(0);
        expect(rotated.stdout).toContain('version 3 is active');
        const again = await phg(workspace, ['rotate']);
        expect(again.code).toBe(1);
        expect(again.stdout + again.stderr).toContain('no version newer than the active version 3');
    });
});
