// A run that cannot start (its data file is missing): the user sees the CLI's error code and
// message in a notification with Show Log, in the panel and in the status bar.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TrainingRunState } from '../../../client/training/run-state.js';
import { activatedExtension } from '../harness/extension.js';
import { clearNotifications } from '../harness/layout.js';
import type { SpecGroup } from '../harness/spec.js';
import { waitFor } from '../harness/wait.js';
import { frameText, hasWorkbenchBridge, workbenchText } from '../harness/workbench-bridge.js';
import { openInEditor } from '../harness/workspace.js';

export const trainingFailureSpecs: SpecGroup = {
    name: 'a training run that fails',
    specs: [{
        name: 'a missing data file ends the run with PHG7001 in a notification, the panel and the status bar',
        body: async () => {
            const api = await activatedExtension();
            await clearNotifications();
            await openInEditor('fixtures/missing-data.phg');
            const run = await vscode.commands.executeCommand<TrainingRunState | undefined>('phg.trainModel');
            assert.equal(run?.phase, 'failed');
            assert.equal(run?.failure?.code, 'PHG7001');
            assert.match(run?.failure?.message ?? '', /data file .*does-not-exist\.csv of 'train_set' does not exist/);
            assert.match(api.trainingStatusText(), /failed/);
            const rendered = await waitFor('the panel to show the failure', () => {
                const view = api.trainingPanelRendered();
                return view?.phase === 'failed' ? view : undefined;
            });
            assert.ok(rendered.finalMetrics.startsWith('PHG7001 data file'), rendered.finalMetrics);
            if (hasWorkbenchBridge()) {
                const toasts = await waitFor('the error notification', async () => {
                    const texts = await workbenchText('.notification-toast');
                    return texts.some((t) => t.includes('PHG7001')) ? texts : undefined;
                });
                assert.ok(toasts.some((t) => t.includes('Training fixtures/missing-data.phg failed') && t.includes('Show Log')), JSON.stringify(toasts));
                const shown = await frameText('#final-metrics');
                assert.ok(shown.some((t) => t.startsWith('PHG7001')), JSON.stringify(shown));
            }
        }
    }]
};
