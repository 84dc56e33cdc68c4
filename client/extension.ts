// Activates PHG Studio: builds the context (language client, training, panels) and registers
// the commands. Everything else lives in the files this one wires.
import type * as vscode from 'vscode';
import { extensionApi, type PhgExtensionApi } from './api.js';
import { registerCommands } from './commands/index.js';
import { PhgContext } from './context.js';

export async function activate(extension: vscode.ExtensionContext): Promise<PhgExtensionApi> {
    const context = await PhgContext.create(extension);
    registerCommands(context);
    return extensionApi(context);
}

export function deactivate(): void {
    // The context is in `extension.subscriptions`; VS Code disposes it.
}
