// Every command of the extension. Add a command: one file in this folder, one entry here, one
// entry in package.json `contributes.commands`.
import * as vscode from 'vscode';
import type { PhgContext } from '../context.js';
import type { PhgCommand } from './command.js';
import { certifyModel } from './certify-model.js';
import { distillModel } from './distill-model.js';
import { generateSigningKey } from './generate-signing-key.js';
import { resumeTraining } from './resume-training.js';
import { rotateToLatestVersion } from './rotate-to-latest-version.js';
import { serveModel } from './serve-model.js';
import { showHypergraph } from './show-hypergraph.js';
import { showMemoryPlan } from './show-memory-plan.js';
import { showRotationPanel } from './show-rotation-panel.js';
import { showTrainingLog } from './show-training-log.js';
import { showTrainingPanel } from './show-training-panel.js';
import { stopServing } from './stop-serving.js';
import { stopTraining } from './stop-training.js';
import { trainForwardGradient } from './train-forward-gradient.js';
import { trainModel } from './train-model.js';
import { verifyCertificate } from './verify-certificate.js';

export const phgCommands: readonly PhgCommand[] = [
    trainModel,
    trainForwardGradient,
    distillModel,
    stopTraining,
    resumeTraining,
    showTrainingPanel,
    showTrainingLog,
    showMemoryPlan,
    showHypergraph,
    certifyModel,
    verifyCertificate,
    generateSigningKey,
    serveModel,
    stopServing,
    rotateToLatestVersion,
    showRotationPanel
];

/** Registers every command; the registrations belong to the context. */
export function registerCommands(context: PhgContext): void {
    for (const command of phgCommands) {
        context.own(vscode.commands.registerCommand(command.id, (...args: unknown[]) => command.run(context, ...args)));
    }
}
