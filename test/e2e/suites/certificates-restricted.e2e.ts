// Certificates and serving in a workspace the user has not trusted: signing and serving are
// refused with a message that says why (and start nothing), the Rotation panel stays empty;
// reading a certificate (Verify Certificate) is not refused.
import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import * as vscode from 'vscode';
import { untrustedMessage } from '../../../client/commands/workspace-trust.js';
import { activatedExtension } from '../harness/extension.js';
import { clearNotifications } from '../harness/layout.js';
import type { SpecGroup } from '../harness/spec.js';
import { waitFor } from '../harness/wait.js';
import { hasWorkbenchBridge, workbenchText } from '../harness/workbench-bridge.js';
import { openInEditor, workspaceFile } from '../harness/workspace.js';

async function expectRefusal(command: string, action: string): Promise<void> {
    await clearNotifications();
    const result = await vscode.commands.executeCommand<unknown>(command);
    assert.equal(result, undefined, `${command} returns nothing`);
    if (hasWorkbenchBridge()) {
        const expected = untrustedMessage(action);
        await waitFor(`the Restricted Mode notification of ${command}`, async () => {
            const texts = await workbenchText('.notification-toast');
            return texts.some((text) => text.includes(expected)) ? true : undefined;
        });
    }
}

export const certificatesRestrictedSpecs: SpecGroup = {
    name: 'certificates and serving in Restricted Mode',
    specs: [
        {
            name: 'Serve Model, Rotate to Latest Version, Certify Model and Generate Signing Key are refused with a clear message and start nothing',
            body: async () => {
                assert.equal(vscode.workspace.isTrusted, false);
                const api = await activatedExtension();
                await openInEditor('examples/digits.phg');
                await expectRefusal('phg.serveModel', 'Serving');
                await expectRefusal('phg.rotateToLatestVersion', 'Rotating a service');
                await expectRefusal('phg.certifyModel', 'Certifying (signing)');
                await expectRefusal('phg.generateSigningKey', 'Signing');
                assert.equal(api.service(), undefined, 'no service was started');
                assert.equal(existsSync(workspaceFile('examples/Mlp.phgcert').fsPath), false, 'no certificate was written');
                assert.equal(existsSync(workspaceFile('phg.trust.json').fsPath), false, 'no trust store was written');
            }
        },
        {
            name: 'Verify Certificate still runs: it says the model has no certificate yet',
            body: async () => {
                await clearNotifications();
                const editor = await openInEditor('examples/digits.phg');
                const reports = await vscode.commands.executeCommand<unknown>('phg.verifyCertificate', editor.document.uri);
                assert.equal(reports, undefined);
                if (hasWorkbenchBridge()) {
                    await waitFor('the no-certificate notification', async () => {
                        const texts = await workbenchText('.notification-toast');
                        return texts.some((text) => text.includes('Mlp has no certificate yet.')) ? true : undefined;
                    });
                }
            }
        }
    ]
};
