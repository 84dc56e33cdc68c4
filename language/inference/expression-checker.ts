// Gives every expression a dimension (a linear form under inference) and a static shape, and
// states each operation's rule as a constraint: `+ -` equal dimensions, `* / @` add and subtract
// exponents, functions as listed in builtins/builtin-functions.ts. A bare number that multiplies
// or divides is a pure number; elsewhere it takes the dimension its context requires (a fresh
// variable), so `x + 1` and `max(x, 0)` work for any dimension of x.
import type { AstNode } from 'langium';
import type { Argument, BinaryExpr, CallExpr, Expression, NamedValue, NameRef, QuantityLiteral } from '../generated/ast.js';
import {
    isBinaryExpr, isBladeExpr, isCallExpr, isNameRef, isQuantityLiteral, isStringLiteral, isUnaryExpr
} from '../generated/ast.js';
import { builtinFunctions, type BuiltinFunction } from '../builtins/builtin-functions.js';
import type { Shape } from '../analysis/analysis-types.js';
import { broadcastShapes, formatShape, matmulShape, scalarShape, type ShapeResult } from '../shapes/shape-rules.js';
import type { DiagnosticCode } from '../validation/diagnostic-codes.js';
import { addForms, type LinearForm, type VariableId } from './linear-form.js';
import { sourceText, VariablePriority, VariableNamer, type InferenceContext, type TypedForm } from './inference-context.js';
import { CallRules, combinedElement } from './call-rules.js';
import { closestName } from './spelling.js';

/** Looks up the type of a named value at a use (the statement checker enforces definition before use). */
export type ValueLookup = (value: NamedValue, use: NameRef) => TypedForm | undefined;

/** Checks expressions of one model or training block. */
export class ExpressionChecker {
    /** Variables of bare literals checked since the last `settleLiterals`. */
    private literals: { readonly variable: VariableId; readonly node: QuantityLiteral }[] = [];

    constructor(private readonly ctx: InferenceContext, private readonly lookup: ValueLookup) {}

    /**
     * Bare literals that nothing in their statement related to another value (`2 + 3`,
     * `(1 + 1) * x`) are pure numbers. Called once a statement's expression is checked and before
     * its result meets the named value, so a literal never borrows a dimension from the name.
     */
    settleLiterals(): void {
        for (const { variable, node } of this.literals) {
            const resolved = this.ctx.resolve(this.ctx.freshFormOf(variable));
            const alone = resolved.terms.size === 1 && resolved.terms.get(variable) === 1 && resolved.constant.every((exponent) => exponent === 0);
            if (alone) this.ctx.unify(resolved, this.ctx.one, { node }, 'a bare number nothing relates to another value is a pure number');
        }
        this.literals = [];
    }

    /** The type of an expression; records it (and its sub-expressions) for hover and lowering. Missing (unparsed) operands are unknown. */
    check(expression: Expression | undefined, pureNumber = false): TypedForm {
        if (!expression) return this.unknown();
        const typed = this.compute(expression, pureNumber);
        this.ctx.expressions.set(expression, typed);
        return typed;
    }

    private compute(expression: Expression, pureNumber: boolean): TypedForm {
        if (isQuantityLiteral(expression)) return this.literal(expression, pureNumber);
        if (isNameRef(expression)) return this.nameRef(expression);
        if (isBinaryExpr(expression)) return this.binary(expression);
        if (isUnaryExpr(expression)) {
            const operand = this.check(expression.operand, pureNumber);
            this.rejectClassLabel(operand, expression.operand);
            return { ...operand, element: operand.element === 'class' ? 'tensor' : operand.element };
        }
        if (isCallExpr(expression)) return this.call(expression);
        if (isBladeExpr(expression)) return { form: this.ctx.one, shape: scalarShape(false), element: 'multivector' };
        if (isStringLiteral(expression)) {
            this.ctx.sink.error('PHG0105', 'a string is not a value; strings only name files, as in csv("train.csv")', { node: expression });
            return this.unknown();
        }
        return this.unknown();
    }

    /** A value whose type an earlier error made unknowable: a fresh variable, so no follow-on errors. */
    unknown(): TypedForm {
        return { form: this.ctx.freshForm(VariablePriority.temporary), shape: undefined, element: 'tensor' };
    }

    private literal(literal: QuantityLiteral, pureNumber: boolean): TypedForm {
        const shape = scalarShape(false);
        if (literal.unit) {
            const unit = this.ctx.units.resolveAnnotation(literal.unit);
            return { form: unit ? this.ctx.constant(unit.exponents) : this.ctx.freshForm(VariablePriority.temporary), shape, element: 'tensor' };
        }
        if (pureNumber) return { form: this.ctx.one, shape, element: 'tensor' };
        const variable = this.ctx.unifier.fresh(VariablePriority.literal);
        this.literals.push({ variable, node: literal });
        return { form: this.ctx.freshFormOf(variable), shape, element: 'tensor' };
    }

