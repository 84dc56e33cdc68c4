// Which file and model a training command acts on. From a code lens or another command the
// argument says it; from the palette the active .phg editor does; a quick pick asks only when
// neither decides (no .phg editor, or a file with several train blocks).
import * as path from 'node:path';
import * as vscode from 'vscode';
import { targetArgument } from './model-target.js';
import { trainedModels } from './trained-models.js';

/** A model file and, when the file trains several models, which one. */
export interface TrainTarget {
    readonly document: vscode.TextDocument;
    readonly model: string | undefined;
}

async function pickPhgFile(): Promise<vscode.Uri | undefined> {
    const files = await vscode.workspace.findFiles('**/*.phg', '{**/node_modules/**,**/.phg/**}', 200);
    if (files.length === 0) {
        void vscode.window.showWarningMessage('No .phg model in this workspace to train.');
        return undefined;
    }
    if (files.length === 1) return files[0];
    const items = files
        .map((uri) => ({ label: path.basename(uri.fsPath), description: vscode.workspace.asRelativePath(uri), uri }))
        .sort((a, b) => a.description.localeCompare(b.description));
    return (await vscode.window.showQuickPick(items, { placeHolder: 'Which model file?' }))?.uri;
}

/** Resolves the target of a training command; undefined when the user cancelled. */
export async function resolveTrainTarget(arg: unknown, modelArg: unknown): Promise<TrainTarget | undefined> {
    const given = targetArgument(arg, modelArg);
    const active = vscode.window.activeTextEditor?.document;
    const uri = given?.uri ?? (active?.languageId === 'phg' ? active.uri : await pickPhgFile());
    if (uri === undefined) return undefined;
    const document = await vscode.workspace.openTextDocument(uri);
    if (given?.model !== undefined) return { document, model: given.model };
    const models = trainedModels(document.getText());
    if (models.length <= 1) return { document, model: undefined };
    const model = await vscode.window.showQuickPick(models, { placeHolder: `${path.basename(uri.fsPath)} trains ${models.length} models: which one?` });
    return model === undefined ? undefined : { document, model };
}

/** The CLI's working folder and the file's name as shown: relative to its workspace folder. */
export function launchFolder(uri: vscode.Uri): { cwd: string; displayFile: string } {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    if (folder === undefined) return { cwd: path.dirname(uri.fsPath), displayFile: path.basename(uri.fsPath) };
    return { cwd: folder.uri.fsPath, displayFile: path.relative(folder.uri.fsPath, uri.fsPath).split(path.sep).join('/') };
}
