// `phg certify` refuses a model with errors: it lists the checker's errors (file:line:col, code,
// message) and exits 1, whether or not the errors also stop the model from lowering.
import { copyFileSync, existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../cli/run-cli.js';
import { writeKeyPair } from '../../../engine/signing/key-files.js';
import { generateSigningKey } from '../../../engine/signing/keys.js';
import { bufferIO } from './cli-io.js';

const examples = join(import.meta.dirname, '../../../examples');

function workspaceWith(example: string): { readonly root: string; readonly keyFile: string } {
    const root = mkdtempSync(join(tmpdir(), 'phg-certify-'));
    copyFileSync(join(examples, example), join(root, 'model.phg'));
    const written = writeKeyPair(mkdtempSync(join(tmpdir(), 'phg-certify-keys-')), 'default', generateSigningKey());
    if (!written.ok) throw new Error(written.message);
    return { root, keyFile: written.key.privateKeyFile };
}

describe('phg certify on a model with errors', () => {
    it('lists a shape error that stops lowering by its location and code, exits 1 and writes nothing', async () => {
        const { root, keyFile } = workspaceWith('broken/shapes.phg');
        const io = bufferIO(root);
        expect(await runCli(['certify', 'model.phg', '--key', keyFile], io)).toBe(1);
        const message = io.err.join('');
        expect(message).toMatch(/^phg certify: M has 1 error \(phg check shows them in full\):\n {2}\S*model\.phg:7:24 PHG2002 cannot multiply \[32\] @ \[64, 10\]/);
        expect(message).not.toContain('%');
        expect(existsSync(join(root, 'M.phgcert'))).toBe(false);
    });

    it('lists dimension errors of a model that still lowers and exits 1', async () => {
        const { root, keyFile } = workspaceWith('broken/transcendental.phg');
        const io = bufferIO(root);
        expect(await runCli(['certify', 'model.phg', '--key', keyFile], io)).toBe(1);
        expect(io.err.join('')).toMatch(/is not certified: \d+ errors?\n {2}\S*model\.phg:\d+:\d+ PHG1/);
    });
});
