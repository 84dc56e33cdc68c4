import { inject, type Module } from 'langium';
import {
    createDefaultModule,
    createDefaultSharedModule,
    type DefaultSharedModuleContext,
    type LangiumServices,
    type LangiumSharedServices,
    type PartialLangiumServices
} from 'langium/lsp';
import { PhgGeneratedModule, PhgGeneratedSharedModule } from '../language/generated/module.js';
import { PhgModule, type PhgAddedServices } from '../language/phg-module.js';

/** Every service of the PHG language server: Langium's LSP defaults, the language's core, our providers. */
export type PhgLspServices = LangiumServices & PhgAddedServices;

/** The editor-facing providers (hover, inlay hints, code lens, ...) the server adds. */
export const PhgLspModule: Module<PhgLspServices, PartialLangiumServices> = {};

/** Creates the language server's services for one connection. */
export function createPhgLspServices(context: DefaultSharedModuleContext): {
    shared: LangiumSharedServices;
    Phg: PhgLspServices;
} {
    const shared = inject(createDefaultSharedModule(context), PhgGeneratedSharedModule);
    const Phg = inject(createDefaultModule({ shared }), PhgGeneratedModule, PhgModule, PhgLspModule);
    shared.ServiceRegistry.register(Phg);
    return { shared, Phg };
}
