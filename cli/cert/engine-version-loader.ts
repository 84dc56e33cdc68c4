// Loads signed versions into the engine for serving: the graph comes from lowering the served
// source (cached per structure hash; re-lowered when a version has another structure, since the
// source may have been edited and retrained), the weights from the version's tensor file.
import { structureDigest } from '../../engine/attest/ir-structure.js';
import type { IrGraph } from '../../engine/ir/types.js';
import type { AccumulateMode } from '../../engine/kernels/accumulation.js';
import { engineServableModel } from '../../engine/serve/engine-servable-model.js';
import type { VerifiedVersion, VersionLoader } from '../../engine/serve/servable-model.js';
import { loadVersionWeights } from '../../engine/store/version-store.js';
import type { NumberPatternArray } from '../../engine/tensor/tensor.js';
import { loadSourceModel, type SourceModel, type SourceModelSelection } from './source-model.js';

/** Loads versions of one model of one source file. */
export class EngineVersionLoader implements VersionLoader {
    private readonly graphs = new Map<string, { readonly graph: IrGraph; readonly accumulate: AccumulateMode }>();

    constructor(private readonly file: string, private readonly selection: SourceModelSelection, initial: SourceModel, private readonly maxBatch: number) {
        this.remember(initial);
    }

    async load(version: VerifiedVersion): ReturnType<VersionLoader['load']> {
        let entry = this.graphs.get(version.record.structureHash);
        if (!entry) {
            const reloaded = await loadSourceModel(this.file, this.selection);
            if (!reloaded.ok) return { ok: false, message: reloaded.message };
            this.remember(reloaded.source);
            entry = this.graphs.get(version.record.structureHash);
            if (!entry) {
                return { ok: false, message: `version ${version.version} was trained on structure ${version.record.structureHash.slice(0, 12)}…, but ${this.file} now lowers to ${structureDigest(reloaded.source.graph).slice(0, 12)}…` };
            }
        }
        const weights = loadVersionWeights(version.directory);
        if (!weights.ok) return { ok: false, message: weights.error.message };
        const parameters = new Map<string, NumberPatternArray>();
        for (const [name, tensor] of weights.value.tensors) parameters.set(name, tensor.data);
        const accumulate = version.record.training.accumulate === 'rounded' || version.record.training.accumulate === 'quire' ? version.record.training.accumulate : entry.accumulate;
        return engineServableModel(version.version, entry.graph, parameters, { accumulate, maxBatch: this.maxBatch });
    }

    private remember(source: SourceModel): void {
        this.graphs.set(structureDigest(source.graph), { graph: source.graph, accumulate: source.accumulate });
    }
}
