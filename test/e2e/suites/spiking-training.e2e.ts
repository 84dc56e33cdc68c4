// PHG: Train Model on a spiking model, as a user runs it: the command trains it with STDP through
// the same CLI, and the training panel shows the output layer's firing rates and a spike raster
// (no loss curve: a spiking model has no loss), and the memory plan of engine/spiking.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TrainingRunState } from '../../../client/training/run-state.js';
import { activatedExtension } from '../harness/extension.js';
import type { SpecGroup } from '../harness/spec.js';
import { clearNotifications, maximizeEditorGroup, restoreEditorGroups, useColorTheme } from '../harness/layout.js';
import { frameText, hasWorkbenchBridge, screenshot } from '../harness/workbench-bridge.js';
import { waitFor } from '../harness/wait.js';
import { openInEditor } from '../harness/workspace.js';

/** The spiking model these specs train (10 neurons, one short epoch). */
export const SPIKING_MODEL_FILE = 'fixtures/spiking-small.phg';

export const spikingTrainingSpecs: SpecGroup = {
    name: 'PHG: Train Model on a spiking model',
    specs: [
        {
            name: 'trains with STDP; the panel shows firing rates, a spike raster and the spiking memory plan',
            body: async () => {
                const api = await activatedExtension();
                await vscode.workspace.getConfiguration('phg').update('training.epochs', undefined, vscode.ConfigurationTarget.Workspace);
                await vscode.commands.executeCommand('workbench.action.closeAllEditors');
                await openInEditor(SPIKING_MODEL_FILE);
                const run = await vscode.commands.executeCommand<TrainingRunState | undefined>('phg.trainModel');
                assert.ok(run, 'the command returns the finished run');
                assert.equal(run.phase, 'finished', `run failed: ${run.failure?.code} ${run.failure?.message}`);
                assert.equal(run.settings?.gradient.mode, 'stdp');
                assert.equal(run.lossSamples.length, 0, 'a spiking run plots no loss');
                const rendered = await waitFor('the panel to render the finished spiking run', () => {
                    const view = api.trainingPanelRendered();
                    return view?.phase === 'finished' && view.runId === run.done?.runId ? view : undefined;
                });
                assert.equal(rendered.epochRows, 1);
                assert.equal(rendered.spikingRateBars, 10);
                assert.ok((rendered.spikingRasterSpikes ?? 0) > 0, `raster spikes ${rendered.spikingRasterSpikes}`);
                if (hasWorkbenchBridge()) {
                    const note = await frameText('#plan-note');
                    assert.ok(note.some((t) => t.includes('STDP traces') && t.includes('tape 0 B')), JSON.stringify(note));
                    await useColorTheme('Default Dark Modern');
                    await clearNotifications();
                    await vscode.commands.executeCommand('phg.showTrainingPanel');
                    await maximizeEditorGroup();
                    await screenshot('training-panel-spiking');
                    await restoreEditorGroups();
                }
            }
        }
    ]
};
