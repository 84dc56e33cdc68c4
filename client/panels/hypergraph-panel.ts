// The extension side of the Hypergraph panel: shows a document's `phg/hypergraph` answer, and
// reveals a value's or an operation's source when the user clicks it in the panel.
import * as vscode from 'vscode';
import type { FromHypergraphWebview, HypergraphPanelModel, RenderedHypergraphView, ToHypergraphWebview } from './hypergraph-messages.js';
import { WebviewPanelHost } from './webview-panel-host.js';

export class HypergraphPanel implements vscode.Disposable {
    static readonly viewType = 'phg.hypergraphPanel';

    private readonly host: WebviewPanelHost<ToHypergraphWebview, FromHypergraphWebview>;
    private model: HypergraphPanelModel | undefined;
    private rendered: RenderedHypergraphView | undefined;
    private readonly renderedEmitter = new vscode.EventEmitter<RenderedHypergraphView>();

    /** The webview reported what it put on screen. */
    readonly onDidRender = this.renderedEmitter.event;

    constructor(extensionUri: vscode.Uri) {
        this.host = new WebviewPanelHost(extensionUri, {
            viewType: HypergraphPanel.viewType,
            title: 'PHG Hypergraph',
            bundle: { script: 'hypergraph.js', styles: ['base.css', 'hypergraph.css'] }
        });
        this.host.onDidReceiveMessage((message) => this.receive(message));
    }

    /** What the webview last reported on screen. */
    get lastRendered(): RenderedHypergraphView | undefined {
        return this.rendered;
    }

    /** Opens the panel with a document's hypergraph, and focuses it (the user asked to look at it). */
    show(model: HypergraphPanelModel): void {
        this.model = model;
        this.host.reveal(false);
        this.host.post({ type: 'show', model });
    }

    private receive(message: FromHypergraphWebview): void {
        switch (message.type) {
            case 'ready':
                if (this.model !== undefined) this.host.post({ type: 'show', model: this.model });
                break;
            case 'rendered':
                this.rendered = message.view;
                this.renderedEmitter.fire(message.view);
                break;
            case 'reveal':
                if (this.model !== undefined) void this.revealSource(this.model.result.uri, message.range);
                break;
        }
    }

    private async revealSource(uri: string, range: { readonly start: { readonly line: number; readonly character: number }; readonly end: { readonly line: number; readonly character: number } }): Promise<void> {
        const selection = new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character);
        await vscode.window.showTextDocument(vscode.Uri.parse(uri), { selection, viewColumn: vscode.ViewColumn.One, preserveFocus: false });
    }

    dispose(): void {
        this.host.dispose();
        this.renderedEmitter.dispose();
    }
}
