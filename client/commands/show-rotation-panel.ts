// PHG: Show Rotation Panel — the live warm-rotation view of the service (also: the serving status
// bar item).
import type { PhgCommand } from './command.js';

export const showRotationPanel: PhgCommand = {
    id: 'phg.showRotationPanel',
    run(context) {
        context.rotationPanel.reveal();
    }
};
