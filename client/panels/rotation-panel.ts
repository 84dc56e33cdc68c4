// The extension side of the Rotation panel: keeps the service it shows, sends it to the webview at
// a bounded rate, relays the panel's buttons, and records what the webview says it rendered.
import type * as vscode from 'vscode';
import type { ServiceState } from '../serving/service-state.js';
import { LivePanel, type LifecycleMessage } from './live-panel.js';
import type { FromRotationWebview, RenderedRotationView, RotationPanelModel } from './rotation-messages.js';

/** What the panel asks of the rest of the extension. */
export interface RotationPanelActions {
    rotate(): void;
    stopServing(): void;
    showLog(): void;
}

type RotationButton = Exclude<FromRotationWebview, LifecycleMessage<RenderedRotationView>>;

export class RotationPanel extends LivePanel<RotationPanelModel, RenderedRotationView, RotationButton> {
    static readonly viewType = 'phg.rotationPanel';

    constructor(extensionUri: vscode.Uri, private readonly actions: RotationPanelActions) {
        super(extensionUri, { viewType: RotationPanel.viewType, title: 'PHG Rotation', bundle: { script: 'rotation.js', styles: ['base.css', 'rotation.css'] } }, { service: undefined });
    }

    /** Shows a service's state. */
    showService(service: ServiceState): void {
        this.update({ service });
    }

    protected hasContent(model: RotationPanelModel): boolean {
        return model.service !== undefined;
    }

    protected isFinal(model: RotationPanelModel): boolean {
        return model.service?.endedAt !== undefined;
    }

    protected act(button: RotationButton): void {
        switch (button.type) {
            case 'rotate': this.actions.rotate(); break;
            case 'stop': this.actions.stopServing(); break;
            case 'showLog': this.actions.showLog(); break;
        }
    }
}
