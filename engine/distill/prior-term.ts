// The Gaussian prior's part of the student objective (MAP): with N training rows the objective is
// a mean over rows, so the prior enters as Σᵢ (wᵢ − μᵢ)² / (2σᵢ²N), and its gradient adds
// cᵢ·(wᵢ − μᵢ) with cᵢ = 1/(σᵢ²N) to each data gradient gᵢ. That sum g + c·w − c·μ is rounded
// once with `quire` (three exact products; certified in float64 or, failing that, summed in the
// format's quire) and term by term with `rounded`. cᵢ and μᵢ are rounded to the parameter's format
// once, as the optimizer rounds its hyperparameters.
import type { Tensor } from '../tensor/tensor.js';
import type { Accumulation } from '../kernels/accumulation.js';
import type { ParamPrior } from './gaussian-prior.js';

/** cᵢ and μᵢ of one parameter, as values of its format. */
interface RoundedPrior {
    readonly coefficient: Float64Array;
    readonly mean: Float64Array;
}

/** Adds the prior's gradient to parameter gradients and measures its penalty. */
export class PriorTerm {
    private readonly rounded: (RoundedPrior | undefined)[];

    /** `priors[p]` for parameter p (undefined: no prior); `examples` is N; `accumulations[p]` the parameter's. */
    constructor(priors: readonly (ParamPrior | undefined)[], examples: number, readonly params: readonly Tensor[], private readonly accumulations: readonly Accumulation[]) {
        this.rounded = priors.map((prior, p) => {
            if (prior === undefined) return undefined;
            const acc = accumulations[p]!;
            return {
                coefficient: prior.precision.map((precision) => acc.round(precision / examples)),
                mean: prior.mean.map((mean) => acc.round(mean))
            };
        });
    }

    /** Whether parameter p has a prior. */
    has(p: number): boolean {
        return this.rounded[p] !== undefined;
    }

    /** The gradient of data term + prior for parameter p, element by element (read before p is updated). */
    gradient(p: number, data: (i: number) => number): (i: number) => number {
        const prior = this.rounded[p];
        if (prior === undefined) return data;
        const w = this.params[p]!;
        const acc = this.accumulations[p]!;
        const { coefficient, mean } = prior;
        return (i) => priorGradientElement(acc, data(i), coefficient[i]!, w.format.decode(w.data[i]!), mean[i]!);
    }

    /** Σᵢ cᵢ (wᵢ − μᵢ)² / 2 over every parameter with a prior (float64: a reported metric). */
    penalty(): number {
        let sum = 0;
        this.rounded.forEach((prior, p) => {
            if (prior === undefined) return;
            const w = this.params[p]!;
            for (let i = 0; i < w.size; i++) {
                const d = w.format.decode(w.data[i]!) - prior.mean[i]!;
                sum += 0.5 * prior.coefficient[i]! * d * d;
            }
        });
        return sum;
    }
}

/** g + c·w − c·μ: exact and rounded once with `quire`; each operation rounded with `rounded`. */
export function priorGradientElement(acc: Accumulation, g: number, c: number, w: number, mu: number): number {
    if (acc.mode === 'rounded') return acc.add(g, acc.mul(c, acc.add(w, -mu)));
    if (acc.exactProducts) {
        const a = c * w;
        const b = -c * mu;
        const value = acc.certify(g + a + b, Math.abs(g) + Math.abs(a) + Math.abs(b), 3);
        if (value === value) return value;
    }
    acc.fallbacks++;
    const quire = acc.quire;
    quire.clear();
    quire.addValue(g);
    quire.addValueProduct(c, w);
    quire.addValueProduct(-c, mu);
    return acc.format.decode(quire.round());
}
