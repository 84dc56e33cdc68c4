// The student's posterior, by a Laplace approximation at the end of training: a Gaussian around
// the trained weights w* whose diagonal precision is the curvature of the negative log posterior,
//   Λᵢ = N · F̄ᵢ(w*) + πᵢ,
// with F̄ the student's own mean Fisher over its N training rows (fisher.ts) and πᵢ the prior's
// precision — the teacher's (Fᵢ + λ)/scale² where the parameter has the teacher prior, λ where it
// learnt from soft labels only. (The soft-label term's curvature is left out, which can only
// widen the posterior.) Predictions use σᵢ = τ/√Λᵢ, τ the `posterior laplace(scale: τ)` setting:
// a diagonal Laplace ignores correlations and is too wide, and τ < 1 tempers it.
import type { FisherDiagonal } from './fisher.js';
import type { ParamPrior } from './gaussian-prior.js';

/** A diagonal Gaussian posterior: the precision of each element of each parameter (graph order). */
export interface LaplacePosterior {
    readonly names: readonly string[];
    readonly precision: readonly Float64Array[];
    /** Training rows the Fisher term counts. */
    readonly examples: number;
}

/** Λ = N·F̄ + π per element; `damping` is π where a parameter has no prior. */
export function laplacePosterior(fisher: FisherDiagonal, examples: number, priors: readonly (ParamPrior | undefined)[], damping: number): LaplacePosterior {
    const precision = fisher.values.map((values, p) => {
        const prior = priors[p];
        const out = new Float64Array(values.length);
        for (let i = 0; i < out.length; i++) out[i] = examples * values[i]! + (prior !== undefined ? prior.precision[i]! : damping);
        return out;
    });
    return { names: fisher.names, precision, examples };
}

/** σᵢ = τ/√Λᵢ for every element. */
export function posteriorStandardDeviations(posterior: LaplacePosterior, scale: number): Float64Array[] {
    return posterior.precision.map((precision) => precision.map((value) => scale / Math.sqrt(value)));
}
