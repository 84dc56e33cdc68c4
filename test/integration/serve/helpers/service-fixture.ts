// Builds a ModelService over a signed test workspace whose versions are linear test models.
import { CanaryReservoir } from '../../../../engine/serve/canary.js';
import { ModelService, type ModelServiceOptions } from '../../../../engine/serve/model-service.js';
import { defaultRotationPolicy, type RotationPolicy } from '../../../../engine/serve/rotation-types.js';
import { memoryServeStateStore, type ServeStateStore } from '../../../../engine/serve/serve-state.js';
import { createSignedWorkspace, type SignedWorkspace } from '../../../unit/cert/signed-store.js';
import { inputRow, LinearTestLoader, linearWeights, type InjectedFault } from './linear-test-model.js';

/** Held-out canary rows for the linear test models. */
export function heldOutRows(count: number): Map<string, Float64Array>[] {
    return Array.from({ length: count }, (_, index) => new Map([['x', Float64Array.from(inputRow(1000 + index))]]));
}

/** A started service and what it was built from. */
export interface ServiceFixture {
    readonly workspace: SignedWorkspace;
    readonly service: ModelService;
    readonly loader: LinearTestLoader;
    readonly state: ServeStateStore;
    readonly options: ModelServiceOptions;
}

/** Starts a service on version 1 of a new signed workspace. */
export async function startServiceFixture(settings: { readonly faults?: ReadonlyMap<number, InjectedFault>; readonly policy?: Partial<RotationPolicy>; readonly workspace?: SignedWorkspace } = {}): Promise<ServiceFixture> {
    const workspace = settings.workspace ?? createSignedWorkspace(1, 0, () => linearWeights(1));
    const loader = new LinearTestLoader(settings.faults);
    const state = memoryServeStateStore();
    const options: ModelServiceOptions = {
        name: 'Mlp',
        versionsDirectory: workspace.versionsDirectory,
        trust: () => ({ ok: true, store: workspace.trust }),
        loader,
        policy: { ...defaultRotationPolicy, canarySize: 64, graceMs: 60_000, ...settings.policy },
        state,
        canary: new CanaryReservoir(64, heldOutRows(64))
    };
    const started = await ModelService.start(options);
    if (!started.ok) throw new Error(started.message);
    return { workspace, service: started.service, loader, state, options };
}
