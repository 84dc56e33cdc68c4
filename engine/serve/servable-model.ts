// The narrow interface between the inference service and whatever executes a model version:
// the service validates inputs, routes requests and rotates versions; a `ServableModel` only
// turns a validated batch into outputs. The engine's interpreter implements it (see
// engine-servable-model.ts); tests implement it to inject faults.
import type { VersionRecordPredicate } from '../attest/version-record.js';
import type { CertificatePredicate } from '../attest/certificate.js';
import type { ModelInterface } from '../attest/model-structure.js';
import type { IrGraph } from '../ir/types.js';
import type { AccumulateMode } from '../kernels/accumulation.js';
import type { NumberPatternArray } from '../tensor/tensor.js';

/** A batch of validated inputs: for each input name, `size` rows of that input's element count, row-major. */
export interface PredictionBatch {
    readonly size: number;
    readonly inputs: ReadonlyMap<string, Float64Array>;
}

/** Outputs of a batch, by output name, `size` rows each; or why the model could not answer. */
export type PredictionResult =
    | { readonly ok: true; readonly outputs: ReadonlyMap<string, Float64Array> }
    | { readonly ok: false; readonly message: string };

/** One loaded model version, ready to answer. */
export interface ServableModel {
    readonly version: number;
    readonly interface: ModelInterface;
    /** Runs a batch. A failure is a value, never a throw (a throw is caught and counted as one). */
    predict(batch: PredictionBatch): PredictionResult | Promise<PredictionResult>;
    /** Releases what the model holds (weights, buffers). */
    dispose(): void;
    /**
     * What it takes to build the same model in another thread (plain data, copied by
     * postMessage), so the canary can be replayed off the serving thread. Absent: in-thread only.
     */
    readonly recipe?: () => ModelRecipe;
}

/** A model version as data: the lowered graph, raw parameter patterns and execution settings. */
export interface ModelRecipe {
    readonly version: number;
    readonly graph: IrGraph;
    readonly parameters: ReadonlyMap<string, NumberPatternArray>;
    readonly accumulate: AccumulateMode;
    readonly maxBatch: number;
}

/** A version that passed verification: what a loader gets. */
export interface VerifiedVersion {
    readonly version: number;
    readonly directory: string;
    readonly record: VersionRecordPredicate;
    readonly certificate: CertificatePredicate | undefined;
}

/** Loads verified versions into servable models. */
export interface VersionLoader {
    load(version: VerifiedVersion): Promise<{ readonly ok: true; readonly model: ServableModel } | { readonly ok: false; readonly message: string }>;
}

/** Elements of one row of a tensor of this shape (1 for a scalar). */
export function elementCount(shape: readonly number[]): number {
    return shape.reduce((product, extent) => product * extent, 1);
}
