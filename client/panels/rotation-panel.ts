// The extension side of the Rotation panel: keeps the service it shows, sends it to the webview at
// a bounded rate, relays the panel's buttons, and records what the webview says it rendered.
import * as vscode from 'vscode';
import type { ServiceState } from '../serving/service-state.js';
import type { FromRotationWebview, RenderedRotationView, RotationPanelModel, ToRotationWebview } from './rotation-messages.js';
import { WebviewPanelHost } from './webview-panel-host.js';

/** At most this many updates a second reach the webview; the last one always does. */
const UPDATES_PER_SECOND = 5;

/** What the panel asks of the rest of the extension. */
export interface RotationPanelActions {
    rotate(): void;
    stopServing(): void;
    showLog(): void;
}

export class RotationPanel implements vscode.Disposable {
    static readonly viewType = 'phg.rotationPanel';

    private readonly host: WebviewPanelHost<ToRotationWebview, FromRotationWebview>;
    private model: RotationPanelModel = { service: undefined };
    private rendered: RenderedRotationView | undefined;
    private lastPost = 0;
    private pending: ReturnType<typeof setTimeout> | undefined;
    private readonly renderedEmitter = new vscode.EventEmitter<RenderedRotationView>();

    /** The webview reported what it put on screen. */
    readonly onDidRender = this.renderedEmitter.event;

    constructor(extensionUri: vscode.Uri, private readonly actions: RotationPanelActions) {
        this.host = new WebviewPanelHost(extensionUri, {
            viewType: RotationPanel.viewType,
            title: 'PHG Rotation',
            bundle: { script: 'rotation.js', styles: ['rotation.css'] }
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
    get lastRendered(): RenderedRotationView | undefined {
        return this.rendered;
    }

    /** Shows a service's state. */
    showService(service: ServiceState): void {
        this.model = { service };
        const wait = this.lastPost + 1000 / UPDATES_PER_SECOND - Date.now();
        if (service.endedAt !== undefined || wait <= 0) this.flush();
        else if (this.pending === undefined) this.pending = setTimeout(() => this.flush(), wait);
    }

    private flush(): void {
        if (this.pending !== undefined) clearTimeout(this.pending);
        this.pending = undefined;
        this.lastPost = Date.now();
        this.host.post({ type: 'show', model: this.model });
    }

    private receive(message: FromRotationWebview): void {
        switch (message.type) {
            case 'ready':
                if (this.model.service !== undefined) this.flush();
                break;
            case 'rendered':
                this.rendered = message.view;
                this.renderedEmitter.fire(message.view);
                break;
            case 'rotate':
                this.actions.rotate();
                break;
            case 'stop':
                this.actions.stopServing();
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
