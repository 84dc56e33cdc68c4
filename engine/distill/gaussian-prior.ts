// The teacher's latent prior: a Laplace approximation of the teacher's posterior around its
// trained weights μ, with the diagonal Fisher information of its training data as precision,
//   wᵢ ~ N(μᵢ, σᵢ²),  σᵢ² = scale² / (Fᵢ + λ),  Fᵢ = N_t · F̄ᵢ
// (F̄ᵢ the mean per-example Fisher over the teacher's sample, N_t the rows of its training data;
// scale = 1 is the plain Laplace posterior, scale > 1 widens it for a domain that has moved away).
// A student parameter takes the prior of the teacher parameter with the same name and shape;
// every other parameter learns from the labels and soft labels only.
import type { IrNode } from '../ir/types.js';
import type { FisherDiagonal } from './fisher.js';

/** How a student parameter relates to the teacher. */
export type ParamMatch =
    | { readonly param: string; readonly kind: 'prior'; readonly teacherIndex: number }
    | { readonly param: string; readonly kind: 'soft-only'; readonly reason: string };

/** Pairs each student parameter with the teacher parameter of the same name and shape. */
export function matchTeacherParams(student: readonly IrNode[], teacher: readonly IrNode[]): ParamMatch[] {
    return student.map((node): ParamMatch => {
        const index = teacher.findIndex((candidate) => candidate.name === node.name);
        if (index < 0) return { param: node.name, kind: 'soft-only', reason: 'the teacher has no parameter of this name' };
        const other = teacher[index]!;
        if (other.shape.join() !== node.shape.join()) return { param: node.name, kind: 'soft-only', reason: `the teacher's ${other.name} is [${other.shape.join(', ')}], this one [${node.shape.join(', ')}]` };
        return { param: node.name, kind: 'prior', teacherIndex: index };
    });
}

/** The settings of `prior gaussian(scale: …, damping: …)`. */
export interface GaussianPriorSettings {
    /** Multiplies every σᵢ (1: the teacher's Laplace posterior). */
    readonly scale: number;
    /** λ: the precision a weight keeps where the teacher's data carry no information. */
    readonly damping: number;
}

/** A Gaussian over one parameter: mean and precision per element (precision of the whole objective, not per example). */
export interface ParamPrior {
    readonly mean: Float64Array;
    readonly precision: Float64Array;
}

/** The prior of each student parameter (undefined: soft labels only), in the student's parameter order. */
export function laplacePrior(matches: readonly ParamMatch[], teacherWeights: readonly Float64Array[], fisher: FisherDiagonal, settings: GaussianPriorSettings): (ParamPrior | undefined)[] {
    const inverseScale2 = 1 / (settings.scale * settings.scale);
    return matches.map((match) => {
        if (match.kind !== 'prior') return undefined;
        const meanFisher = fisher.values[match.teacherIndex]!;
        const precision = new Float64Array(meanFisher.length);
        for (let i = 0; i < precision.length; i++) precision[i] = (fisher.dataRows * meanFisher[i]! + settings.damping) * inverseScale2;
        return { mean: Float64Array.from(teacherWeights[match.teacherIndex]!), precision };
    });
}

/** Mean and spread of a prior's σᵢ over every parameter that has one (for reports: "the prior's strength"). */
export function priorStrength(priors: readonly (ParamPrior | undefined)[]): { readonly params: number; readonly meanSigma: number; readonly medianSigma: number } {
    const sigmas: number[] = [];
    for (const prior of priors) if (prior !== undefined) for (const precision of prior.precision) sigmas.push(1 / Math.sqrt(precision));
    sigmas.sort((a, b) => a - b);
    const mean = sigmas.reduce((sum, s) => sum + s, 0) / Math.max(1, sigmas.length);
    return { params: sigmas.length, meanSigma: sigmas.length > 0 ? mean : NaN, medianSigma: sigmas.length > 0 ? sigmas[sigmas.length >> 1]! : NaN };
}
