import {
    createDefaultCoreModule,
    createDefaultSharedCoreModule,
    inject,
    type DefaultSharedCoreModuleContext,
    type LangiumCoreServices,
    type LangiumSharedCoreServices,
    type Module,
    type PartialLangiumCoreServices
} from 'langium';
import { PhgGeneratedModule, PhgGeneratedSharedModule } from './generated/module.js';

/** Services the PHG language adds to Langium's core (parsing, linking, validation, analysis). */
export type PhgAddedServices = Record<string, never>;

/** The PHG language's core services: everything but the editor protocol. */
export type PhgCoreServices = LangiumCoreServices & PhgAddedServices;

/** Wires the PHG language's own core services into Langium's dependency injection. */
export const PhgModule: Module<PhgCoreServices, PartialLangiumCoreServices & PhgAddedServices> = {};

/**
 * Creates the PHG language services without LSP, for the CLI and tests. The language server
 * composes `PhgModule` with its LSP providers instead (server/phg-lsp-module.ts).
 */
export function createPhgCoreServices(context: DefaultSharedCoreModuleContext): {
    shared: LangiumSharedCoreServices;
    Phg: PhgCoreServices;
} {
    const shared = inject(createDefaultSharedCoreModule(context), PhgGeneratedSharedModule);
    const Phg = inject(createDefaultCoreModule({ shared }), PhgGeneratedModule, PhgModule);
    shared.ServiceRegistry.register(Phg);
    return { shared, Phg };
}
