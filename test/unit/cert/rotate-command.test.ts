// `phg rotate` names what it needs when it cannot find a service: a file given where a service
// name belongs is called out, and the running services are listed.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../cli/run-cli.js';
import { bufferIO } from './cli-io.js';

function workspaceServing(names: readonly string[]): string {
    const root = mkdtempSync(join(tmpdir(), 'phg-rotate-'));
    writeFileSync(join(root, 'phg.trust.json'), '{"keys": []}');
    mkdirSync(join(root, '.phg', 'serve'), { recursive: true });
    for (const name of names) writeFileSync(join(root, '.phg', 'serve', `${name}.json`), '{}');
    return root;
}

describe('phg rotate without a reachable service', () => {
    it('says it takes a service name, not a file, and lists the running services', async () => {
        const io = bufferIO(workspaceServing(['digits', 'pose']));
        expect(await runCli(['rotate', 'digits.phg'], io)).toBe(2);
        expect(io.err.join('')).toBe("phg rotate: no URL for service 'digits.phg' — phg rotate takes the service NAME (the deploy block's name, or the model's), not a file; running services: digits, pose\n");
    });

    it('lists the running services when the name is unknown', async () => {
        const io = bufferIO(workspaceServing(['digits']));
        expect(await runCli(['rotate', 'other'], io)).toBe(2);
        expect(io.err.join('')).toBe("phg rotate: no URL for service 'other' (is phg serve running? running services: digits)\n");
    });
});
