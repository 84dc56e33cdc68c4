// PHG: Train with Forward Gradient — the same run with `--gradient forward:K`
// (K = `phg.training.forwardTangents`): no tape, so training memory stays near inference's.
import { readTrainingSettings } from '../config.js';
import type { PhgCommand } from './command.js';
import { runTraining } from './run-training.js';
import { requestFromSettings } from './train-model.js';
import { resolveTrainTarget } from './train-target.js';

export const trainForwardGradient: PhgCommand = {
    id: 'phg.trainForwardGradient',
    async run(context, target, model) {
        const resolved = await resolveTrainTarget(target, model);
        if (resolved === undefined) return undefined;
        const tangents = readTrainingSettings(resolved.document.uri).forwardTangents;
        const request = { ...requestFromSettings(resolved.document, resolved.model), gradient: { mode: 'forward', tangents } } as const;
        return runTraining(context, request, resolved.document);
    }
};
