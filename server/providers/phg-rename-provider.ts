// Rename: Langium's, except that built-in units and dimensions cannot be renamed (they live in
// a generated document, not in the user's files).
import { AstUtils, CstUtils, URI, type LangiumDocument } from 'langium';
import { DefaultRenameProvider } from 'langium/lsp';
import type { Position, Range, RenameParams, TextDocumentPositionParams, WorkspaceEdit } from 'vscode-languageserver';
import { builtinUnitsUri } from '../../language/index.js';

const builtinDocumentUri = URI.parse(builtinUnitsUri).toString();

/** Renames declarations and their references in the workspace; refuses built-ins. */
export class PhgRenameProvider extends DefaultRenameProvider {
    override async rename(document: LangiumDocument, params: RenameParams): Promise<WorkspaceEdit | undefined> {
        return this.refersToBuiltin(document, params.position) ? undefined : super.rename(document, params);
    }

    override prepareRename(document: LangiumDocument, params: TextDocumentPositionParams): Range | undefined {
        return this.refersToBuiltin(document, params.position) ? undefined : this.renameNodeRange(document, params.position);
    }

    private refersToBuiltin(document: LangiumDocument, position: Position): boolean {
        const root = document.parseResult.value.$cstNode;
        if (!root) return false;
        const leaf = CstUtils.findDeclarationNodeAtOffset(root, document.textDocument.offsetAt(position), this.grammarConfig.nameRegexp);
        if (!leaf) return false;
        return this.references.findDeclarations(leaf).some((target) => AstUtils.getDocument(target).uri.toString() === builtinDocumentUri);
    }
}
