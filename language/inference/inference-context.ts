// The state of inferring one model together with the trainings of it: the unifier, what each
// named value and expression is, why each variable got its binding, and the diagnostics. The
// checkers (expressions, statements, trainings) share one context so a training's loss can fix
// a parameter's dimension that the model alone leaves free.
import { AstUtils, type AstNode } from 'langium';
import type { Expression, NamedValue, UnitAnnotation } from '../generated/ast.js';
import { isNameRef, isQuantityLiteral } from '../generated/ast.js';
import type { ElementKind, RelatedLocation, Shape, ValueKind } from '../analysis/analysis-types.js';
import { relatedAt, type DiagnosticSink, type DiagnosticTarget } from '../analysis/diagnostic-sink.js';
import type { FileUnits } from '../analysis/file-units.js';
import { formatShape } from '../shapes/shape-rules.js';
import { describeDifference, formatDimensionText } from '../units/dimension-format.js';
import type { DiagnosticCode } from '../validation/diagnostic-codes.js';
import { AbelianUnifier, type BindingReason, type UnificationFailure } from './abelian-unifier.js';
import { constantForm, variableForm, type LinearForm, type VariableId } from './linear-form.js';

/**
 * Elimination priorities: lower is eliminated first. Named values stay free and params are
 * expressed in them (W2 = 'd2/'d1 between layers 'd1 and 'd2). The other way round, each layer's
 * dimension would be the sum of every weight before it: unreadable, and quadratic in depth.
 */
export const VariablePriority = { literal: 0, temporary: 1, param: 2, named: 3 } as const;

/** A value under inference: its dimension as a linear form, its shape and element kind. */
export interface TypedForm {
    readonly form: LinearForm;
    readonly shape: Shape | undefined;
    readonly element: ElementKind;
    readonly classes?: number;
}

/** What the checker knows about a named value. */
export interface ValueState extends TypedForm {
    readonly node: NamedValue;
    readonly kind: ValueKind;
    /** The `<…>` that fixes the dimension, when the source writes one. */
    readonly annotation: UnitAnnotation | undefined;
    /** The variable standing for an inferred dimension. */
    readonly variable: VariableId | undefined;
}

/** Why a variable is bound: the node that forced it and a phrase saying how. */
interface Reason {
    readonly target: DiagnosticTarget;
    readonly text: string;
}

/** Shared state of one model's inference. */
export class InferenceContext {
    readonly unifier: AbelianUnifier;
    readonly values = new Map<NamedValue, ValueState>();
    readonly expressions = new Map<Expression, TypedForm>();
    private readonly reasons: Reason[] = [];

    constructor(readonly units: FileUnits, readonly sink: DiagnosticSink) {
        this.unifier = new AbelianUnifier(units.size);
    }

    /** A fresh dimension variable as a form. */
    freshForm(priority: number): LinearForm {
        return variableForm(this.unifier.fresh(priority), this.units.size);
    }

    /** The form of an existing variable. */
    freshFormOf(variable: VariableId): LinearForm {
        return variableForm(variable, this.units.size);
    }

    /** A known dimension as a form. */
    constant(exponents: readonly number[]): LinearForm {
        return constantForm(exponents);
    }

    /** The dimensionless form. */
    get one(): LinearForm {
        return constantForm(new Array<number>(this.units.size).fill(0));
    }

    /** Records why a constraint holds; the id goes with the bindings it creates. */
    reason(target: DiagnosticTarget, text: string): BindingReason {
        this.reasons.push({ target, text });
        return this.reasons.length - 1;
    }

    /** Solves `a = b`; on failure returns why, binding nothing. */
    unify(a: LinearForm, b: LinearForm, target: DiagnosticTarget, why: string): UnificationFailure | undefined {
        return this.unifier.unify(a, b, this.reason(target, why));
    }

    /** A form rewritten over free variables. */
    resolve(form: LinearForm): LinearForm {
        return this.unifier.resolve(form);
    }

