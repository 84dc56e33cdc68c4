// PHG: Train Model — trains a model with its train block's settings (and `phg.training.*`
// overrides). Arguments: (uri | { uri, model }, model?) from a code lens or the editor title.
import { readTrainingSettings } from '../config.js';
import type { PhgCommand } from './command.js';
import { runTraining } from './run-training.js';
import { resolveTrainTarget } from './train-target.js';
import type { TrainRequest } from '../training/train-request.js';
import type * as vscode from 'vscode';

/** A request from the file, the chosen model and the user's training settings. */
export function requestFromSettings(document: vscode.TextDocument, model: string | undefined): TrainRequest {
    const settings = readTrainingSettings(document.uri);
    return {
        file: document.uri.fsPath,
        ...(model === undefined ? {} : { model }),
        ...(settings.epochs === undefined ? {} : { epochs: settings.epochs }),
        ...(settings.format === undefined ? {} : { format: settings.format }),
        ...(settings.accumulate === undefined ? {} : { accumulate: settings.accumulate })
    };
}

export const trainModel: PhgCommand = {
    id: 'phg.trainModel',
    async run(context, target, model) {
        const resolved = await resolveTrainTarget(target, model);
        if (resolved === undefined) return undefined;
        return runTraining(context, requestFromSettings(resolved.document, resolved.model), resolved.document);
    }
};
