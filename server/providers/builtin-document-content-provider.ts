// Serves the built-in units document (`phg-builtin:///units.phg`) to the editor, so that go to
// definition on `m`, `N` or `MiB` opens the declaration instead of failing on an unknown scheme.
// The client (vscode-languageclient 10) shows it read-only through workspace/textDocumentContent.
import { URI } from 'langium';
import type { LangiumSharedServices, TextDocumentContentProvider } from 'langium/lsp';
import type { TextDocumentContentParams, TextDocumentContentResult } from 'vscode-languageserver';
import { builtinUnitsUri } from '../../language/index.js';
import type { PhgAddedServices } from '../../language/index.js';

/** The URI scheme of documents the language generates rather than reads from disk. */
export const builtinScheme = URI.parse(builtinUnitsUri).scheme;

/** Answers content requests for the built-in document. */
export class BuiltinDocumentContentProvider implements TextDocumentContentProvider {
    readonly schemes = [builtinScheme];

    constructor(private readonly shared: LangiumSharedServices) {}

    async provideTextDocumentContent(params: TextDocumentContentParams): Promise<TextDocumentContentResult | undefined> {
        const uri = URI.parse(params.uri);
        if (uri.toString() !== URI.parse(builtinUnitsUri).toString() || !this.shared.ServiceRegistry.hasServices(uri)) return undefined;
        const services = this.shared.ServiceRegistry.getServices(uri) as unknown as Partial<PhgAddedServices>;
        const builtin = services.builtins?.BuiltinDocument;
        return builtin ? { text: builtin.document.textDocument.getText() } : undefined;
    }
}
