// PHG: Resume Training — continues the last stopped run from its checkpoint (`--resume RUN`),
// with the training settings as they are now (the user may have raised the epochs).
import * as vscode from 'vscode';
import type { PhgCommand } from './command.js';
import { runTraining } from './run-training.js';
import { requestFromSettings } from './train-model.js';

export const resumeTraining: PhgCommand = {
    id: 'phg.resumeTraining',
    async run(context) {
        const last = context.training.lastRequest;
        const run = context.training.run;
        if (last === undefined || run === undefined || run.phase !== 'stopped' || run.settings === undefined) {
            void vscode.window.showInformationMessage('No stopped PHG training run to resume in this window.');
            return undefined;
        }
        if (last.request.command === 'distill') {
            void vscode.window.showInformationMessage('A distillation does not resume from a checkpoint: run PHG: Distill Model again.');
            return undefined;
        }
        const document = await vscode.workspace.openTextDocument(vscode.Uri.file(last.request.file));
        const request = { ...last.request, ...requestFromSettings(document, last.request.model), resume: run.settings.runId };
        return runTraining(context, request, document);
    }
};
