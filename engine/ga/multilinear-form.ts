// Every geometric-algebra operation the engine runs is a sparse multilinear form: each output
// coefficient is a sum of terms c · a[i] · b[j] (· s[l]), one factor per operand slot, with a small
// integer coefficient c. A geometric product of two supports is the form whose terms are the
// nonzero entries of their Cayley table (sign and target blade per pair); a reverse, dual or grade
// filter is a form of one slot with one term per output; the sandwich R x ~R is a form of three
// slots where slots 0 and 2 read the same operand.
//
// When two slots read the same operand, terms that are the same monomial (R_i x_j R_l and
// R_l x_j R_i) are merged and the ones whose coefficients cancel are dropped. What remains is the
// polynomial identity the operation computes, so its output support is exactly the set of blades
// that can be nonzero — the support the language infers — and no arithmetic is spent on terms that
// always cancel.
import type { BladeSupport } from './blade-support.js';

/** One term before grouping: a coefficient index per slot, the output blade and its coefficient. */
export interface RawTerm {
    readonly factors: readonly number[];
    readonly outputBlade: number;
    readonly coefficient: number;
}

/** Terms grouped by the operand coefficient of one slot (for gradients). */
export interface SlotAdjoint {
    /** Terms reading coefficient i of the slot: `terms[start[i] … start[i + 1])`. */
    readonly start: Int32Array;
    readonly terms: Int32Array;
}

/** A sparse multilinear form, grouped by output coefficient. */
export class MultilinearForm {
    /** Number of factor slots per term. */
    readonly arity: number;
    /** Terms of output coefficient k: `[termStart[k], termStart[k + 1])`. */
    readonly termStart: Int32Array;
    /** Per slot, the operand coefficient index of each term. */
    readonly factorIndex: readonly Int32Array[];
    /** The integer coefficient of each term (±1; ±2 for merged symmetric monomials). */
    readonly coefficient: Float64Array;
    /** The output coefficient of each term. */
    readonly outputOf: Int32Array;
    readonly termCount: number;
    private readonly adjoints: (SlotAdjoint | undefined)[];

    /**
     * `slots`: the support each slot reads; `binding[s]`: the operand slot s reads (slots bound to
     * one operand must share a support); `output`: the coefficients written.
     */
    constructor(readonly slots: readonly BladeSupport[], readonly binding: readonly number[], readonly output: BladeSupport, terms: readonly RawTerm[]) {
        this.arity = slots.length;
        const byOutput: RawTerm[][] = output.blades.map(() => []);
        for (const term of terms) {
            const k = output.positionOf(term.outputBlade);
            if (k >= 0) byOutput[k]!.push(term);
        }
        const count = byOutput.reduce((sum, list) => sum + list.length, 0);
        this.termCount = count;
        this.termStart = new Int32Array(output.size + 1);
        this.factorIndex = slots.map(() => new Int32Array(count));
        this.coefficient = new Float64Array(count);
        this.outputOf = new Int32Array(count);
        let t = 0;
        byOutput.forEach((list, k) => {
            this.termStart[k] = t;
            for (const term of list) {
                term.factors.forEach((index, s) => { this.factorIndex[s]![t] = index; });
                this.coefficient[t] = term.coefficient;
                this.outputOf[t] = k;
                t++;
            }
        });
        this.termStart[output.size] = t;
        this.adjoints = slots.map(() => undefined);
    }

    /** Number of distinct operands (slots bound to the same operand count once). */
    get operandCount(): number {
        return Math.max(...this.binding) + 1;
    }

    /** The support of an operand. */
    operandSupport(operand: number): BladeSupport {
        return this.slots[this.binding.indexOf(operand)]!;
    }

    /** Multiplies per output instance: one per term and slot beyond the first (coefficients ±1 are sign flips). */
    get multiplies(): number {
        return this.termCount * Math.max(1, this.arity - 1);
    }

    /** The terms of a slot grouped by the coefficient they read (built on first use, then kept). */
    adjoint(slot: number): SlotAdjoint {
        const cached = this.adjoints[slot];
        if (cached !== undefined) return cached;
        const size = this.slots[slot]!.size;
        const index = this.factorIndex[slot]!;
        const start = new Int32Array(size + 1);
        for (let t = 0; t < this.termCount; t++) start[index[t]! + 1]++;
        for (let i = 0; i < size; i++) start[i + 1] += start[i]!;
        const fill = start.slice(0, size);
        const terms = new Int32Array(this.termCount);
        for (let t = 0; t < this.termCount; t++) terms[fill[index[t]!]++] = t;
        const adjoint = { start, terms };
        this.adjoints[slot] = adjoint;
        return adjoint;
    }
}

/**
 * Merges terms that are the same monomial (same output, same multiset of operand coefficients
 * under `binding`) and drops those whose coefficients cancel to zero.
 */
export function mergeMonomials(terms: readonly RawTerm[], binding: readonly number[]): RawTerm[] {
    if (new Set(binding).size === binding.length) return terms.filter((term) => term.coefficient !== 0);
    const merged = new Map<string, { term: RawTerm; coefficient: number }>();
    for (const term of terms) {
        const key = `${term.outputBlade}|${term.factors.map((index, s) => `${binding[s]}:${index}`).sort().join(',')}`;
        const entry = merged.get(key);
        if (entry === undefined) merged.set(key, { term, coefficient: term.coefficient });
        else entry.coefficient += term.coefficient;
    }
    return [...merged.values()].filter((entry) => entry.coefficient !== 0).map((entry) => ({ ...entry.term, coefficient: entry.coefficient }));
}
