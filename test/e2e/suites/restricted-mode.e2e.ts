// A workspace the user has not trusted (Restricted Mode): the language features work, training
// is refused with a message that says why and how to enable it, and nothing runs.
import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import * as vscode from 'vscode';
import { untrustedMessage } from '../../../client/commands/workspace-trust.js';
import type { TrainingRunState } from '../../../client/training/run-state.js';
import { activatedExtension } from '../harness/extension.js';
import type { SpecGroup } from '../harness/spec.js';
import { waitFor } from '../harness/wait.js';
import { hasWorkbenchBridge, workbenchText } from '../harness/workbench-bridge.js';
import { openInEditor, waitForDiagnostics, workspaceFile } from '../harness/workspace.js';

export const restrictedModeSpecs: SpecGroup = {
    name: 'Restricted Mode',
    specs: [
        {
            name: 'diagnostics still appear in an untrusted workspace',
            body: async () => {
                assert.equal(vscode.workspace.isTrusted, false, 'the runner opened the workspace untrusted');
                const editor = await openInEditor('examples/broken/adding-velocity-to-time.phg');
                const diagnostics = await waitForDiagnostics(editor.document.uri, 2);
                assert.deepEqual(diagnostics.map((d) => d.code), ['PHG1001', 'PHG1006']);
            }
        },
        {
            name: 'inlay hints still work in an untrusted workspace',
            body: async () => {
                const editor = await openInEditor('examples/drag.phg');
                const whole = new vscode.Range(0, 0, editor.document.lineCount, 0);
                const hints = await waitFor('inlay hints on drag.phg', async () => {
                    const found = await vscode.commands.executeCommand<vscode.InlayHint[]>('vscode.executeInlayHintProvider', editor.document.uri, whole);
                    return found.length > 0 ? found : undefined;
                });
                const labels = hints.map((h) => (typeof h.label === 'string' ? h.label : h.label.map((part) => part.value).join('')));
                // drag.phg's friction b has no unit written; the hint shows the inferred one.
                assert.ok(labels.includes('<kg/s>'), JSON.stringify(labels));
            }
        },
        {
            name: 'PHG: Train Model is refused with a clear message and starts nothing',
            body: async () => {
                const api = await activatedExtension();
                await openInEditor('examples/digits.phg');
                const run = await vscode.commands.executeCommand<TrainingRunState | undefined>('phg.trainModel');
                assert.equal(run, undefined);
                assert.equal(api.trainingRun(), undefined);
                assert.equal(existsSync(workspaceFile('.phg/runs').fsPath), false, 'no run folder was created');
                if (hasWorkbenchBridge()) {
                    const expected = untrustedMessage('Training');
                    const toasts = await waitFor('the Restricted Mode notification', async () => {
                        const texts = await workbenchText('.notification-toast');
                        return texts.some((t) => t.includes(expected)) ? texts : undefined;
                    });
                    assert.ok(toasts.some((t) => t.includes('Manage Workspace Trust')), JSON.stringify(toasts));
                }
            }
        }
    ]
};
