// Training signs with the key in VS Code's secret storage (the `certificates` session, after the
// serving specs: a key file exists too, so only the record's key id tells which key signed).
// Generate Signing Key puts a second key into secret storage and trusts it; with
// `phg.signing.keyStorage` = secretStorage, Train Model passes it to `phg train --key -` on stdin:
// the version record is signed by that key, verifies, and no private key lands in the workspace.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { VerificationReportAnswer } from '../../../client/certificates/cli-answers.js';
import type { GeneratedSigningKey } from '../../../client/commands/generate-signing-key.js';
import type { SpecGroup } from '../harness/spec.js';
import { workspaceFile } from '../harness/workspace.js';
import { filesUnder } from './certificates.e2e.js';
import { trainOneSignedVersion } from './serving.e2e.js';

export const secretKeySigningSpecs: SpecGroup = {
    name: 'signing with the key in VS Code’s secret storage',
    specs: [{
        name: 'with phg.signing.keyStorage = secretStorage, Train Model signs the new version with the secret key (phg train --key -), and it verifies',
        body: async () => {
            const config = vscode.workspace.getConfiguration('phg');
            const key = await vscode.commands.executeCommand<GeneratedSigningKey | undefined>('phg.generateSigningKey', { storage: 'secretStorage', trust: true });
            assert.ok(key, 'the command returns the key it made');
            assert.deepEqual([key.storage, key.trusted], ['secretStorage', true]);
            // keyStorage is an application setting: only the user settings hold it.
            await config.update('signing.keyStorage', 'secretStorage', vscode.ConfigurationTarget.Global);
            try {
                const run = await trainOneSignedVersion();
                assert.deepEqual(run.request.overrides, ['--epochs 1'], 'the key is not a training override');
                const version = workspaceFile(run.done?.version ?? '');
                const record = JSON.parse(readFileSync(join(version.fsPath, 'record.json'), 'utf8')) as { signatures: { keyid: string }[] };
                assert.deepEqual(record.signatures.map((signature) => signature.keyid), [key.fingerprint], 'signed by the key in secret storage, not the key file');
                const reports = await vscode.commands.executeCommand<readonly VerificationReportAnswer[] | undefined>('phg.verifyCertificate', vscode.Uri.joinPath(version, 'record.json'));
                const checks = Object.fromEntries(reports?.[0]?.checks.map((check) => [check.id, check.status]) ?? []);
                assert.deepEqual([checks.signer, checks.signature, checks.weights, checks.chain], ['passed', 'passed', 'passed', 'passed'], JSON.stringify(reports));
                const root = workspaceFile('').fsPath;
                assert.deepEqual(filesUnder(root).filter((file) => readFileSync(file).includes('PRIVATE KEY')), [], 'no private key in the workspace');
            } finally {
                await config.update('signing.keyStorage', undefined, vscode.ConfigurationTarget.Global);
            }
        }
    }]
};
