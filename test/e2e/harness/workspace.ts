// The workspace the suite opens: a scratch copy of examples/ and test/e2e/fixtures/ made by the
// runner, so training runs and edits never touch the repository.
import * as vscode from 'vscode';
import { waitFor } from './wait.js';

/** URI of a file inside the opened workspace folder. */
export function workspaceFile(relativePath: string): vscode.Uri {
    const folder = vscode.workspace.workspaceFolders?.[0];
    if (folder === undefined) throw new Error('the suite needs an open workspace folder');
    return vscode.Uri.joinPath(folder.uri, ...relativePath.split('/'));
}

/** Opens a workspace file in an editor, as a user clicking it in the explorer does. */
export async function openInEditor(relativePath: string): Promise<vscode.TextEditor> {
    const document = await vscode.workspace.openTextDocument(workspaceFile(relativePath));
    return vscode.window.showTextDocument(document, { preview: false });
}

/** The first line of a document that starts with `prefix` (a declaration's line). */
export function lineStartingWith(document: vscode.TextDocument, prefix: string): number {
    for (let line = 0; line < document.lineCount; line++) if (document.lineAt(line).text.startsWith(prefix)) return line;
    throw new Error(`no line starting with ${prefix} in ${document.uri.path}`);
}

/** Waits until the language server has published at least `atLeast` diagnostics for a file. */
export function waitForDiagnostics(uri: vscode.Uri, atLeast = 1, timeoutMs = 30_000): Promise<vscode.Diagnostic[]> {
    return waitFor(`${atLeast}+ diagnostics on ${uri.path}`, () => {
        const diagnostics = vscode.languages.getDiagnostics(uri);
        return diagnostics.length >= atLeast ? diagnostics : undefined;
    }, timeoutMs);
}
