// The extension under test, activated, with its API (client/api.ts).
import * as vscode from 'vscode';
import type { PhgExtensionApi } from '../../../client/api.js';

/** The extension's id: publisher.name from package.json. */
export const EXTENSION_ID = 'phg-studio.phg-studio';

/** Activates the extension (as opening a .phg file would) and returns its API. */
export async function activatedExtension(): Promise<PhgExtensionApi> {
    const extension = vscode.extensions.getExtension<PhgExtensionApi>(EXTENSION_ID);
    if (extension === undefined) throw new Error(`extension ${EXTENSION_ID} is not installed`);
    return extension.isActive ? extension.exports : extension.activate();
}
