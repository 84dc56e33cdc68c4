// Which file and model a certificate or serving command acts on: the argument (a URI, a URI
// string, or `{ uri, model }` from a code lens), else the active .phg editor, else a quick pick of
// the workspace's .phg files; the model is asked for only when the file declares several.
import * as path from 'node:path';
import * as vscode from 'vscode';

/** A model file and, when decided, the model. */
export interface ModelTarget {
    readonly document: vscode.TextDocument;
    readonly model: string | undefined;
}

/** The models a file declares (`model Mlp {`), by a textual scan: enough to offer a choice. */
export function declaredModels(text: string): string[] {
    const names = [...text.matchAll(/^[ \t]*model[ \t]+([A-Za-z_][A-Za-z0-9_]*)\b/gm)].map((match) => match[1] ?? '');
    return [...new Set(names.filter((name) => name !== ''))];
}

/**
 * The file and model a command's arguments name: a URI, a URI string or a path, or `{ uri, model }`
 * (a code lens), whose model wins over a separate `modelArg` (a model name after the URI).
 */
export function targetArgument(arg: unknown, modelArg?: unknown): { readonly uri: vscode.Uri; readonly model: string | undefined } | undefined {
    const model = typeof modelArg === 'string' ? modelArg : undefined;
    if (arg instanceof vscode.Uri) return { uri: arg, model };
    if (typeof arg === 'string') return { uri: arg.includes('://') ? vscode.Uri.parse(arg) : vscode.Uri.file(arg), model };
    if (typeof arg === 'object' && arg !== null && 'uri' in arg) {
        const { uri } = arg;
        const inner = 'model' in arg && typeof arg.model === 'string' ? arg.model : model;
        if (uri instanceof vscode.Uri) return { uri, model: inner };
        if (typeof uri === 'string') return { uri: vscode.Uri.parse(uri), model: inner };
    }
    return undefined;
}

async function pickFile(purpose: string): Promise<vscode.Uri | undefined> {
    const files = await vscode.workspace.findFiles('**/*.phg', '{**/node_modules/**,**/.phg/**}', 200);
    if (files.length <= 1) {
        if (files.length === 0) void vscode.window.showWarningMessage(`No .phg model in this workspace to ${purpose}.`);
        return files[0];
    }
    const items = files.map((uri) => ({ label: path.basename(uri.fsPath), description: vscode.workspace.asRelativePath(uri), uri })).sort((a, b) => a.description.localeCompare(b.description));
    return (await vscode.window.showQuickPick(items, { placeHolder: `Which model file to ${purpose}?` }))?.uri;
}

/**
 * Resolves the target; undefined when the user cancelled. With `askModel`, a file declaring several
 * models asks which one; otherwise the CLI's own default (the only model, or the deploy block's) decides.
 */
export async function resolveModelTarget(arg: unknown, purpose: string, askModel: boolean): Promise<ModelTarget | undefined> {
    const given = targetArgument(arg);
    const active = vscode.window.activeTextEditor?.document;
    const uri = given?.uri ?? (active?.languageId === 'phg' ? active.uri : await pickFile(purpose));
    if (uri === undefined) return undefined;
    const document = await vscode.workspace.openTextDocument(uri);
    if (given?.model !== undefined || !askModel) return { document, model: given?.model };
    const models = declaredModels(document.getText());
    if (models.length <= 1) return { document, model: models[0] };
    const model = await vscode.window.showQuickPick(models, { placeHolder: `${path.basename(uri.fsPath)} declares ${models.length} models: which one to ${purpose}?` });
    return model === undefined ? undefined : { document, model };
}
