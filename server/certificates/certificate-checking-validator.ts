// The language's document validator, plus the certificate diagnostics of the editor: PHG5001 on
// each declaration that changed since the model was certified, and the certificate's, trust
// store's and newest version's failures on the model. Only the editor adds these (they read files
// beside the source); `phg check` validates without them and `phg verify` prints the same checks.
import type { DocumentValidator, LangiumDocument, ValidationOptions } from 'langium';
import type { PhgCoreServices } from '../../language/index.js';
import { PhgDocumentValidator } from '../../language/validation/phg-document-validator.js';
import { DiagnosticSeverity, type CancellationToken, type Diagnostic } from 'vscode-languageserver';
import type { CertificateWorkspace } from './certificate-workspace.js';

/** Wraps a validator: its diagnostics, then the certificate diagnostics of the document's models. */
export class CertificateCheckingValidator implements DocumentValidator {
    constructor(private readonly inner: DocumentValidator, private readonly certificates: () => CertificateWorkspace) {}

    async validateDocument(document: LangiumDocument, options?: ValidationOptions, cancelToken?: CancellationToken): Promise<Diagnostic[]> {
        const diagnostics = await this.inner.validateDocument(document, options, cancelToken);
        // Syntax-only validations (a very large file) skip the analyses these depend on.
        if (options?.categories !== undefined && !options.categories.includes('fast')) return diagnostics;
        try {
            const workspace = this.certificates();
            const models = workspace.certificatesOf(document);
            workspace.publishFileDiagnostics(document, models);
            return [...diagnostics, ...models.flatMap((model) => model.modelDiagnostics)];
        } catch (error) {
            // A bug here must not cost the document its other diagnostics.
            console.error(`PHG: checking the certificates of ${document.uri.toString()} failed:`, error);
            return [...diagnostics, {
                severity: DiagnosticSeverity.Warning,
                range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
                message: `PHG could not check this file's certificates (an internal error: ${error instanceof Error ? error.message : String(error)}).`,
                source: 'phg',
                data: { code: 'internal-error' }
            }];
        }
    }
}

/** The language's own validator (the one PhgModule installs), which the certificate checks wrap. */
export function languageDocumentValidator(services: PhgCoreServices): DocumentValidator {
    return new PhgDocumentValidator(services);
}
