// PHG: Show Hypergraph — the model's PHG IR (nodes and hyperedges with shapes, dimensions, formats
// and lifetime classes) from the language server's `phg/hypergraph`, in the Hypergraph panel: a
// drawing, the hyperedges grouped by edge with their arity, and the values. Returns the answer.
import * as vscode from 'vscode';
import type { HypergraphResult } from '../../server/protocol.js';
import { isUnavailable, sendCustomRequest } from '../custom-requests.js';
import { activeModelFile } from './active-model-file.js';
import type { PhgCommand } from './command.js';
import { launchFolder } from './train-target.js';

function isHypergraphResult(value: unknown): value is HypergraphResult {
    return typeof value === 'object' && value !== null && Array.isArray((value as Partial<HypergraphResult>).models) && Array.isArray((value as Partial<HypergraphResult>).unavailable);
}

export const showHypergraph: PhgCommand = {
    id: 'phg.showHypergraph',
    async run(context, arg): Promise<HypergraphResult | undefined> {
        const document = await activeModelFile(arg);
        if (document === undefined) return undefined;
        const answer = await sendCustomRequest(context.client, 'phg/hypergraph', { uri: document.uri.toString() });
        const file = launchFolder(document.uri).displayFile;
        if (isUnavailable(answer) || !isHypergraphResult(answer)) {
            void vscode.window.showWarningMessage(`No hypergraph for ${file}: ${isUnavailable(answer) ? answer.reason : 'the server answered something else'}.`);
            return undefined;
        }
        context.hypergraphPanel.show({ file, result: answer });
        return answer;
    }
};
