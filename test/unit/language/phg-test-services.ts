// Test support: parse, link and validate PHG source text with the language's core services.
import { EmptyFileSystem, URI, type LangiumDocument } from 'langium';
import type { Diagnostic } from 'vscode-languageserver-types';
import { analyzeDocument, createPhgCoreServices, type DocumentAnalysis, type PhgCoreServices } from '../../../language/index.js';
import type { PhgFile } from '../../../language/generated/ast.js';

let services: PhgCoreServices | undefined;
let counter = 0;

/** One shared set of services (the built-in units document is parsed once). */
export function phgServices(): PhgCoreServices {
    services ??= createPhgCoreServices(EmptyFileSystem).Phg;
    return services;
}

/** A checked document: its diagnostics (all of them, as the editor shows them) and its analysis. */
export interface CheckedSource {
    readonly document: LangiumDocument<PhgFile>;
    readonly diagnostics: readonly Diagnostic[];
    readonly analysis: DocumentAnalysis;
}

/** Parses, links and validates source text as a fresh document. */
export async function checkSource(text: string, name = `test-${++counter}.phg`): Promise<CheckedSource> {
    const phg = phgServices();
    const document = phg.shared.workspace.LangiumDocumentFactory.fromString<PhgFile>(text, URI.parse(`memory:///${name}`));
    phg.shared.workspace.LangiumDocuments.addDocument(document);
    await phg.shared.workspace.DocumentBuilder.build([document], { validation: true });
    const diagnostics = document.diagnostics ?? [];
    const analysis = analyzeDocument(document, phg);
    phg.shared.workspace.LangiumDocuments.deleteDocument(document.uri);
    // Deleting a document leaves its exported symbols in the index; over thousands of fuzz mutants
    // each check got slower and the process finally ran out of memory.
    phg.shared.workspace.IndexManager.remove(document.uri);
    return { document, diagnostics, analysis };
}
