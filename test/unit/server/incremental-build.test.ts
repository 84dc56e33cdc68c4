// A re-check after an edit rebuilds the edited document only: the other open documents keep
// their syntax trees (no re-parse) and their results.
import { DocumentState, EmptyFileSystem, URI } from 'langium';
import { describe, expect, test } from 'vitest';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createPhgLspServices } from '../../../server/phg-lsp-module.js';

const model = (name: string, extra = ''): string => `model ${name} {\n  input x : [4]<m>\n  param k : [] init 1.0\n  output y : [4]<N> = k * x${extra}\n}\n`;

describe('the server\'s document builder', () => {
    test('re-parses and re-checks only the edited document', async () => {
        const { shared } = createPhgLspServices({ ...EmptyFileSystem });
        const open = (name: string, text: string): URI => {
            const uri = URI.parse(`file:///workspace/${name}.phg`);
            shared.workspace.TextDocuments.set(TextDocument.create(uri.toString(), 'phg', 1, text));
            shared.workspace.LangiumDocuments.addDocument(shared.workspace.LangiumDocumentFactory.fromTextDocument(shared.workspace.TextDocuments.get(uri.toString())!));
            return uri;
        };
        const edited = open('edited', model('A'));
        const untouched = open('untouched', model('B'));
        const documents = shared.workspace.LangiumDocuments;
        await shared.workspace.DocumentBuilder.build(documents.all.toArray(), { validation: true });
        const untouchedBefore = documents.getDocument(untouched)!;
        const untouchedTree = untouchedBefore.parseResult;
        const untouchedDiagnostics = untouchedBefore.diagnostics;
        const editedTree = documents.getDocument(edited)!.parseResult;

        shared.workspace.TextDocuments.set(TextDocument.create(edited.toString(), 'phg', 2, model('A', ' + x')));
        await shared.workspace.DocumentBuilder.update([edited], []);

        expect(documents.getDocument(edited)!.parseResult).not.toBe(editedTree);
        expect(documents.getDocument(edited)!.diagnostics?.map((d) => d.code)).toEqual(['PHG1006']);
        expect(documents.getDocument(untouched)!.parseResult).toBe(untouchedTree);
        expect(documents.getDocument(untouched)!.diagnostics).toBe(untouchedDiagnostics);
        expect(documents.getDocument(untouched)!.state).toBe(DocumentState.Validated);
    });
});
