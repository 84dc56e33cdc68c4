// `phg serve --watch`: a version appears in the store unsigned (training without a key) and is
// left alone; once signed, the service rotates to it by itself.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { structureHash } from '../../../engine/ir/canonical.js';
import { saveVersion } from '../../../engine/store/version-store.js';
import { loadSourceModel } from '../../../cli/cert/source-model.js';
import { bundleCli, createDigitsWorkspace, phg, saveSeededVersion, startServe, type DigitsWorkspace, type ServeChild } from './helpers/cli-workspace.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeTensorFile } from '../../../engine/store/tensor-file.js';
import type { NamedPatterns } from '../../../engine/store/tensor-file.js';

async function activeVersion(server: ServeChild): Promise<number> {
    return ((await (await fetch(`${server.url}/v1/models/Mlp`)).json()) as { activeVersion: number }).activeVersion;
}

async function waitFor(condition: () => Promise<boolean>, ms: number): Promise<boolean> {
    const deadline = Date.now() + ms;
    while (Date.now() < deadline) {
        if (await condition()) return true;
        await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return false;
}

describe('phg serve --watch', () => {
    let workspace: DigitsWorkspace;
    let server: ServeChild;

    beforeAll(async () => {
        await bundleCli();
        workspace = await createDigitsWorkspace();
        await saveSeededVersion(workspace, 1);
        server = await startServe(workspace, ['--watch']);
    }, 120_000);
    afterAll(async () => {
        await server?.kill();
    });

    it('ignores an unsigned version and rotates to it once it is signed', async () => {
        const loaded = await loadSourceModel(workspace.source);
        if (!loaded.ok) throw new Error(loaded.message);
        const weights = decodeTensorFile(readFileSync(join(workspace.root, '.phg', 'versions', '1', 'weights.bin')), 'weights.bin');
        if (!weights.ok) throw new Error(weights.error.message);
        const tensors: NamedPatterns[] = [...weights.value.tensors].map(([name, tensor]) => ({ name, format: tensor.format, shape: tensor.shape, data: tensor.data }));
        const saved = saveVersion(workspace.root, { model: 'Mlp', structureHash: structureHash(loaded.source.graph), weights: tensors, training: { seed: 1 }, metrics: {} });
        expect(saved.version).toBe(2);
        expect(await waitFor(async () => (await activeVersion(server)) !== 1, 2_500)).toBe(false);

        const signed = await phg(workspace, ['sign-version']);
        expect(signed.code).toBe(0);
        expect(await waitFor(async () => (await activeVersion(server)) === 2, 10_000)).toBe(true);
        const rotation = server.events.filter((event) => event.type === 'rotation').at(-1) as { rotation: { trigger: string; outcome: string } } | undefined;
        expect(rotation?.rotation).toMatchObject({ trigger: 'watch', outcome: 'active' });
    }, 60_000);
});
