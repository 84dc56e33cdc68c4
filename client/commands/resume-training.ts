// PHG: Resume Training — continues the last stopped run from its checkpoint (`--resume RUN`).
import * as vscode from 'vscode';
import type { PhgCommand } from './command.js';
import { runTraining } from './run-training.js';

export const resumeTraining: PhgCommand = {
    id: 'phg.resumeTraining',
    async run(context) {
        const last = context.training.lastRequest;
        const run = context.training.run;
        if (last === undefined || run === undefined || run.phase !== 'stopped' || run.settings === undefined) {
            void vscode.window.showInformationMessage('No stopped PHG training run to resume in this window.');
            return undefined;
        }
        const document = await vscode.workspace.openTextDocument(vscode.Uri.file(last.request.file));
        return runTraining(context, { ...last.request, resume: run.settings.runId }, document);
    }
};
