// PHG: Distill Model in the editor (issue 10), on a small copy of examples/clinic.phg
// (fixtures/distill-small.phg): the distill block carries `▶ Distill` and what the student takes
// from its teacher; the user trains the teacher with its ▶ Train lens, then distils the student
// with ▶ Distill; the training panel shows the student's final accuracy, the teacher's accuracy
// as a curve beside the student's, the prior's term, and the teacher, prior strength and
// calibration among the run settings.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { formatAccuracy } from '../../../client/training/format.js';
import type { TrainingRunState } from '../../../client/training/run-state.js';
import { calibrationRows, distillRows } from '../../../client/webview/training/distill-rows.js';
import { activatedExtension } from '../harness/extension.js';
import { clearNotifications, freshWorkbench, maximizeEditorGroup, restoreEditorGroups } from '../harness/layout.js';
import type { SpecGroup } from '../harness/spec.js';
import { frameClick, frameText, hasWorkbenchBridge, screenshot, workbenchText } from '../harness/workbench-bridge.js';
import { waitFor } from '../harness/wait.js';
import { lineStartingWith, openInEditor } from '../harness/workspace.js';

/** Teacher (3 epochs on 1,797 digits) and student (6 epochs on 50 shifted digits): seconds each. */
export const DISTILL_MODEL_FILE = 'fixtures/distill-small.phg';
const STUDENT_EPOCHS = 6;
/** The `prior … sample: 300` of the fixture: the teacher's Fisher over 300 of its rows. */
const FISHER_ROWS = 300;
/** What the summary lens states for the fixture's distill block (same architecture: every parameter takes the prior). */
const SUMMARY_LENS = 'prior from Teacher: 4 of 4 parameters (scale 10, λ 1) · soft labels T 2, α 0.1 · posterior τ chosen on validation';

async function lensesOf(uri: vscode.Uri): Promise<vscode.CodeLens[]> {
    return vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 100);
}

/** Runs a lens's command with its own arguments, as clicking it does. */
function click(lens: vscode.CodeLens): Thenable<TrainingRunState | undefined> {
    assert.ok(lens.command);
    return vscode.commands.executeCommand<TrainingRunState | undefined>(lens.command.command, ...(lens.command.arguments ?? []));
}

