// The serve state file is the commit point of a switch or a rollback: written off the serving
// thread, atomically, and in the order the saves were asked for, so a restart reads the last one.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileServeStateStore, serveStateFile } from '../../../engine/serve/serve-state.js';

const state = (activeVersion: number, rolledBack: number[] = []): { activeVersion: number; rolledBack: number[]; updatedAt: string } => ({ activeVersion, rolledBack, updatedAt: `2026-01-01T00:00:0${activeVersion}.000Z` });

describe('the serve state file', () => {
    it('keeps the last of several saves started without waiting, and leaves no temporary file', async () => {
        const root = mkdtempSync(join(tmpdir(), 'phg-serve-state-'));
        const file = serveStateFile(root, 'Mlp');
        const store = fileServeStateStore(file);
        const saves = [store.save(state(2)), store.save(state(3, [2])), store.save(state(4, [2]))];
        expect(store.load()).toBeUndefined();
        await Promise.all(saves);
        expect(store.load()).toEqual(state(4, [2]));
        expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(state(4, [2]));
        expect(readdirSync(join(root, '.phg', 'serve'))).toEqual(['Mlp.state.json']);
    });

    it('rejects a save that cannot be written, and a later save of the same store still lands', async () => {
        const root = mkdtempSync(join(tmpdir(), 'phg-serve-state-'));
        // A file where the .phg directory should be: the state folder cannot be created.
        writeFileSync(join(root, '.phg'), 'not a folder');
        const store = fileServeStateStore(serveStateFile(root, 'Mlp'));
        const failed = store.save(state(2));
        const queued = failed.catch(() => rmSync(join(root, '.phg')));
        await expect(failed).rejects.toThrow();
        await queued;
        await store.save(state(3, [2]));
        expect(store.load()).toEqual(state(3, [2]));
    });
});
