// `phg/hypergraph` (server/protocol.ts): the lowered PHG IR of a document for the Hypergraph
// panel, answered after the document's latest edit has been checked.
import { DocumentState, URI } from 'langium';
import type { LangiumSharedServices } from 'langium/lsp';
import type { Connection } from 'vscode-languageserver';
import { hypergraphOf } from '../hypergraph/document-hypergraph.js';
import type { PhgLspServices } from '../phg-lsp-module.js';
import { requestDocument } from './request-document.js';
import { HypergraphRequest } from '../protocol.js';

/** Registers the `phg/hypergraph` handler on a connection. */
export function registerHypergraphRequest(connection: Connection, shared: LangiumSharedServices, services: PhgLspServices): void {
    connection.onRequest(HypergraphRequest, async (params, cancelToken) => {
        const uri = URI.parse(params.uri);
        const document = await requestDocument(shared, uri);
        if (document === undefined) return { uri: params.uri, models: [], unavailable: [], reason: `the server cannot read ${params.uri}` };
        await shared.workspace.DocumentBuilder.waitUntil(DocumentState.Validated, uri, cancelToken);
        return hypergraphOf(document, services);
    });
}