export const distillationSpecs: SpecGroup = {
    name: 'PHG: Distill Model',
    specs: [
        {
            name: 'the distill lens distils the student from the trained teacher; the panel shows its final accuracy, the teacher’s curve and the prior',
            body: async () => {
                const api = await activatedExtension();
                await freshWorkbench();
                const editor = await openInEditor(DISTILL_MODEL_FILE);
                const uri = editor.document.uri;
                const trainLine = lineStartingWith(editor.document, 'train Teacher');
                const distillLine = lineStartingWith(editor.document, 'distill Student');

                const { trainLens, distillLens, summaryLens } = await waitFor('the ▶ Train and distill lenses', async () => {
                    const lenses = await lensesOf(uri);
                    const found = {
                        trainLens: lenses.find((l) => l.range.start.line === trainLine && l.command?.command === 'phg.trainModel'),
                        distillLens: lenses.find((l) => l.range.start.line === distillLine && l.command?.command === 'phg.distillModel'),
                        summaryLens: lenses.find((l) => l.range.start.line === distillLine && l.command?.title.startsWith('prior from'))
                    };
                    return found.trainLens && found.distillLens && found.summaryLens ? { trainLens: found.trainLens, distillLens: found.distillLens, summaryLens: found.summaryLens } : undefined;
                });
                assert.equal(distillLens.command?.title, '▶ Distill');
                assert.deepEqual(distillLens.command?.arguments, [{ uri: uri.toString(), model: 'Student' }]);
                assert.equal(summaryLens.command?.title, SUMMARY_LENS);
                if (hasWorkbenchBridge()) {
                    const drawn = await waitFor('the distill lenses to be drawn', async () => {
                        const texts = await workbenchText('.codelens-decoration');
                        return texts.some((t) => t.includes('▶ Distill') && t.includes(SUMMARY_LENS)) ? texts : undefined;
                    });
                    assert.ok(drawn.length > 0);
                    await screenshot('distill-code-lens');
                }

                // The teacher first: the student's prior is its Laplace approximation.
                const teacher = await click(trainLens);
                assert.equal(teacher?.phase, 'finished', `teacher: ${teacher?.phase} ${teacher?.failure?.message}`);
                assert.equal(teacher?.settings?.model, 'Teacher');
                const teacherVersion = teacher?.done?.version;
                assert.ok(teacherVersion);

                const run = await click(distillLens);
                assert.ok(run, 'PHG: Distill Model returns the finished run');
                assert.equal(run.phase, 'finished', `distillation failed: ${run.failure?.code} ${run.failure?.message}`);
                assert.equal(run.settings?.model, 'Student');
                const distill = run.settings?.distill;
                assert.ok(distill, 'the start event describes the distillation');
                assert.equal(distill.teacher, 'Teacher');
                assert.equal(distill.teacherVersion, teacherVersion, 'the student learns from the version just trained');
                assert.deepEqual([...distill.priorParams].sort(), ['W1', 'W2', 'b1', 'b2']);
                assert.deepEqual(distill.softLabelOnlyParams, []);
                assert.equal(distill.prior?.fisherRows, FISHER_ROWS);
                assert.ok(distill.prior !== undefined && distill.prior.medianSigma > 0 && Number.isFinite(distill.prior.medianSigma), JSON.stringify(distill.prior));
                assert.ok(distill.teacherAccuracy > 0 && distill.teacherAccuracy <= 1, `teacher accuracy ${distill.teacherAccuracy}`);
                assert.deepEqual(run.epochs.map((e) => e.epoch), Array.from({ length: STUDENT_EPOCHS }, (_, i) => i + 1));
                // Every epoch reports the objective's terms; the teacher's accuracy is the same line throughout.
                assert.ok(run.epochs.every((e) => e.distill !== undefined && e.distill.teacherAccuracy === distill.teacherAccuracy), JSON.stringify(run.epochs.map((e) => e.distill)));
                assert.ok(run.epochs.some((e) => (e.distill?.priorPenalty ?? 0) > 0), 'the prior pulls on the student');
                const done = run.done;
                assert.ok(done);
                assert.equal(done.epochs, STUDENT_EPOCHS);
                assert.ok(done.accuracy > 0 && done.accuracy <= 1, `student accuracy ${done.accuracy}`);
                assert.ok(done.ece !== undefined && done.ece >= 0 && done.ece <= 1, `ECE ${done.ece}`);
                assert.notEqual(done.version, teacherVersion);

                const expected = `Final accuracy ${formatAccuracy(done.accuracy)} · ${STUDENT_EPOCHS} epochs`;
                const rendered = await waitFor('the panel to render the finished distillation', () => {
                    const view = api.trainingPanelRendered();
                    return view?.phase === 'finished' && view.runId === done.runId ? view : undefined;
                });
                assert.equal(rendered.epochRows, STUDENT_EPOCHS);
                assert.equal(rendered.accuracyPoints, STUDENT_EPOCHS);
                assert.ok(rendered.finalMetrics.startsWith(expected), rendered.finalMetrics);

                if (hasWorkbenchBridge()) {
                    const outcome = await frameText('#final-metrics');
                    assert.ok(outcome.some((t) => t.startsWith(expected)), JSON.stringify(outcome));
                    // The teacher, the soft labels, the prior's strength and the calibration, as listed.
                    const settings = (await frameText('#settings')).join('\n');
                    for (const [name, value] of [...distillRows(distill), ...calibrationRows(done)]) {
                        assert.ok(settings.includes(value), `settings show ${name}: ${value}\n${settings}`);
                    }
                    assert.match(settings, new RegExp(`Fisher over ${FISHER_ROWS} rows`));
                    // The curves a user reads: the teacher's accuracy and the prior's term are drawn (uPlot marks hidden series u-off).
                    const teacherSeries = await frameText('[data-chart="accuracy"] .u-legend tr.u-series:last-child:not(.u-off)');
                    assert.deepEqual(teacherSeries.map((t) => t.trim()), ['teacher']);
                    const priorSeries = await frameText('[data-chart="loss"] .u-legend tr.u-series:last-child:not(.u-off)');
                    assert.deepEqual(priorSeries.map((t) => t.trim()), ['prior term']);
                    await clearNotifications();
                    await vscode.commands.executeCommand('phg.showTrainingPanel');
                    await maximizeEditorGroup();
                    await screenshot('training-panel-distill');
                    // Clicking the settings list scrolls it into view (it is below the fold): the teacher and prior rows.
                    assert.ok(await frameClick('#settings dl.settings'));
                    await screenshot('training-panel-distill-settings');
                    await restoreEditorGroups();
                }
            }
        }
    ]
};
