// A distilled student's Laplace posterior, stored in its version (`posterior.bin`, the engine's
// tensor file: one float64 precision tensor per parameter) with the predictive settings it is used
// with — the scale τ and the number of weight samples — so `phg run` gives the same confidences
// the student was evaluated with. The version record names the file and its digest.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseFormat } from '../numeric/index.js';
import { decodeTensorFile, encodeTensorFile } from '../store/tensor-file.js';
import { engineErrorCodes, failure, success, type Result } from '../errors.js';
import type { LaplacePosterior } from './laplace-posterior.js';

/** The file name of a version's posterior. */
export const posteriorFileName = 'posterior.bin';

/** How predictions use the posterior. */
export interface PredictiveSettings {
    /** τ: σ = τ/√Λ (0: the MAP softmax). */
    readonly scale: number;
    /** Weight samples per prediction, and the seed they are drawn from. */
    readonly samples: number;
    readonly seed: number;
}

interface PosteriorMeta extends PredictiveSettings {
    readonly kind: 'laplace-posterior';
    readonly examples: number;
    readonly names: readonly string[];
}

/** The bytes of a posterior file. */
export function encodePosterior(posterior: LaplacePosterior, predictive: PredictiveSettings): Uint8Array {
    const float64 = parseFormat('float64')!;
    const meta: PosteriorMeta = { kind: 'laplace-posterior', ...predictive, examples: posterior.examples, names: posterior.names };
    return encodeTensorFile(posterior.precision.map((values, p) => ({ name: posterior.names[p]!, format: float64, shape: [values.length], data: values })), meta);
}

/** The posterior stored in a version directory, or undefined when the version has none. */
export function loadPosterior(versionDirectory: string): Result<{ readonly posterior: LaplacePosterior; readonly predictive: PredictiveSettings } | undefined> {
    const file = join(versionDirectory, posteriorFileName);
    if (!existsSync(file)) return success(undefined);
    const decoded = decodeTensorFile<PosteriorMeta>(readFileSync(file), file, engineErrorCodes.noVersion);
    if (!decoded.ok) return decoded;
    const meta = decoded.value.meta;
    const precision = meta.names.map((name) => decoded.value.tensors.get(name)?.data);
    if (meta.kind !== 'laplace-posterior' || precision.some((data) => !(data instanceof Float64Array))) {
        return failure(engineErrorCodes.noVersion, `${file} is not a posterior of this version's parameters`, { location: { file } });
    }
    return success({ posterior: { names: meta.names, precision: precision as Float64Array[], examples: meta.examples }, predictive: { scale: meta.scale, samples: meta.samples, seed: meta.seed } });
}
