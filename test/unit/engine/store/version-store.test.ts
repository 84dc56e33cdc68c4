// The version store: weights as raw patterns in a self-describing file, records chained by the
// SHA-256 of the parent's record bytes, versions published whole, the newest matching version found.
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { parseFormat } from '../../../../engine/numeric/index.js';
import { latestVersionOf, loadVersionWeights, saveVersion } from '../../../../engine/store/version-store.js';
import { decodeTensorFile, encodeTensorFile } from '../../../../engine/store/tensor-file.js';

const dirs: string[] = [];
const workspace = (): string => {
    const dir = mkdtempSync(join(tmpdir(), 'phg-store-'));
    dirs.push(dir);
    return dir;
};
afterEach(() => { for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true }); });

const posit16 = parseFormat('posit16')!;
const weights = (seed: number): { name: string; format: typeof posit16; shape: number[]; data: Uint16Array }[] => [
    { name: 'W', format: posit16, shape: [2, 3], data: Uint16Array.from([1, 2, 3, 4, 5, seed]) },
    { name: 'b', format: posit16, shape: [3], data: Uint16Array.from([7, 8, 9]) }
];

describe('tensor file', () => {
    it('round-trips names, formats, shapes, patterns and metadata', () => {
        const bytes = encodeTensorFile(weights(6), { note: 'x' });
        const decoded = decodeTensorFile<{ note: string }>(bytes, 'w.bin');
        expect(decoded.ok).toBe(true);
        if (!decoded.ok) return;
        expect(decoded.value.meta).toEqual({ note: 'x' });
        expect([...decoded.value.tensors.get('W')!.data]).toEqual([1, 2, 3, 4, 5, 6]);
        expect(decoded.value.tensors.get('b')!.shape).toEqual([3]);
        expect(decoded.value.tensors.get('b')!.format.name).toBe('posit<16>');
    });

    it('refuses a truncated file with an error value', () => {
        const bytes = encodeTensorFile(weights(6), {});
        const decoded = decodeTensorFile(bytes.subarray(0, bytes.length - 4), 'w.bin');
        expect(decoded.ok).toBe(false);
        if (!decoded.ok) expect(decoded.error.message).toContain('tensor b is truncated');
    });
});

describe('version store', () => {
    it('numbers versions, chains each record to its parent record bytes, and finds the newest match', () => {
        const dir = workspace();
        const first = saveVersion(dir, { model: 'Mlp', structureHash: `sha256:${'a'.repeat(64)}`, weights: weights(6), training: {}, metrics: { accuracy: 0.5 } });
        const second = saveVersion(dir, { model: 'Mlp', structureHash: `sha256:${'a'.repeat(64)}`, weights: weights(60), training: {}, metrics: {} });
        saveVersion(dir, { model: 'Mlp', structureHash: `sha256:${'b'.repeat(64)}`, weights: weights(61), training: {}, metrics: {} });
        expect([first.version, second.version]).toEqual([1, 2]);
        const parentBytes = readFileSync(join(first.directory, 'record.json'));
        const record = JSON.parse(readFileSync(join(second.directory, 'record.json'), 'utf8')) as { parent: { version: number; sha256: string }; weights: { sha256: string } };
        expect(record.parent).toEqual({ version: 1, sha256: createHash('sha256').update(parentBytes).digest('hex') });
        expect(`sha256:${record.weights.sha256}`).toBe(second.weightsDigest);
        expect(latestVersionOf(dir, 'Mlp', `sha256:${'a'.repeat(64)}`)?.version).toBe(2);
        expect(latestVersionOf(dir, 'Other', `sha256:${'a'.repeat(64)}`)).toBeUndefined();
        const loaded = loadVersionWeights(second.directory);
        expect(loaded.ok && [...loaded.value.tensors.get('W')!.data]).toEqual([1, 2, 3, 4, 5, 60]);
        // No staging folders are left behind.
        expect(readdirSync(join(dir, '.phg/versions')).sort()).toEqual(['1', '2', '3']);
    });

    it('refuses weights that do not match their record', () => {
        const dir = workspace();
        const saved = saveVersion(dir, { model: 'Mlp', structureHash: `sha256:${'a'.repeat(64)}`, weights: weights(6), training: {}, metrics: {} });
        const file = join(saved.directory, 'weights.bin');
        const bytes = readFileSync(file);
        bytes[bytes.length - 1] ^= 1;
        rmSync(file);
        writeFileSync(file, bytes);
        const loaded = loadVersionWeights(saved.directory);
        expect(loaded.ok).toBe(false);
        if (!loaded.ok) expect(loaded.error.code).toBe('PHG7302');
    });
});
