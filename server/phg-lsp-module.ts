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
import { PhgDocumentUpdateHandler } from './debounced-update-handler.js';
import { NestingGuardDocumentFactory } from './nesting-guard-document-factory.js';
import { PhgDocumentBuilder } from './phg-document-builder.js';

/** Every service of the PHG language server: Langium's LSP defaults, the language's core, our providers. */
export type PhgLspServices = LangiumServices & PhgAddedServices;

/**
 * Workspace services shared by every document: debounced live builds with full validation, and
 * a parser that survives absurd nesting.
 */
export const PhgSharedLspModule: Module<LangiumSharedServices, PartialLangiumSharedServices> = {
    workspace: {
        DocumentBuilder: (shared) => new PhgDocumentBuilder(shared),
        LangiumDocumentFactory: (shared) => new NestingGuardDocumentFactory(shared)
    },
    lsp: {
        DocumentUpdateHandler: (shared) => new PhgDocumentUpdateHandler(shared)
    }
};

/** The editor-facing providers (hover, inlay hints, code lens, ...) the server adds. */
export const PhgLspModule: Module<PhgLspServices, PartialLangiumServices> = {};

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
