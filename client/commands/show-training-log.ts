// PHG: Show Training Log — the raw JSON Lines and stderr of every run in this window.
import type { PhgCommand } from './command.js';

export const showTrainingLog: PhgCommand = {
    id: 'phg.showTrainingLog',
    run(context) {
        context.trainingLog.show(true);
    }
};
