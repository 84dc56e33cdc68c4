// The extension side of the training panel: keeps the model it shows (the current run and the
// memory plan), sends it to the webview at a bounded rate, and records what the webview says it
// rendered.
import type * as vscode from 'vscode';
import type { TrainingRunState } from '../training/run-state.js';
import { LivePanel, type LifecycleMessage } from './live-panel.js';
import type { MemoryPlanView } from './memory-plan.js';
import type { FromTrainingWebview, RenderedTrainingView, TrainingPanelModel } from './training-messages.js';

/** What the panel asks of the rest of the extension. */
export interface TrainingPanelActions {
    stopTraining(): void;
    showLog(): void;
}

type TrainingButton = Exclude<FromTrainingWebview, LifecycleMessage<RenderedTrainingView>>;

export class TrainingPanel extends LivePanel<TrainingPanelModel, RenderedTrainingView, TrainingButton> {
    static readonly viewType = 'phg.trainingPanel';

    constructor(extensionUri: vscode.Uri, private readonly actions: TrainingPanelActions) {
        super(extensionUri, { viewType: TrainingPanel.viewType, title: 'PHG Training', bundle: { script: 'training.js', styles: ['base.css', 'training.css'] } }, { run: undefined, plan: { status: 'pending' } });
    }

    /** Shows a run (and keeps the plan). */
    showRun(run: TrainingRunState): void {
        this.update({ ...this.model, run });
    }

    /** Shows a memory plan beside the measured memory. */
    showPlan(plan: MemoryPlanView): void {
        this.update({ ...this.model, plan });
    }

    // A (re)loaded webview shows its saved state at once; it needs ours only once there is a run.
    protected hasContent(model: TrainingPanelModel): boolean {
        return model.run !== undefined;
    }

    protected isFinal(model: TrainingPanelModel): boolean {
        return model.run?.endedAt !== undefined;
    }

    protected act(button: TrainingButton): void {
        switch (button.type) {
            case 'stop': this.actions.stopTraining(); break;
            case 'showLog': this.actions.showLog(); break;
        }
    }
}
