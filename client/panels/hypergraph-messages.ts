// The messages between the Hypergraph panel (extension side) and its webview (browser side).
// The graph itself is the language server's `phg/hypergraph` answer (server/protocol.ts).
import type { HypergraphRange, HypergraphResult } from '../../server/protocol.js';

/** What the webview shows. Also its persisted state. */
export interface HypergraphPanelModel {
    /** The model file, relative to the workspace folder. */
    readonly file: string;
    readonly result: HypergraphResult;
}

/** Extension → webview. */
export type ToHypergraphWebview = { readonly type: 'show'; readonly model: HypergraphPanelModel };

/** What the webview has put on screen, for the extension's record (and the tests). */
export interface RenderedHypergraphView {
    /** The title of the model shown (`train Mlp on train_set`). */
    readonly title: string;
    readonly nodeRows: number;
    readonly edgeRows: number;
    /** Boxes drawn in the graph view (values) and hyperedge markers (operations). */
    readonly drawnNodes: number;
    readonly drawnEdges: number;
}

/** Webview → extension. */
export type FromHypergraphWebview =
    | { readonly type: 'ready' }
    | { readonly type: 'rendered'; readonly view: RenderedHypergraphView }
    /** The user clicked a value or an operation: show it in the source. */
    | { readonly type: 'reveal'; readonly range: HypergraphRange };
