import { inject, type Module } from 'langium';
import {
    createDefaultModule,
    createDefaultSharedModule,
    type DefaultSharedModuleContext,
    type LangiumServices,
    type LangiumSharedServices,
    type PartialLangiumServices
} from 'langium/lsp';
import { PhgGeneratedModule, PhgGeneratedSharedModule } from './generated/module.js';

/** Services the PHG language adds to Langium's defaults. */
export type PhgAddedServices = Record<string, never>;

/** Every service of the PHG language: Langium's defaults plus ours. */
export type PhgServices = LangiumServices & PhgAddedServices;

/** Wires the PHG language's own services into Langium's dependency injection. */
export const PhgModule: Module<PhgServices, PartialLangiumServices & PhgAddedServices> = {};

/** Creates the shared and the PHG language services, registered with each other. */
export function createPhgServices(context: DefaultSharedModuleContext): {
    shared: LangiumSharedServices;
    Phg: PhgServices;
} {
    const shared = inject(createDefaultSharedModule(context), PhgGeneratedSharedModule);
    const Phg = inject(createDefaultModule({ shared }), PhgGeneratedModule, PhgModule);
    shared.ServiceRegistry.register(Phg);
    return { shared, Phg };
}
