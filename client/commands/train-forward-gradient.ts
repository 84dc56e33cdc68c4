// PHG: Train with Forward Gradient — the same run with `--gradient forward:K`
// (K = `phg.training.forwardTangents`): no tape, so training memory stays near inference's. A
// forward gradient is a noisy estimate that diverges at learning rates tuned for backprop, so a
// train block that does not declare `gradient forward` runs with `--lr` =
// `phg.training.forwardLearningRate` (empty: the block's own); a block that declares forward
// gradients keeps the learning rate it was tuned with.
import { readTrainingSettings } from '../config.js';
import type { TrainRequest } from '../training/train-request.js';
import type { PhgCommand } from './command.js';
import { runTraining } from './run-training.js';
import { requestFromSettings } from './train-model.js';
import { resolveTrainTarget } from './train-target.js';
import { declaredGradient } from './trained-models.js';

export const trainForwardGradient: PhgCommand = {
    id: 'phg.trainForwardGradient',
    async run(context, target, model) {
        const resolved = await resolveTrainTarget(target, model);
        if (resolved === undefined) return undefined;
        const settings = readTrainingSettings(resolved.document.uri);
        const tunedForForward = declaredGradient(resolved.document.getText(), resolved.model) === 'forward';
        const lr = tunedForForward ? undefined : settings.forwardLearningRate;
        const request: TrainRequest = {
            ...requestFromSettings(resolved.document, resolved.model),
            gradient: { mode: 'forward', tangents: settings.forwardTangents },
            ...(lr !== undefined ? { lr } : {})
        };
        return runTraining(context, request, resolved.document);
    }
};
