// Langium's document builder, with two changes for the editor:
// - live builds run every validation category, so the editor shows what `phg check` prints;
// - every request first flushes edits that are waiting for their debounce (see
//   debounced-update-handler.ts), so it never answers from a syntax tree older than the text.
import { DefaultDocumentBuilder, type DocumentState, type URI } from 'langium';
import type { CancellationToken } from 'vscode-languageserver';
import type { LangiumSharedServices } from 'langium/lsp';
import { PhgDocumentUpdateHandler } from './debounced-update-handler.js';

/** The server's document builder: full validation on every edit, requests see the latest edit. */
export class PhgDocumentBuilder extends DefaultDocumentBuilder {
    private readonly updateHandler: () => unknown;

    constructor(services: LangiumSharedServices) {
        super(services);
        this.updateBuildOptions = { validation: true };
        // Resolved lazily: the update handler itself depends on the document builder.
        this.updateHandler = () => services.lsp.DocumentUpdateHandler;
    }

    override waitUntil(state: DocumentState, cancelToken?: CancellationToken): Promise<void>;
    override waitUntil(state: DocumentState, uri?: URI, cancelToken?: CancellationToken): Promise<URI>;
    override async waitUntil(state: DocumentState, uriOrToken?: URI | CancellationToken, cancelToken?: CancellationToken): Promise<URI | void> {
        const handler = this.updateHandler();
        if (handler instanceof PhgDocumentUpdateHandler) await handler.flushPendingEdits();
        if (uriOrToken !== undefined && 'path' in uriOrToken) return super.waitUntil(state, uriOrToken, cancelToken);
        return super.waitUntil(state, uriOrToken);
    }
}