    private nameRef(ref: NameRef): TypedForm {
        const target = ref.target?.ref;
        if (!target) return this.unknown();
        return this.lookup(target, ref) ?? this.unknown();
    }

    private binary(expression: BinaryExpr): TypedForm {
        const multiplicative = expression.operator === '*' || expression.operator === '/' || expression.operator === '@';
        const left = this.check(expression.left, multiplicative);
        const right = this.check(expression.right, multiplicative);
        const classError = this.rejectClassLabel(left, expression.left) || this.rejectClassLabel(right, expression.right);
        const element = combinedElement([left, right]);
        const target = { node: expression, property: 'operator' };
        let form: LinearForm;
        if (expression.operator === '+' || expression.operator === '-') {
            form = left.form;
            const failure = this.ctx.unify(left.form, right.form, target, `'${expression.operator}' needs equal dimensions on both sides`);
            if (failure) {
                const namer = new VariableNamer();
                const verb = expression.operator === '+'
                    ? `cannot add ${this.ctx.describeTyped(left, namer)} and ${this.ctx.describeTyped(right, namer)}`
                    : `cannot subtract ${this.ctx.describeTyped(right, namer)} from ${this.ctx.describeTyped(left, namer)}`;
                this.ctx.reportDimension('PHG1001', verb + this.ctx.difference(left.form, right.form), target,
                    [...this.ctx.explain(expression.left), ...this.ctx.explain(expression.right)]);
            }
        } else {
            form = addForms(left.form, right.form, expression.operator === '/' ? -1 : 1);
        }
        if (classError) return { form, shape: undefined, element: 'tensor' };
        const shape = expression.operator === '@'
            ? this.shapeOf(matmulShape, left.shape, right.shape, expression, 'PHG2002')
            : this.shapeOf((a, b) => broadcastShapes([a, b]), left.shape, right.shape, expression, 'PHG2001');
        return { form, shape, element };
    }

    private shapeOf(rule: (a: Shape, b: Shape) => ShapeResult, a: Shape | undefined, b: Shape | undefined, expression: BinaryExpr, code: DiagnosticCode): Shape | undefined {
        if (!a || !b) return undefined;
        const result = rule(a, b);
        if ('shape' in result) return result.shape;
        const verb = expression.operator === '@' ? 'cannot multiply' : `cannot combine`;
        const finalCode: DiagnosticCode = code === 'PHG2002' && (a.axes.length === 0 || b.axes.length === 0) ? 'PHG2003' : code;
        this.ctx.sink.error(finalCode, `${verb} ${formatShape(a)} ${expression.operator} ${formatShape(b)}: ${result.error}`, { node: expression, property: 'operator' });
        return undefined;
    }

    private call(call: CallExpr): TypedForm {
        const fn = builtinFunctions.get(call.function);
        if (!fn) {
            for (const arg of call.args) this.check(arg.value);
            const suggestion = closestName(call.function ?? '', [...builtinFunctions.keys()]);
            this.ctx.sink.error('PHG0102', `unknown function '${call.function}'${suggestion ? `; did you mean '${suggestion}'?` : ''}`,
                { node: call, property: 'function' });
            return this.unknown();
        }
        const positional = call.args.filter((arg) => !arg.name);
        const named = call.args.filter((arg) => arg.name);
        if (!this.checkArity(fn, call, positional, named)) {
            for (const arg of call.args) this.check(arg.value);
            return this.unknown();
        }
        return new CallRules(this, this.ctx, fn, call, positional, named).apply();
    }

    private checkArity(fn: BuiltinFunction, call: CallExpr, positional: readonly Argument[], named: readonly Argument[]): boolean {
        let ok = true;
        if (positional.length < fn.minArgs || positional.length > fn.maxArgs) {
            const expected = fn.maxArgs === Infinity ? `at least ${fn.minArgs}` : fn.minArgs === fn.maxArgs ? `${fn.minArgs}` : `${fn.minArgs} to ${fn.maxArgs}`;
            this.ctx.sink.error('PHG0105', `${fn.name} takes ${expected} argument${expected === '1' ? '' : 's'}, not ${positional.length}`, { node: call, property: 'function' });
            ok = false;
        }
        for (const arg of named) {
            if (!fn.named.includes(arg.name ?? '')) {
                const accepted = fn.named.length > 0 ? `; it accepts ${fn.named.map((name) => `'${name}'`).join(', ')}` : '';
                this.ctx.sink.error('PHG0105', `${fn.name} has no argument named '${arg.name}'${accepted}`, { node: arg, property: 'name' });
                ok = false;
            }
        }
        return ok;
    }

    /** Reports a class label used as a number; true when it did. */
    rejectClassLabel(typed: TypedForm, node: AstNode): boolean {
        if (typed.element !== 'class') return false;
        this.ctx.sink.error('PHG2010',
            `${sourceText(node)} is a class label (an integer in 0..${(typed.classes ?? 1) - 1}), not a number; use it as the label of cross_entropy`,
            { node });
        return true;
    }
}