    /** Prints a form in the file's units; free variables are numbered within one message. */
    describe(form: LinearForm, namer: VariableNamer = new VariableNamer()): string {
        const resolved = this.resolve(form);
        const variables = [...resolved.terms].map(([variable, exponent]) => ({ name: namer.nameOf(variable), exponent }));
        return formatDimensionText(resolved.constant, variables, this.units.vocabulary);
    }

    /** `[32]<m/s>`: shape (when known) and dimension. */
    describeTyped(typed: TypedForm, namer: VariableNamer = new VariableNamer()): string {
        const shape = typed.shape ? formatShape(typed.shape) : '';
        return `${shape}<${this.describe(typed.form, namer)}>`;
    }

    /** `: Length 1 vs 0, Time -1 vs 1` when both sides are fully known and differ. */
    difference(a: LinearForm, b: LinearForm): string {
        const left = this.resolve(a);
        const right = this.resolve(b);
        if (left.terms.size > 0 || right.terms.size > 0) return '';
        const text = describeDifference(left.constant, right.constant, this.units.basis);
        return text ? `: ${text}` : '';
    }

    /** Reports a dimension error with explanations for each side. */
    reportDimension(code: DiagnosticCode, message: string, target: DiagnosticTarget, related: readonly RelatedLocation[]): void {
        this.sink.error(code, message, target, dedupe(related));
    }

    /**
     * Related locations that say why an expression has its dimension: for each name it uses, the
     * annotation that declares it or the constraint that inferred it.
     */
    explain(expression: AstNode | undefined, limit = 3): RelatedLocation[] {
        if (!expression) return [];
        const related: RelatedLocation[] = [];
        const seen = new Set<AstNode>();
        const nodes = isNameRef(expression) || isQuantityLiteral(expression) ? [expression] : AstUtils.streamAst(expression);
        for (const node of nodes) {
            if (related.length >= limit) break;
            if (!isNameRef(node)) continue;
            const target = node.target.ref;
            if (!target || seen.has(target)) continue;
            seen.add(target);
            const explanation = this.explainValue(target);
            if (explanation) related.push(explanation);
        }
        return related;
    }

    /** Why a named value has its dimension: its annotation, or the binding that inferred it. */
    explainValue(value: NamedValue): RelatedLocation | undefined {
        const state = this.values.get(value);
        if (!state) return undefined;
        const name = value.name;
        if (state.annotation) {
            return relatedAt({ node: state.annotation }, `'${name}' is declared <${this.describe(state.form)}> here`);
        }
        if (state.variable === undefined) {
            return relatedAt({ node: value, property: 'name' }, `'${name}' is dimensionless (no unit is written)`);
        }
        const binding = this.unifier.bindingOf(state.variable);
        const reason = binding ? this.reasons[binding.reason] : undefined;
        if (!reason) return relatedAt({ node: value, property: 'name' }, `'${name}' has a free dimension here`);
        return relatedAt(reason.target, `'${name}' is inferred as ${this.describe(state.form)}: ${reason.text}`);
    }
}

/** Numbers free variables `'d1`, `'d2`, … in order of first appearance. */
export class VariableNamer {
    private readonly names = new Map<VariableId, string>();

    /** The display name of a variable. */
    nameOf(variable: VariableId): string {
        let name = this.names.get(variable);
        if (!name) {
            name = `'d${this.names.size + 1}`;
            this.names.set(variable, name);
        }
        return name;
    }
}

function dedupe(related: readonly RelatedLocation[]): RelatedLocation[] {
    const seen = new Set<string>();
    const result: RelatedLocation[] = [];
    for (const location of related) {
        const key = `${location.range.start.line}:${location.range.start.character}:${location.message}`;
        if (seen.has(key)) continue;
        seen.add(key);
        result.push(location);
    }
    return result;
}

/** The source text of a node, shortened for messages: `'x @ W1'`. */
export function sourceText(node: AstNode | undefined): string {
    const text = node?.$cstNode?.text.replace(/\s+/g, ' ').trim() ?? '';
    return `'${text.length > 40 ? `${text.slice(0, 37)}…` : text}'`;
}
