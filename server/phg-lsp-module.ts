import { inject, type Module } from 'langium';
import {
    createDefaultModule,
    createDefaultSharedModule,
    type DefaultSharedModuleContext,
    type LangiumServices,
    type LangiumSharedServices,
    type PartialLangiumServices,
    type PartialLangiumSharedServices
} from 'langium/lsp';
import { PhgGeneratedModule, PhgGeneratedSharedModule } from '../language/generated/module.js';
import { PhgModule, type PhgAddedServices } from '../language/phg-module.js';
import { PhgDocumentUpdateHandler } from './build/debounced-update-handler.js';
import { PhgDocumentBuilder } from './build/phg-document-builder.js';
import { CertificateCheckingValidator, languageDocumentValidator } from './certificates/certificate-checking-validator.js';
import { CertificateCodeLensSource } from './certificates/certificate-code-lens-source.js';
import { certificateWorkspaceOf } from './certificates/certificate-workspace.js';
import { BuiltinDocumentContentProvider } from './providers/builtin-document-content-provider.js';
import { PhgCodeActionProvider } from './providers/phg-code-action-provider.js';
import { PhgCodeLensProvider } from './providers/phg-code-lens-provider.js';
import { CompositeCodeLensProvider } from './providers/composite-code-lens-provider.js';
import { DistillCodeLensSource } from './distill/distill-code-lens-source.js';
import { PhgCompletionProvider } from './providers/phg-completion-provider.js';
import { PhgDocumentSymbolProvider } from './providers/phg-document-symbol-provider.js';
import { PhgFormatter } from './providers/phg-formatter.js';
import { PhgHoverProvider } from './providers/phg-hover-provider.js';
import { PhgInlayHintProvider } from './providers/phg-inlay-hint-provider.js';
import { PhgRenameProvider } from './providers/phg-rename-provider.js';
import { PhgSemanticTokenProvider } from './providers/phg-semantic-token-provider.js';
import { DeployCodeLensSource } from './serving/deploy-code-lens-source.js';

/** Every service of the PHG language server: Langium's LSP defaults, the language's core, our providers. */
export type PhgLspServices = LangiumServices & PhgAddedServices;

/** Workspace services shared by every document: debounced live builds with full validation. */
export const PhgSharedLspModule: Module<LangiumSharedServices, PartialLangiumSharedServices> = {
    workspace: {
        DocumentBuilder: (shared) => new PhgDocumentBuilder(shared)
    },
    lsp: {
        DocumentUpdateHandler: (shared) => new PhgDocumentUpdateHandler(shared),
        TextDocumentContentProvider: (shared) => new BuiltinDocumentContentProvider(shared)
    }
};

/**
 * The editor-facing providers the server adds to Langium's defaults. Go to definition,
 * references, highlights and folding are Langium's own, working on PHG's scoping.
 */
export const PhgLspModule: Module<PhgLspServices, PartialLangiumServices> = {
    lsp: {
        HoverProvider: (services) => new PhgHoverProvider(services),
        InlayHintProvider: (services) => new PhgInlayHintProvider(services),
        CodeActionProvider: (services) => new PhgCodeActionProvider(services),
        // Memory plans and ▶ Train, then certificates: one Langium service, two sources of lenses.
        CodeLensProvider: (services) => new CompositeCodeLensProvider([new PhgCodeLensProvider(services), new DistillCodeLensSource(services), new CertificateCodeLensSource(() => certificateWorkspaceOf(services)), new DeployCodeLensSource()]),
        CompletionProvider: (services) => new PhgCompletionProvider(services),
        DocumentSymbolProvider: (services) => new PhgDocumentSymbolProvider(services),
        SemanticTokenProvider: (services) => new PhgSemanticTokenProvider(services),
        RenameProvider: (services) => new PhgRenameProvider(services),
        Formatter: () => new PhgFormatter()
    },
    validation: {
        // The language's checks, plus the certificate diagnostics only the editor shows (server/certificates/).
        DocumentValidator: (services) => new CertificateCheckingValidator(languageDocumentValidator(services), () => certificateWorkspaceOf(services))
    }
};

/** Creates the language server's services for one connection. */
export function createPhgLspServices(context: DefaultSharedModuleContext): {
    shared: LangiumSharedServices;
    Phg: PhgLspServices;
} {
    const shared = inject(createDefaultSharedModule(context), PhgGeneratedSharedModule, PhgSharedLspModule);
    const Phg = inject(createDefaultModule({ shared }), PhgGeneratedModule, PhgModule, PhgLspModule);
    shared.ServiceRegistry.register(Phg);
    return { shared, Phg };
}
