// PHG: Train Model, as a user runs it: the command on an open model file, the panel filling with
// curves, memory and epochs, the status bar following along; and a run stopped midway whose
// checkpoint carries on when resumed.
import * as assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import * as vscode from 'vscode';
import type { TrainingRunState } from '../../../client/training/run-state.js';
import { formatAccuracy, formatLoss } from '../../../client/training/format.js';
import { activatedExtension } from '../harness/extension.js';
import { type SpecGroup, skipSpec } from '../harness/spec.js';
import { clearNotifications } from '../harness/layout.js';
import { clickButton, frameClick, frameText, hasWorkbenchBridge, screenshot, workbenchText } from '../harness/workbench-bridge.js';
import { waitFor } from '../harness/wait.js';
import { openInEditor, workspaceFile } from '../harness/workspace.js';

/** The model trained by these specs (a few epochs of the digits MLP). */
export const TRAINED_MODEL_FILE = 'examples/digits.phg';
const TRAINED_EPOCHS = 5;

async function setEpochs(epochs: number | undefined): Promise<void> {
    await vscode.workspace.getConfiguration('phg').update('training.epochs', epochs, vscode.ConfigurationTarget.Workspace);
}

/** The status bar entry of our item, as rendered in the workbench. */
const STATUS_BAR_SELECTOR = '.statusbar-item[id$="phg.training"]';

function runFolder(run: TrainingRunState): vscode.Uri {
    assert.ok(run.settings, 'the run reported its settings');
    return workspaceFile(`.phg/runs/${run.settings.runId}`);
}

export const trainingSpecs: SpecGroup = {
    name: 'PHG: Train Model',
    specs: [
        {
            name: 'trains five epochs; the panel shows the final metrics and the status bar the accuracy',
            body: async () => {
                const api = await activatedExtension();
                await setEpochs(TRAINED_EPOCHS);
                // A user starting a run has the model in front of them, not the broken examples.
                await vscode.commands.executeCommand('workbench.action.closeAllEditors');
                await openInEditor(TRAINED_MODEL_FILE);
                const run = await vscode.commands.executeCommand<TrainingRunState | undefined>('phg.trainModel');
                assert.ok(run, 'the command returns the finished run');
                assert.equal(run.phase, 'finished', `run failed: ${run.failure?.code} ${run.failure?.message}`);
                assert.deepEqual(run.epochs.map((e) => e.epoch), [1, 2, 3, 4, 5]);
                const done = run.done;
                assert.ok(done);
                assert.equal(done.epochs, TRAINED_EPOCHS);
                assert.ok(done.accuracy > 0 && done.accuracy <= 1, `accuracy ${done.accuracy}`);
                assert.ok(existsSync(workspaceFile(done.version).fsPath), `version folder ${done.version} exists`);

                const expected = `Final accuracy ${formatAccuracy(done.accuracy)} · ${TRAINED_EPOCHS} epochs`;
                const rendered = await waitFor('the panel to render the finished run', () => {
                    const view = api.trainingPanelRendered();
                    return view?.phase === 'finished' && view.runId === done.runId ? view : undefined;
                });
                assert.equal(rendered.epochRows, TRAINED_EPOCHS);
                assert.equal(rendered.accuracyPoints, TRAINED_EPOCHS);
                assert.ok(rendered.lossPoints >= TRAINED_EPOCHS, `loss points ${rendered.lossPoints}`);
                assert.ok(rendered.finalMetrics.startsWith(expected), rendered.finalMetrics);
                assert.match(api.trainingStatusText(), new RegExp(`${TRAINED_EPOCHS} epochs · acc ${formatAccuracy(done.accuracy).replace('.', '\\.')}`));

                if (hasWorkbenchBridge()) {
                    // What the user sees, read from the rendered page.
                    const shown = await frameText('#final-metrics');
                    assert.ok(shown.some((t) => t.startsWith(expected)), JSON.stringify(shown));
                    const rows = await frameText('#epochs vscode-table-body');
                    assert.equal(rows.length, 1, 'one epoch table is on screen');
                    const status = await workbenchText(STATUS_BAR_SELECTOR);
                    assert.ok(status.some((t) => t.includes(`acc ${formatAccuracy(done.accuracy)}`)), JSON.stringify(status));
                    await screenshot('training-panel');
                }
            }
        }
    ]
};

