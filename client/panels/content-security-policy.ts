// The Content Security Policy of every PHG webview: nothing remote, nothing inline, scripts only
// with the page load's nonce.

/** The Content Security Policy for a webview page with this nonce. */
export function contentSecurityPolicy(cspSource: string, nonce: string): string {
    return [
        "default-src 'none'",
        `img-src ${cspSource} data:`,
        `font-src ${cspSource}`,
        // Lit (inside @vscode-elements) adopts constructed stylesheets, which CSP does not govern;
        // our own styles come from files.
        `style-src ${cspSource}`,
        `script-src 'nonce-${nonce}'`
    ].join('; ');
}
