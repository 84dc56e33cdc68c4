// Rebuilds a document shortly after the last keystroke instead of after every one.
//
// Langium rebuilds on every change and cancels the build in flight when the next change arrives.
// While a user types, most of those builds are wasted; waiting a few milliseconds for the typing
// to pause lets one build serve a burst of keystrokes. A request (hover, completion, ...) must
// never see the old syntax tree with the new text, so requests flush the pending edits first
// (see PhgDocumentBuilder.waitUntil).
import { DefaultDocumentUpdateHandler, type LangiumSharedServices } from 'langium/lsp';
import { URI, type TextDocument } from 'langium';
import type { TextDocumentChangeEvent } from 'vscode-languageserver';
import { builtinScheme } from '../providers/builtin-document-content-provider.js';

/** How long the server waits after an edit before rebuilding, unless a request needs the result sooner. */
export const editDebounceMilliseconds = 15;

/** Coalesces edits per burst of typing; opening a document rebuilds it at once. */
export class PhgDocumentUpdateHandler extends DefaultDocumentUpdateHandler {
    private readonly pendingUris = new Map<string, URI>();
    private readonly openingUris = new Set<string>();
    private timer: ReturnType<typeof setTimeout> | undefined;
    /** Resolves once the document builder has taken the last fired edits into account. */
    private updateStarted: Promise<void> = Promise.resolve();

    constructor(services: LangiumSharedServices, private readonly debounceMilliseconds = editDebounceMilliseconds) {
        super(services);
    }

    didOpenDocument(event: TextDocumentChangeEvent<TextDocument>): void {
        // The open event is followed by a content change for the same document: build that one at once.
        if (URI.parse(event.document.uri).scheme !== builtinScheme) this.openingUris.add(event.document.uri);
    }

    override didChangeContent(change: TextDocumentChangeEvent<TextDocument>): void {
        const key = change.document.uri;
        // The built-in document is shown read-only; building it as a workspace file would
        // declare every built-in unit a second time.
        if (URI.parse(key).scheme === builtinScheme) return;
        this.pendingUris.set(key, URI.parse(key));
        // The build in flight (if any) works on text that is already stale.
        this.workspaceLock.cancelWrite();
        if (this.openingUris.delete(key)) {
            void this.flushPendingEdits();
            return;
        }
        if (this.timer !== undefined) clearTimeout(this.timer);
        this.timer = setTimeout(() => { void this.flushPendingEdits(); }, this.debounceMilliseconds);
    }

    /**
     * Starts the update for every pending edit now. The promise resolves once the document
     * builder has marked those documents as changed, so that a request waiting for a document
     * state afterwards waits for the new build rather than reading the old one.
     */
    flushPendingEdits(): Promise<void> {
        if (this.timer !== undefined) {
            clearTimeout(this.timer);
            this.timer = undefined;
        }
        if (this.pendingUris.size === 0) return this.updateStarted;
        const changed = [...this.pendingUris.values()];
        this.pendingUris.clear();
        const keys = new Set(changed.map((uri) => uri.toString()));
        this.updateStarted = new Promise<void>((resolve) => {
            const listener = this.documentBuilder.onUpdate((updated) => {
                if (updated.some((uri) => keys.has(uri.toString()))) done();
            });
            const done = (): void => {
                listener.dispose();
                resolve();
            };
            // The same write as Langium's own update; settling also releases waiting requests
            // when the builder found nothing to update (a document closed in the meantime).
            this.workspaceManager.ready
                .then(() => this.workspaceLock.write((token) => this.documentBuilder.update(changed, [], token)))
                .catch((error: unknown) => { console.error('PHG: document update failed', error); })
                .finally(done);
        });
        return this.updateStarted;
    }
}
