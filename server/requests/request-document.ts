// The document a custom request is about: the open one, or one read from disk and built on demand
// (a panel may ask about a file the editor has closed).
import type { LangiumDocument, URI } from 'langium';
import type { LangiumSharedServices } from 'langium/lsp';

/** An open document, or one read from disk and built on demand; undefined when it cannot be read. */
export async function requestDocument(shared: LangiumSharedServices, uri: URI): Promise<LangiumDocument | undefined> {
    const documents = shared.workspace.LangiumDocuments;
    if (documents.hasDocument(uri)) return documents.getDocument(uri);
    try {
        const document = await documents.getOrCreateDocument(uri);
        await shared.workspace.DocumentBuilder.build([document], { validation: true });
        return document;
    } catch {
        return undefined;
    }
}
