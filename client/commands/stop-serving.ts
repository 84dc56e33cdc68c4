// PHG: Stop Serving — SIGINT to the running `phg serve`, which closes its port and removes its
// discovery files. Resolves with the final state once it has stopped.
import * as vscode from 'vscode';
import type { ServiceState } from '../serving/service-state.js';
import type { PhgCommand } from './command.js';

export const stopServing: PhgCommand = {
    id: 'phg.stopServing',
    async run(context): Promise<ServiceState | undefined> {
        if (!context.serving.stop()) {
            void vscode.window.showInformationMessage('No PHG service is running.');
            return undefined;
        }
        return context.serving.whenStopped();
    }
};
