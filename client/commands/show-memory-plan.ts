// PHG: Show Memory Plan — the design-time plan (inference, backprop, forward) of the active
// model file, from the language server's `phg/memoryPlan`.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { isUnavailable, sendCustomRequest } from '../custom-requests.js';
import { memoryPlanMarkdown } from '../panels/memory-plan-table.js';
import { activeModelFile } from './active-model-file.js';
import type { PhgCommand } from './command.js';

export const showMemoryPlan: PhgCommand = {
    id: 'phg.showMemoryPlan',
    async run(context, arg) {
        const document = await activeModelFile(arg);
        if (document === undefined) return undefined;
        const answer = await sendCustomRequest(context.client, 'phg/memoryPlan', { uri: document.uri.toString() });
        const name = path.basename(document.uri.fsPath);
        const markdown = isUnavailable(answer) ? undefined : memoryPlanMarkdown(answer, name);
        if (markdown === undefined) {
            void vscode.window.showWarningMessage(`No memory plan for ${name}: ${isUnavailable(answer) ? answer.reason : 'the answer has no models'}.`);
            return undefined;
        }
        return context.readOnlyDocuments.show(`${name}.memory-plan.md`, markdown);
    }
};
