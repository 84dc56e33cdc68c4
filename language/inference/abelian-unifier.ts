// Unification in the free abelian group of dimensions (Kennedy, "Dimension types", 1994):
// an equation `Σ cᵢ·vᵢ = K` over integer exponents is solved exactly, like integer Gaussian
// elimination: take the variable with the smallest |coefficient| c; if c divides every other
// coefficient, bind that variable; otherwise substitute v := v' − Σ ⌊cᵢ/c⌋·vᵢ (a unimodular
// change of variables, the Euclidean step of a Hermite normal form) and repeat with smaller
// coefficients. The result is the most general unifier: every solution is an instance of it.
//
// Equations arrive one at a time in program order, so the first inconsistent one is reported
// where it is written and is not applied (later equations still get checked). Bindings are
// resolved lazily with path compression, which keeps typical programs near-linear.
import { addVectors, dimensionless } from '../units/dimension.js';
import { addForms, type LinearForm, type VariableId } from './linear-form.js';

/** Why an equation has no solution. */
export type UnificationFailure =
    /** The two sides reduce to different constants (`m` against `s`). */
    | { readonly kind: 'mismatch'; readonly residual: LinearForm }
    /** A solution would need fractional exponents (`2·v = m`: no v squares to a length). */
    | { readonly kind: 'fractional'; readonly residual: LinearForm };

/** What a binding was caused by; the checker uses it to explain diagnostics. */
export type BindingReason = number;

/** Incremental most-general unifier over dimension variables. */
export class AbelianUnifier {
    private readonly bindings = new Map<VariableId, LinearForm>();
    private readonly reasons = new Map<VariableId, BindingReason>();
    /** Higher priority: kept free longer (named lets over params over temporaries). */
    private readonly priorities: number[] = [];

    constructor(readonly basisSize: number) {}

    /** A new variable. Among equally good choices, low-priority variables are eliminated first. */
    fresh(priority: number): VariableId {
        this.priorities.push(priority);
        return this.priorities.length - 1;
    }

    /** Number of variables created so far. */
    get variableCount(): number {
        return this.priorities.length;
    }

    /** The binding of a variable and the reason recorded with it, if it is bound. */
    bindingOf(variable: VariableId): { readonly form: LinearForm; readonly reason: BindingReason } | undefined {
        const form = this.bindings.get(variable);
        if (!form) return undefined;
        return { form, reason: this.reasons.get(variable) ?? -1 };
    }

    /** Rewrites a form over free variables only (applies the current substitution). */
    resolve(form: LinearForm): LinearForm {
        let needed = false;
        for (const variable of form.terms.keys()) if (this.bindings.has(variable)) { needed = true; break; }
        if (!needed) return form;
        let result: LinearForm = { constant: form.constant, terms: new Map() };
        for (const [variable, coefficient] of form.terms) {
            const binding = this.bindings.get(variable);
            if (binding) {
                const resolved = this.resolve(binding);
                if (resolved !== binding) this.bindings.set(variable, resolved);
                result = addForms(result, resolved, coefficient);
            } else {
                result = addForms(result, { constant: dimensionless(this.basisSize), terms: new Map([[variable, 1]]) }, coefficient);
            }
        }
        return result;
    }

    /** Solves `a = b`; binds variables and returns undefined, or returns why it cannot hold. */
    unify(a: LinearForm, b: LinearForm, reason: BindingReason): UnificationFailure | undefined {
        return this.solveZero(this.resolve(addForms(a, b, -1)), reason);
    }

    /** Solves `form = 0` for a form over free variables. */
    private solveZero(form: LinearForm, reason: BindingReason): UnificationFailure | undefined {
        let equation = form;
        for (;;) {
            if (equation.terms.size === 0) {
                return equation.constant.every((exponent) => exponent === 0) ? undefined : { kind: 'mismatch', residual: equation };
            }
            const pivot = this.choosePivot(equation);
            const c = equation.terms.get(pivot) ?? 0;
            const magnitude = Math.abs(c);
            let dividesTerms = true;
            for (const [variable, coefficient] of equation.terms) {
                if (variable !== pivot && coefficient % magnitude !== 0) { dividesTerms = false; break; }
            }
            if (dividesTerms) {
                if (!equation.constant.every((exponent) => exponent % magnitude === 0)) {
                    return { kind: 'fractional', residual: equation };
                }
                // c·pivot + rest = 0  ⇒  pivot = −rest / c
                const terms = new Map<VariableId, number>();
                for (const [variable, coefficient] of equation.terms) {
                    if (variable !== pivot) terms.set(variable, -coefficient / c);
                }
                const constant = equation.constant.map((exponent) => -exponent / c + 0);
                this.bind(pivot, { constant, terms }, reason);
                return undefined;
            }
            // Euclidean step: pivot := fresh − Σ ⌊coefficient/c⌋·variable − ⌊constant/c⌋.
            const replacement = this.fresh(this.priorities[pivot] ?? 0);
            const terms = new Map<VariableId, number>([[replacement, 1]]);
            const reduced = new Map<VariableId, number>([[replacement, c]]);
            for (const [variable, coefficient] of equation.terms) {
                if (variable === pivot) continue;
                const quotient = Math.floor(coefficient / c);
                if (quotient !== 0) terms.set(variable, -quotient);
                const remainder = coefficient - quotient * c;
                if (remainder !== 0) reduced.set(variable, remainder);
            }
            const constantQuotient = equation.constant.map((exponent) => Math.floor(exponent / c));
            const constant = constantQuotient.map((q) => -q + 0);
            this.bind(pivot, { constant, terms }, reason);
            equation = { constant: addVectors(equation.constant, constantQuotient, -c), terms: reduced };
        }
    }

    /** The variable with the smallest |coefficient|; ties go to the lowest priority, then the newest. */
    private choosePivot(equation: LinearForm): VariableId {
        let best = -1;
        let bestMagnitude = Infinity;
        let bestPriority = Infinity;
        for (const [variable, coefficient] of equation.terms) {
            const magnitude = Math.abs(coefficient);
            const priority = this.priorities[variable] ?? 0;
            if (magnitude < bestMagnitude
                || (magnitude === bestMagnitude && (priority < bestPriority || (priority === bestPriority && variable > best)))) {
                best = variable;
                bestMagnitude = magnitude;
                bestPriority = priority;
            }
        }
        return best;
    }

    private bind(variable: VariableId, form: LinearForm, reason: BindingReason): void {
        this.bindings.set(variable, form);
        this.reasons.set(variable, reason);
    }
}
