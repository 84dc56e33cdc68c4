// Read-only editor tabs for generated views (a memory plan table, the hypergraph listing):
// a text document provider on the `phg-view:` scheme whose contents the extension sets.
import * as vscode from 'vscode';

export class ReadOnlyDocuments implements vscode.Disposable {
    static readonly scheme = 'phg-view';
    private readonly contents = new Map<string, string>();
    private readonly changed = new vscode.EventEmitter<vscode.Uri>();
    private readonly registration: vscode.Disposable;

    constructor() {
        this.registration = vscode.workspace.registerTextDocumentContentProvider(ReadOnlyDocuments.scheme, {
            onDidChange: this.changed.event,
            provideTextDocumentContent: (uri) => this.contents.get(uri.toString()) ?? ''
        });
    }

    /** Shows `content` in a read-only tab named `name` (its extension picks the highlighting). */
    async show(name: string, content: string): Promise<vscode.TextEditor> {
        const uri = vscode.Uri.from({ scheme: ReadOnlyDocuments.scheme, path: `/${name}` });
        this.contents.set(uri.toString(), content);
        this.changed.fire(uri);
        const document = await vscode.workspace.openTextDocument(uri);
        return vscode.window.showTextDocument(document, { preview: true, viewColumn: vscode.ViewColumn.Beside });
    }

    dispose(): void {
        this.registration.dispose();
        this.changed.dispose();
    }
}
