// PHG: Distill Model — runs `phg distill` on a distill block (its student), with the
// `phg.training.*` overrides that apply (epochs, format, accumulation), in the training panel:
// the student's curves beside its teacher's accuracy, and the prior's strength in the settings.
// Arguments: (uri | { uri, model }, model?) from the distill code lens or the palette.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { readTrainingSettings } from '../config.js';
import type { PhgCommand } from './command.js';
import { distilledStudents } from './distilled-students.js';
import { runTraining } from './run-training.js';
import type { TrainRequest } from '../training/train-request.js';

/** The request of a distillation: the student and the user's overrides that `phg distill` takes. */
export function distillRequest(document: vscode.TextDocument, student: string | undefined): TrainRequest {
    const settings = readTrainingSettings(document.uri);
    return {
        file: document.uri.fsPath,
        command: 'distill',
        ...(student === undefined ? {} : { model: student }),
        ...(settings.epochs === undefined ? {} : { epochs: settings.epochs }),
        ...(settings.format === undefined ? {} : { format: settings.format }),
        ...(settings.accumulate === undefined ? {} : { accumulate: settings.accumulate })
    };
}

export const distillModel: PhgCommand = {
    id: 'phg.distillModel',
    async run(context, target, model) {
        const document = await documentOf(target);
        if (document === undefined) {
            void vscode.window.showWarningMessage('Open a .phg file with a distill block to distil its student.');
            return undefined;
        }
        const students = distilledStudents(document.getText());
        if (students.length === 0) {
            void vscode.window.showWarningMessage(`${path.basename(document.uri.fsPath)} has no distill block.`);
            return undefined;
        }
        const named = typeof model === 'string' ? model : studentArgument(target);
        let student = named !== undefined && students.includes(named) ? named : undefined;
        if (student === undefined) student = students.length === 1 ? students[0] : await vscode.window.showQuickPick(students, { placeHolder: 'Which student?' });
        if (student === undefined) return undefined;
        return runTraining(context, distillRequest(document, student), document);
    }
};

// The file of the argument (a URI, a URI string or `{ uri, model }` from the code lens), else the active .phg editor's.
async function documentOf(target: unknown): Promise<vscode.TextDocument | undefined> {
    const raw = typeof target === 'object' && target !== null && !(target instanceof vscode.Uri) && 'uri' in target ? target.uri : target;
    const uri = raw instanceof vscode.Uri ? raw : typeof raw === 'string' ? (raw.includes('://') ? vscode.Uri.parse(raw) : vscode.Uri.file(raw)) : undefined;
    if (uri !== undefined) return vscode.workspace.openTextDocument(uri);
    const active = vscode.window.activeTextEditor?.document;
    return active?.languageId === 'phg' ? active : undefined;
}

// `{ uri, model }` from the code lens names the student already.
function studentArgument(target: unknown): string | undefined {
    return typeof target === 'object' && target !== null && 'model' in target && typeof target.model === 'string' ? target.model : undefined;
}
