// The extension side of the training panel: keeps the model it shows (the current run and the
// memory plan), sends it to the webview at a bounded rate, and records what the webview says it
// rendered.
import * as vscode from 'vscode';
import type { TrainingRunState } from '../training/run-state.js';
import type { MemoryPlanView } from './memory-plan.js';
import type { FromTrainingWebview, RenderedTrainingView, ToTrainingWebview, TrainingPanelModel } from './training-messages.js';
import { WebviewPanelHost } from './webview-panel-host.js';

/** At most this many updates a second reach the webview; the last one always does. */
const UPDATES_PER_SECOND = 5;

/** What the panel asks of the rest of the extension. */
export interface TrainingPanelActions {
    stopTraining(): void;
    showLog(): void;
}

export class TrainingPanel implements vscode.Disposable {
    static readonly viewType = 'phg.trainingPanel';

    private readonly host: WebviewPanelHost<ToTrainingWebview, FromTrainingWebview>;
    private model: TrainingPanelModel = { run: undefined, plan: { status: 'pending' } };
    private rendered: RenderedTrainingView | undefined;
    private lastPost = 0;
    private pending: ReturnType<typeof setTimeout> | undefined;
    private readonly renderedEmitter = new vscode.EventEmitter<RenderedTrainingView>();

    /** The webview reported what it put on screen. */
    readonly onDidRender = this.renderedEmitter.event;

    constructor(extensionUri: vscode.Uri, private readonly actions: TrainingPanelActions) {
        this.host = new WebviewPanelHost(extensionUri, {
            viewType: TrainingPanel.viewType,
            title: 'PHG Training',
            bundle: { script: 'training.js', styles: ['training.css'] }
        });
        this.host.onDidReceiveMessage((message) => this.receive(message));
    }

    /** Opens or reveals the panel. */
    reveal(preserveFocus = false): void {
        this.host.reveal(preserveFocus);
    }

    get isVisible(): boolean {
        return this.host.isVisible;
    }

    /** What the webview last reported on screen. */
    get lastRendered(): RenderedTrainingView | undefined {
        return this.rendered;
    }

    /** Shows a run (and keeps the plan). */
    showRun(run: TrainingRunState): void {
        this.update({ ...this.model, run });
    }

    /** Shows a memory plan beside the measured memory. */
    showPlan(plan: MemoryPlanView): void {
        this.update({ ...this.model, plan });
    }

    private update(model: TrainingPanelModel): void {
        this.model = model;
        const wait = this.lastPost + 1000 / UPDATES_PER_SECOND - Date.now();
        const ended = model.run?.endedAt !== undefined;
        if (ended || wait <= 0) {
            this.flush();
        } else if (this.pending === undefined) {
            this.pending = setTimeout(() => this.flush(), wait);
        }
    }

    private flush(): void {
        if (this.pending !== undefined) clearTimeout(this.pending);
        this.pending = undefined;
        this.lastPost = Date.now();
        this.host.post({ type: 'show', model: this.model });
    }

    private receive(message: FromTrainingWebview): void {
        switch (message.type) {
            case 'ready':
                // A (re)loaded webview shows its saved state at once; send ours if we have a run.
                if (this.model.run !== undefined) this.flush();
                break;
            case 'rendered':
                this.rendered = message.view;
                this.renderedEmitter.fire(message.view);
                break;
            case 'stop':
                this.actions.stopTraining();
                break;
            case 'showLog':
                this.actions.showLog();
                break;
        }
    }

    dispose(): void {
        if (this.pending !== undefined) clearTimeout(this.pending);
        this.host.dispose();
        this.renderedEmitter.dispose();
    }
}
