// The training panel as a user keeps it open: it comes back intact after being hidden behind
// another tab (the webview is rebuilt from its saved state), and it follows the colour theme.
// Runs after the first training spec, on the run it finished.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { RenderedTrainingView } from '../../../client/panels/training-messages.js';
import { activatedExtension } from '../harness/extension.js';
import { clearNotifications, maximizeEditorGroup, restoreEditorGroups, useColorTheme } from '../harness/layout.js';
import type { SpecGroup } from '../harness/spec.js';
import { frameText, hasWorkbenchBridge, screenshot } from '../harness/workbench-bridge.js';
import { waitFor } from '../harness/wait.js';
import { workspaceFile } from '../harness/workspace.js';
import { TRAINED_MODEL_FILE } from './training.e2e.js';

function nextRender(api: Awaited<ReturnType<typeof activatedExtension>>): Promise<RenderedTrainingView> {
    return new Promise((resolve) => {
        const subscription = api.onDidRenderTrainingPanel((view) => { subscription.dispose(); resolve(view); });
    });
}

export const trainingPanelSpecs: SpecGroup = {
    name: 'training panel',
    specs: [
        {
            name: 'is screenshotted in the dark and light themes, beside the model and maximised',
            body: async () => {
                if (!hasWorkbenchBridge()) return;
                await useColorTheme('Default Dark Modern');
                assert.equal(vscode.window.activeColorTheme.kind, vscode.ColorThemeKind.Dark);
                await clearNotifications();
                await vscode.commands.executeCommand('phg.showTrainingPanel');
                await screenshot('training-panel-beside-model');
                await maximizeEditorGroup();
                await screenshot('training-panel-dark');
                await useColorTheme('Default Light Modern');
                assert.equal(vscode.window.activeColorTheme.kind, vscode.ColorThemeKind.Light);
                await screenshot('training-panel-light');
                await restoreEditorGroups();
                await useColorTheme('Default Dark Modern');
            }
        },
        {
            name: 'comes back with the same run after being hidden behind another tab',
            body: async () => {
                const api = await activatedExtension();
                const run = api.trainingRun();
                assert.ok(run?.settings, 'a run is on the panel (the training specs ran first)');
                await vscode.commands.executeCommand('phg.showTrainingPanel');
                const before = await waitFor('the panel to show the whole last run', () => {
                    const view = api.trainingPanelRendered();
                    return view?.runId === run.settings?.runId && view?.phase === run.phase && view?.epochRows === run.epochs.length ? view : undefined;
                });
                await waitFor('the panel to be visible', () => (api.isTrainingPanelVisible() ? true : undefined));
                // Open a file in the panel's editor group: the panel's tab goes to the background.
                const document = await vscode.workspace.openTextDocument(workspaceFile(TRAINED_MODEL_FILE));
                await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Two, preview: false });
                await waitFor('the panel to be hidden', () => (api.isTrainingPanelVisible() ? undefined : true));
                const rendered = nextRender(api);
                await vscode.commands.executeCommand('phg.showTrainingPanel');
                const after = await rendered;
                assert.deepEqual(after, before);
                if (hasWorkbenchBridge()) {
                    const shown = await frameText('#final-metrics');
                    assert.ok(shown.some((t) => t === before.finalMetrics), JSON.stringify(shown));
                }
            }
        }
    ]
};