/** Runs after the panel specs, which look at the full run of the first spec. */
export const stopAndResumeSpecs: SpecGroup = {
    name: 'PHG: Stop Training and Resume Training',
    specs: [
        {
            name: 'cancelling a run keeps its checkpoint, and resuming it finishes from the next epoch',
            body: async () => {
                const api = await activatedExtension();
                await setEpochs(200);
                await clearNotifications();
                await openInEditor(TRAINED_MODEL_FILE);
                const running = vscode.commands.executeCommand<TrainingRunState | undefined>('phg.trainModel');
                try {
                    const firstEpoch = await waitFor('the first epoch to finish', () => {
                        const run = api.trainingRun();
                        return run !== undefined && run.phase === 'running' && run.epochs.length > 0 ? run : undefined;
                    }, 120_000);
                    if (hasWorkbenchBridge()) {
                        // As a user does: Cancel on the progress notification.
                        await clickButton('.notification-toast .monaco-button', 'Cancel');
                    } else {
                        await vscode.commands.executeCommand('phg.stopTraining');
                    }
                    const stopped = await running;
                    assert.ok(stopped);
                    assert.equal(stopped.phase, 'stopped', `${stopped.phase}: ${stopped.failure?.message}`);
                    assert.equal(stopped.done?.interrupted, 'SIGINT');
                    const lastEpoch = stopped.epochs.at(-1)?.epoch ?? 0;
                    assert.ok(lastEpoch >= firstEpoch.epochs[0]!.epoch && lastEpoch < 200, `stopped after epoch ${lastEpoch}`);
                    const folder = runFolder(stopped);
                    const saved = readdirSync(folder.fsPath);
                    assert.ok(saved.includes('metrics.jsonl') && saved.some((f) => f.startsWith('checkpoint')), `run folder has metrics and a checkpoint: ${saved.join(', ')}`);
                    await waitFor('the status bar to say stopped', () => (api.trainingStatusText().includes('stopped') ? true : undefined));

                    await setEpochs(lastEpoch + 2);
                    const resumed = await vscode.commands.executeCommand<TrainingRunState | undefined>('phg.resumeTraining');
                    assert.ok(resumed);
                    assert.equal(resumed.phase, 'finished', `${resumed.phase}: ${resumed.failure?.message}`);
                    assert.equal(resumed.settings?.firstEpoch, lastEpoch + 1);
                    assert.equal(resumed.settings?.resumedFrom !== undefined, true);
                    assert.deepEqual(resumed.epochs.map((e) => e.epoch), [lastEpoch + 1, lastEpoch + 2]);
                } finally {
                    await vscode.commands.executeCommand('phg.stopTraining');
                    await setEpochs(undefined);
                }
            }
        },
        {
            name: 'the panel’s Stop button stops a run the same way',
            body: async () => {
                if (!hasWorkbenchBridge()) skipSpec('clicking inside a webview needs the offline runner');
                const api = await activatedExtension();
                await setEpochs(200);
                await openInEditor(TRAINED_MODEL_FILE);
                const running = vscode.commands.executeCommand<TrainingRunState | undefined>('phg.trainModel');
                try {
                    await waitFor('the panel to show this run running with an epoch', () => {
                        const run = api.trainingRun();
                        const view = api.trainingPanelRendered();
                        return run?.phase === 'running' && view?.runId === run.settings?.runId && view?.phase === 'running' && view.epochRows > 0 ? true : undefined;
                    }, 120_000);
                    await frameClick('#stop');
                    const stopped = await running;
                    assert.equal(stopped?.phase, 'stopped', `${stopped?.phase}: ${stopped?.failure?.message}`);
                    assert.equal(stopped?.done?.interrupted, 'SIGINT');
                } finally {
                    // Whatever failed above, leave no run going for the next spec.
                    await vscode.commands.executeCommand('phg.stopTraining');
                    await setEpochs(undefined);
                }
            }
        }
    ]
};

export const forwardGradientSpecs: SpecGroup = {
    name: 'PHG: Train with Forward Gradient',
    specs: [{
        // The spring model: forward gradient diverges on digits at its learning rate, and this
        // also shows a regression (validation mse, no accuracy) on the panel.
        name: 'trains the spring regression with one tangent and no tape; the panel shows its validation mse',
        body: async () => {
            const api = await activatedExtension();
            await setEpochs(2);
            try {
                await openInEditor('examples/spring.phg');
                const run = await vscode.commands.executeCommand<TrainingRunState | undefined>('phg.trainForwardGradient');
                assert.equal(run?.phase, 'finished', `${run?.phase}: ${run?.failure?.message}`);
                assert.deepEqual(run?.settings?.gradient, { mode: 'forward', tangents: 1 });
                assert.deepEqual(run?.request.overrides, ['--gradient forward:1', '--epochs 2', '--lr 0.0005'], 'spring.phg is tuned for backprop: phg.training.forwardLearningRate applies');
                const measured = run?.done?.memory.byClass;
                assert.ok(measured !== undefined && measured.tangent > 0 && measured.tape === 0, JSON.stringify(measured));
                const validationLoss = run?.done?.validationLoss;
                assert.ok(validationLoss !== undefined && run?.epochs.every((e) => e.accuracy === undefined && e.validationLoss !== undefined));
                assert.ok(api.trainingStatusText().endsWith(`· 2 epochs · val mse ${formatLoss(validationLoss)}`), api.trainingStatusText());
                if (hasWorkbenchBridge()) {
                    await waitFor('the panel to show the forward run', () => (api.trainingPanelRendered()?.runId === run?.done?.runId ? true : undefined));
                    const settings = await frameText('#settings');
                    assert.ok(settings.some((t) => t.includes('forward (1 tangent)')), JSON.stringify(settings));
                    const rows = await frameText('table.memory tr[data-class="tangent"]');
                    assert.ok(rows.length === 1 && !rows[0]!.includes('\t0 B'), JSON.stringify(rows));
                    const outcome = await frameText('#final-metrics');
                    assert.ok(outcome.some((t) => t.startsWith(`Final validation mse ${formatLoss(validationLoss)} · 2 epochs`)), JSON.stringify(outcome));
                    await screenshot('training-panel-forward-regression');
                }
            } finally {
                await setEpochs(undefined);
            }
        }
    }]
};
