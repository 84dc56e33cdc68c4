// The HTML shell of every PHG webview: a strict Content Security Policy (nothing remote, no inline
// script, scripts only with this load's nonce) around one bundled script and its stylesheet.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { contentSecurityPolicy } from './content-security-policy.js';

/** The assets of one webview, as paths under the extension's `dist/webview/`. */
export interface WebviewBundle {
    readonly script: string;
    readonly styles: readonly string[];
}

/** A fresh nonce for one page load. */
export function createNonce(): string {
    return randomBytes(16).toString('base64');
}

function escapeHtml(text: string): string {
    return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Renders the page that loads a bundle into a webview. */
export function webviewDocument(webview: vscode.Webview, extensionUri: vscode.Uri, bundle: WebviewBundle, title: string): string {
    const nonce = createNonce();
    const asset = (file: string): string => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview', file)).toString();
    const styles = bundle.styles.map((file) => `<link rel="stylesheet" href="${asset(file)}">`).join('\n    ');
    return `<!DOCTYPE html>
<html lang="en">
<head>
    <meta charset="UTF-8">
    <meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy(webview.cspSource, nonce)}">
    <meta name="viewport" content="width=device-width, initial-scale=1.0">
    ${styles}
    <title>${escapeHtml(title)}</title>
</head>
<body>
    <main id="root"></main>
    <script nonce="${nonce}" src="${asset(bundle.script)}"></script>
</body>
</html>`;
}
