// Starts the PHG language server (dist/server.cjs) over Node IPC and connects a client to it.
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

/** Creates and starts the language client; the caller owns (disposes) it. */
export async function startLanguageClient(context: vscode.ExtensionContext): Promise<LanguageClient> {
    const serverModule = vscode.Uri.joinPath(context.extensionUri, 'dist', 'server.cjs').fsPath;
    const serverOptions: ServerOptions = {
        run: { module: serverModule, transport: TransportKind.ipc },
        debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } }
    };
    const clientOptions: LanguageClientOptions = {
        documentSelector: [{ language: 'phg' }],
        // Certificates, the trust store and the version store: the server re-checks certificates when they change.
        synchronize: {
            fileEvents: [
                vscode.workspace.createFileSystemWatcher('**/*.{phg,phgcert}'),
                vscode.workspace.createFileSystemWatcher('**/phg.trust.json'),
                vscode.workspace.createFileSystemWatcher('**/.phg/versions/**')
            ]
        }
    };
    const client = new LanguageClient('phg', 'PHG Language Server', serverOptions, clientOptions);
    await client.start();
    return client;
}
