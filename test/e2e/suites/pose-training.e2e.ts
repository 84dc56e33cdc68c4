// examples/pose.phg in the editor (issue 8): a rotor of 3-D geometric algebra and a translation
// learned from noisy point correspondences. The model's memory plan is in its code lens, as the
// user sees it above `model Pose`; PHG: Train Model trains it with the file's own settings, and the
// training panel shows the final validation mse and the same plan beside the measured memory.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { formatLoss } from '../../../client/training/format.js';
import type { TrainingRunState } from '../../../client/training/run-state.js';
import { activatedExtension } from '../harness/extension.js';
import { clearNotifications, freshWorkbench, maximizeEditorGroup, restoreEditorGroups } from '../harness/layout.js';
import type { SpecGroup } from '../harness/spec.js';
import { frameText, hasWorkbenchBridge, screenshot, workbenchText } from '../harness/workbench-bridge.js';
import { waitFor } from '../harness/wait.js';
import { lineStartingWith, openInEditor } from '../harness/workspace.js';

/** The geometric-algebra example, trained as written (30 short epochs of 512 pairs). */
export const POSE_MODEL_FILE = 'examples/pose.phg';
const POSE_EPOCHS = 30;
/** A VGA rotor stores 4 coefficients (1, e12, e13, e23), the translation vector 3; posit16 is 2 bytes each. */
const POSE_PARAM_BYTES = (4 + 3) * 2;
/** The data's noise is σ = 1 cm per coordinate: a learned motion leaves an mse near σ² = 1e-4 m². */
const NOISE_LEVEL_MSE = 1e-4;

/** The memory-plan lens: `inference … · training … (r×, forward) · backprop … (r×)`. */
const MODEL_LENS_TITLE = /^inference \d[\d.]* (B|KiB|MiB) · training \d[\d.]* (B|KiB|MiB) \(\d+\.\d\d×, forward\) · backprop \d[\d.]* (B|KiB|MiB) \((\d+\.\d\d)×\)$/;

export const poseTrainingSpecs: SpecGroup = {
    name: 'examples/pose.phg (geometric algebra) in the editor',
    specs: [
        {
            name: 'the model’s memory plan is in its code lens; PHG: Train Model learns the motion and the panel shows the final validation mse',
            body: async () => {
                const api = await activatedExtension();
                await freshWorkbench();
                const editor = await openInEditor(POSE_MODEL_FILE);
                const modelLine = lineStartingWith(editor.document, 'model Pose');

                const planLens = await waitFor('the memory-plan lens above model Pose', async () => {
                    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', editor.document.uri, 100);
                    return lenses.find((l) => l.range.start.line === modelLine && l.command?.command === 'phg.showMemoryPlan');
                });
                const title = planLens.command?.title ?? '';
                const planned = MODEL_LENS_TITLE.exec(title);
                assert.ok(planned, `memory-plan lens title: ${title}`);
                const backpropRatio = planned[4];
                if (hasWorkbenchBridge()) {
                    // The lens as drawn in the editor, not only as the provider returned it.
                    const shown = await waitFor('the memory-plan lens to be drawn', async () => {
                        const texts = await workbenchText('.codelens-decoration');
                        return texts.some((t) => t.includes(title)) ? texts : undefined;
                    });
                    assert.ok(shown.some((t) => t.includes(title)), JSON.stringify(shown));
                    await screenshot('pose-code-lens');
                }

                const run = await vscode.commands.executeCommand<TrainingRunState | undefined>('phg.trainModel');
                assert.ok(run, 'the command returns the finished run');
                assert.equal(run.phase, 'finished', `run failed: ${run.failure?.code} ${run.failure?.message}`);
                assert.equal(run.settings?.model, 'Pose');
                assert.equal(run.settings?.gradient.mode, 'backprop');
                assert.equal(run.epochs.length, POSE_EPOCHS);
                const done = run.done;
                assert.ok(done);
                // A regression: no accuracy, a validation mse per epoch that falls to the noise level.
                assert.ok(run.epochs.every((e) => e.accuracy === undefined && e.validationLoss !== undefined));
                const first = run.epochs[0]!.validationLoss!;
                const last = done.validationLoss;
                assert.ok(last !== undefined && last < first / 10 && last < 5 * NOISE_LEVEL_MSE, `validation mse ${first} → ${last}`);
                assert.equal(done.memory.byClass.param, POSE_PARAM_BYTES, 'only the rotor’s and the vector’s coefficients are stored');

                const expected = `Final validation mse ${formatLoss(last)} · ${POSE_EPOCHS} epochs`;
                const rendered = await waitFor('the panel to render the finished pose run', () => {
                    const view = api.trainingPanelRendered();
                    return view?.phase === 'finished' && view.runId === done.runId ? view : undefined;
                });
                assert.equal(rendered.epochRows, POSE_EPOCHS);
                assert.ok(rendered.finalMetrics.startsWith(expected), rendered.finalMetrics);
                assert.ok(api.trainingStatusText().endsWith(`· ${POSE_EPOCHS} epochs · val mse ${formatLoss(last)}`), api.trainingStatusText());

                if (hasWorkbenchBridge()) {
                    const outcome = await frameText('#final-metrics');
                    assert.ok(outcome.some((t) => t.startsWith(expected)), JSON.stringify(outcome));
                    // The panel's design-time plan is the lens's backprop plan: the same ratio to inference.
                    const note = await waitFor('the panel to show the design-time plan', async () => {
                        const texts = await frameText('#plan-note');
                        return texts.some((t) => t.startsWith('Design-time plan (backprop)')) ? texts : undefined;
                    });
                    assert.ok(note.some((t) => t.includes(`(${backpropRatio}×)`)), `lens backprop ${backpropRatio}×, panel: ${JSON.stringify(note)}`);
                    const params = await frameText('table.memory tr[data-class="param"]');
                    assert.ok(params.length === 1 && params[0]!.includes(`${POSE_PARAM_BYTES} B`), JSON.stringify(params));
                    await clearNotifications();
                    await vscode.commands.executeCommand('phg.showTrainingPanel');
                    await maximizeEditorGroup();
                    await screenshot('training-panel-pose');
                    await restoreEditorGroups();
                }
            }
        }
    ]
};
