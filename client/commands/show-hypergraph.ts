// PHG: Show Hypergraph — the model's PHG IR (nodes and hyperedges with shapes, dimensions and
// formats) from the language server's `phg/hypergraph`, shown as formatted JSON until a
// graphical view exists.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { isUnavailable, sendCustomRequest } from '../custom-requests.js';
import { activeModelFile } from './active-model-file.js';
import type { PhgCommand } from './command.js';

export const showHypergraph: PhgCommand = {
    id: 'phg.showHypergraph',
    async run(context, arg) {
        const document = await activeModelFile(arg);
        if (document === undefined) return undefined;
        const answer = await sendCustomRequest(context.client, 'phg/hypergraph', { uri: document.uri.toString() });
        const name = path.basename(document.uri.fsPath);
        if (isUnavailable(answer)) {
            void vscode.window.showWarningMessage(`No hypergraph for ${name}: ${answer.reason}.`);
            return undefined;
        }
        return context.readOnlyDocuments.show(`${name}.hypergraph.json`, `${JSON.stringify(answer, null, 2)}\n`);
    }
};
