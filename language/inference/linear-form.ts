// A dimension under inference: a constant exponent vector plus integer multiples of dimension
// variables, i.e. an element of the free abelian group over base dimensions and variables,
// written additively (exponents add when values multiply).
import { addVectors, dimensionless, isZeroVector, scaleVector, type ExponentVector } from '../units/dimension.js';

/** A dimension variable's id (dense, per inference run). */
export type VariableId = number;

/** `constant + Σ coefficient·variable`; coefficients are never zero. */
export interface LinearForm {
    readonly constant: ExponentVector;
    readonly terms: ReadonlyMap<VariableId, number>;
}

/** A fully known dimension. */
export function constantForm(constant: ExponentVector): LinearForm {
    return { constant, terms: new Map() };
}

/** A single variable. */
export function variableForm(variable: VariableId, basisSize: number): LinearForm {
    return { constant: dimensionless(basisSize), terms: new Map([[variable, 1]]) };
}

/** `a + k·b`: the dimension of a product (k = 1) or a quotient (k = −1). */
export function addForms(a: LinearForm, b: LinearForm, k = 1): LinearForm {
    if (k === 0) return a;
    const terms = new Map(a.terms);
    for (const [variable, coefficient] of b.terms) {
        const sum = (terms.get(variable) ?? 0) + k * coefficient;
        if (sum === 0) terms.delete(variable); else terms.set(variable, sum);
    }
    return { constant: addVectors(a.constant, b.constant, k), terms };
}

/** `k·a`: the dimension of `pow(x, k)`. */
export function scaleForm(a: LinearForm, k: number): LinearForm {
    if (k === 0) return constantForm(dimensionless(a.constant.length));
    const terms = new Map<VariableId, number>();
    for (const [variable, coefficient] of a.terms) terms.set(variable, coefficient * k);
    return { constant: scaleVector(a.constant, k), terms };
}

/** Whether a form has no variables. */
export function isConstantForm(form: LinearForm): boolean {
    return form.terms.size === 0;
}

/** Whether a form is the zero element (dimensionless, no variables). */
export function isZeroForm(form: LinearForm): boolean {
    return form.terms.size === 0 && isZeroVector(form.constant);
}
