// PHG: Stop Training — asks the running `phg train` to checkpoint and exit (SIGINT).
import * as vscode from 'vscode';
import type { PhgCommand } from './command.js';

export const stopTraining: PhgCommand = {
    id: 'phg.stopTraining',
    run(context) {
        if (!context.training.stop()) void vscode.window.showInformationMessage('No PHG training run is active.');
        return context.training.whenIdle();
    }
};
