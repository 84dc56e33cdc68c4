// PHG: Show Training Panel — the live curves, memory and epochs of the current or last run.
import type { PhgCommand } from './command.js';

export const showTrainingPanel: PhgCommand = {
    id: 'phg.showTrainingPanel',
    run(context) {
        context.trainingPanel.reveal();
    }
};
