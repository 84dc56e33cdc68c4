// The extension side shared by the panels that follow something changing (a training run, a
// service): one WebviewPanelHost, the model it shows sent at a bounded rate (the last one, and the
// one that ends the run, always), and what the webview says it rendered. Each panel adds its own
// model updates and the actions of its buttons.
import * as vscode from 'vscode';
import { WebviewPanelHost, type PanelKind } from './webview-panel-host.js';

/** At most this many updates a second reach the webview; the last one always does. */
const UPDATES_PER_SECOND = 5;

/** What every live webview says besides its buttons: it loaded, and what it put on screen. */
export type LifecycleMessage<Rendered> = { readonly type: 'ready' } | { readonly type: 'rendered'; readonly view: Rendered };

/** The one message a live webview receives: the model to show. */
export interface ShowMessage<Model> {
    readonly type: 'show';
    readonly model: Model;
}

function isLifecycleMessage<Rendered>(message: { readonly type: string }): message is LifecycleMessage<Rendered> {
    return message.type === 'ready' || message.type === 'rendered';
}

export abstract class LivePanel<Model, Rendered, Action extends { readonly type: string }> implements vscode.Disposable {
    private readonly host: WebviewPanelHost<ShowMessage<Model>, LifecycleMessage<Rendered> | Action>;
    private rendered: Rendered | undefined;
    private lastPost = 0;
    private pending: ReturnType<typeof setTimeout> | undefined;
    private readonly renderedEmitter = new vscode.EventEmitter<Rendered>();

    /** The webview reported what it put on screen. */
    readonly onDidRender = this.renderedEmitter.event;

    protected constructor(extensionUri: vscode.Uri, kind: PanelKind, protected model: Model) {
        this.host = new WebviewPanelHost(extensionUri, kind);
        this.host.onDidReceiveMessage((message) => this.receive(message));
    }

    /** Whether the model has anything to show yet (a (re)loaded webview shows its saved state until then). */
    protected abstract hasContent(model: Model): boolean;
    /** Whether the model is final (the run or service ended): it is sent at once. */
    protected abstract isFinal(model: Model): boolean;
    /** One of the panel's buttons. */
    protected abstract act(action: Action): void;

    /** Opens or reveals the panel. */
    reveal(preserveFocus = false): void {
        this.host.reveal(preserveFocus);
    }

    get isVisible(): boolean {
        return this.host.isVisible;
    }

    /** What the webview last reported on screen. */
    get lastRendered(): Rendered | undefined {
        return this.rendered;
    }

    /** Shows a new model, at most UPDATES_PER_SECOND times a second. */
    protected update(model: Model): void {
        this.model = model;
        const wait = this.lastPost + 1000 / UPDATES_PER_SECOND - Date.now();
        if (this.isFinal(model) || wait <= 0) this.flush();
        else if (this.pending === undefined) this.pending = setTimeout(() => this.flush(), wait);
    }

    private flush(): void {
        if (this.pending !== undefined) clearTimeout(this.pending);
        this.pending = undefined;
        this.lastPost = Date.now();
        this.host.post({ type: 'show', model: this.model });
    }

    private receive(message: LifecycleMessage<Rendered> | Action): void {
        if (!isLifecycleMessage<Rendered>(message)) {
            this.act(message);
        } else if (message.type === 'ready') {
            if (this.hasContent(this.model)) this.flush();
        } else {
            this.rendered = message.view;
            this.renderedEmitter.fire(message.view);
        }
    }

    dispose(): void {
        if (this.pending !== undefined) clearTimeout(this.pending);
        this.host.dispose();
        this.renderedEmitter.dispose();
    }
}
