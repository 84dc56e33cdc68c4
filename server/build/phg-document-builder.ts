// Langium's document builder, with four changes for the editor:
// - live builds run every validation category, so the editor shows what `phg check` prints;
// - every request first flushes edits that are waiting for their debounce (see
//   debounced-update-handler.ts), so it never answers from a syntax tree older than the text;
// - a document above the live-analysis limit (live-analysis-limit.ts) is checked for syntax
//   and names only, so one huge file cannot freeze the server;
// - a check that throws (a bug) still finishes its documents, with the failure as a diagnostic,
//   instead of leaving every request waiting for a state that never comes; a validator that
//   throws on one document leaves the other documents' diagnostics intact.
import { DefaultDocumentBuilder, DefaultDocumentValidator, DocumentState, isOperationCancelled, type BuildOptions, type LangiumDocument, type URI } from 'langium';
import type { LangiumSharedServices } from 'langium/lsp';
import { DiagnosticSeverity, type CancellationToken, type Diagnostic } from 'vscode-languageserver';
import { PhgDocumentUpdateHandler } from './debounced-update-handler.js';
import { exceedsLiveAnalysisLimit, liveAnalysisLimit } from './live-analysis-limit.js';

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

    /**
     * A validator that throws (a bug) costs only its own document its diagnostics, not the whole
     * build. A document above the live-analysis limit gets syntax and link checks only.
     */
    protected override async validate(document: LangiumDocument, cancelToken: CancellationToken): Promise<void> {
        try {
            if (exceedsLiveAnalysisLimit(document)) await this.validateSyntaxAndLinks(document, cancelToken);
            else await super.validate(document, cancelToken);
        } catch (error) {
            if (isOperationCancelled(error)) throw error;
            console.error(`PHG: checking ${document.uri.toString()} failed:`, error);
            document.diagnostics = [...(document.diagnostics ?? []), internalErrorDiagnostic(error)];
        }
    }

    private async validateSyntaxAndLinks(document: LangiumDocument, cancelToken: CancellationToken): Promise<void> {
        const services = this.serviceRegistry.getServices(document.uri);
        let validator = this.syntaxValidators.get(services);
        if (!validator) {
            validator = new DefaultDocumentValidator(services);
            this.syntaxValidators.set(services, validator);
        }
        const diagnostics = await validator.validateDocument(document, { categories: ['built-in'] }, cancelToken);
        const size = Math.round(document.textDocument.getText().length / 1024);
        diagnostics.push({
            severity: DiagnosticSeverity.Information,
            range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
            message: `This file is ${size} KiB; above ${liveAnalysisLimit / 1024} KiB the editor checks syntax and names only, not dimensions and shapes. Run \`phg check\` on it for the full check.`,
            source: 'phg',
            data: { code: 'live-analysis-limit' }
        });
        document.diagnostics = diagnostics;
        // Record the validation as complete, so later builds do not redo it for this version.
        const state = this.buildState.get(document.uri.toString());
        if (state) state.result = { ...state.result, validationChecks: [...services.validation.ValidationRegistry.getAllValidationCategories(document)] };
    }

    private readonly syntaxValidators = new WeakMap<object, DefaultDocumentValidator>();

    protected override async buildDocuments(documents: LangiumDocument[], options: BuildOptions, cancelToken: CancellationToken): Promise<void> {
        try {
            await super.buildDocuments(documents, options, cancelToken);
        } catch (error) {
            if (isOperationCancelled(error)) throw error;
            console.error('PHG: checking failed:', error);
            const unfinished = documents.filter((document) => document.state < DocumentState.Validated);
            for (const document of unfinished) {
                document.diagnostics = [...(document.diagnostics ?? []), internalErrorDiagnostic(error)];
                document.state = DocumentState.Validated;
                await this.notifyDocumentPhase(document, DocumentState.Validated, cancelToken);
            }
            this.currentState = DocumentState.Validated;
            await this.notifyBuildPhase(documents, DocumentState.Validated, cancelToken);
        }
    }
}

function internalErrorDiagnostic(error: unknown): Diagnostic {
    const reason = error instanceof Error ? error.message : String(error);
    return {
        severity: DiagnosticSeverity.Error,
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        message: `PHG could not finish checking this file (an internal error: ${reason}). Other results may be missing.`,
        source: 'phg',
        data: { code: 'internal-error' }
    };
}
