// One kind of webview panel, at most one open at a time: created on demand, revealed when asked
// again, restored by VS Code after a window reload (through a serializer), and typed on both
// message directions. The training panel uses it; the rotation and hypergraph panels will too.
import * as vscode from 'vscode';
import { webviewDocument, type WebviewBundle } from './webview-document.js';

/** What distinguishes one panel kind from another. */
export interface PanelKind {
    /** Also the serializer's key: `onWebviewPanel:<viewType>` activates the extension. */
    readonly viewType: string;
    readonly title: string;
    readonly bundle: WebviewBundle;
}

/** Hosts the single panel of one kind. */
export class WebviewPanelHost<ToWebview, FromWebview> implements vscode.Disposable {
    private panel: vscode.WebviewPanel | undefined;
    private readonly disposables: vscode.Disposable[] = [];
    private readonly received = new vscode.EventEmitter<FromWebview>();
    private readonly visibility = new vscode.EventEmitter<boolean>();

    /** Messages the webview sends. */
    readonly onDidReceiveMessage = this.received.event;
    /** The panel became visible (true) or hidden or closed (false). */
    readonly onDidChangeVisibility = this.visibility.event;

    constructor(private readonly extensionUri: vscode.Uri, private readonly kind: PanelKind) {
        this.disposables.push(
            vscode.window.registerWebviewPanelSerializer(kind.viewType, {
                deserializeWebviewPanel: async (panel: vscode.WebviewPanel) => { this.adopt(panel); }
            }),
            this.received,
            this.visibility
        );
    }

    /** True while the panel exists (visible or in a background tab). */
    get isOpen(): boolean {
        return this.panel !== undefined;
    }

    /** True while the panel is on screen. */
    get isVisible(): boolean {
        return this.panel?.visible ?? false;
    }

    /** Opens the panel, or brings it to the front. */
    reveal(preserveFocus = false): void {
        if (this.panel !== undefined) {
            this.panel.reveal(undefined, preserveFocus);
            return;
        }
        const panel = vscode.window.createWebviewPanel(this.kind.viewType, this.kind.title,
            { viewColumn: vscode.ViewColumn.Beside, preserveFocus }, this.webviewOptions());
        this.adopt(panel);
    }

    /** Sends a message; dropped when the panel is closed (it asks for the state when it opens). */
    post(message: ToWebview): void {
        void this.panel?.webview.postMessage(message);
    }

    private webviewOptions(): vscode.WebviewPanelOptions & vscode.WebviewOptions {
        return {
            enableScripts: true,
            localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview')],
            // No retainContextWhenHidden: the webview keeps its state with setState and is
            // rebuilt from it when shown again, which costs nothing while the tab is hidden.
            retainContextWhenHidden: false
        };
    }

    private adopt(panel: vscode.WebviewPanel): void {
        this.panel?.dispose();
        this.panel = panel;
        panel.webview.options = this.webviewOptions();
        panel.webview.html = webviewDocument(panel.webview, this.extensionUri, this.kind.bundle, this.kind.title);
        const subscriptions = [
            panel.webview.onDidReceiveMessage((message: FromWebview) => this.received.fire(message)),
            panel.onDidChangeViewState((event) => this.visibility.fire(event.webviewPanel.visible))
        ];
        panel.onDidDispose(() => {
            subscriptions.forEach((s) => s.dispose());
            if (this.panel === panel) this.panel = undefined;
            this.visibility.fire(false);
        });
    }

    dispose(): void {
        this.panel?.dispose();
        this.disposables.forEach((d) => d.dispose());
    }
}
