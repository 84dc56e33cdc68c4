// The .phg document a view command is about: its argument, else the active editor.
import * as vscode from 'vscode';

/** The target document, or undefined after telling the user to open one. */
export async function activeModelFile(arg: unknown): Promise<vscode.TextDocument | undefined> {
    if (arg instanceof vscode.Uri) return vscode.workspace.openTextDocument(arg);
    const active = vscode.window.activeTextEditor?.document;
    if (active?.languageId === 'phg') return active;
    void vscode.window.showWarningMessage('Open a .phg model first.');
    return undefined;
}
