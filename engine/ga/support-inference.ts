// Blade-support inference: the support of each operation's result from its operands' supports.
// Sums take the union; products the blades A xor B of pairs whose product survives the metric
// (geometric), of disjoint pairs (wedge), of A ⊆ B (left contraction) — minus blades whose terms
// always cancel when an operand appears twice (x * x, R x ~R); linear maps (reverse, involutions)
// keep the support, the dual maps it to the complements, a grade filter intersects it.
// The language's analysis and the engine both call these, so the support a hover shows is the
// support the engine stores.
import { gradeOf } from './algebra.js';
import { supportOf, type BladeSupport } from './blade-support.js';
import { genericOutputSupport } from './forms.js';
import type { BladeProductKind, LinearMapKind } from './product-terms.js';

/** The support of a + b or a − b. */
export function sumSupport(a: BladeSupport, b: BladeSupport): BladeSupport {
    return a.union(b);
}

/** The support of a product; `sameOperand` when both sides are the same value (x * x). */
export function productSupport(kind: BladeProductKind, a: BladeSupport, b: BladeSupport, sameOperand = false): BladeSupport {
    return genericOutputSupport({ op: kind, slots: [a, b], binding: sameOperand ? [0, 0] : [0, 1] });
}

/** The support of a linear map of one value (reverse, involutions, dual, undual; `grade` keeps it). */
export function linearMapSupport(kind: LinearMapKind, a: BladeSupport): BladeSupport {
    return genericOutputSupport({ op: kind, slots: [a], binding: [0] });
}

/** The support of `grade<k…>(a)`: the blades of `a` of those grades. */
export function gradeFilterSupport(a: BladeSupport, grades: readonly number[]): BladeSupport {
    const wanted = new Set(grades);
    return supportOf(a.algebra, a.blades.filter((blade) => wanted.has(gradeOf(blade))));
}

/** What support inference knows about a sandwich R x ~S. */
export interface SandwichSupport {
    /** Every blade R x ~S can produce for arbitrary values of the supports (S = R when `sameVersor`). */
    readonly generic: BladeSupport;
    /** The blades of `generic` in the grades of x: what a versor R produces (R x ~R keeps grades). */
    readonly gradePreserving: BladeSupport;
}

/** The supports of R x ~S; `sameVersor` when S is R itself (the usual sandwich). */
export function sandwichSupport(r: BladeSupport, x: BladeSupport, s: BladeSupport, sameVersor: boolean): SandwichSupport {
    const generic = genericOutputSupport({ op: 'sandwich', slots: [r, x, s], binding: sameVersor ? [0, 1, 0] : [0, 1, 2] });
    return { generic, gradePreserving: gradeFilterSupport(generic, x.grades) };
}
