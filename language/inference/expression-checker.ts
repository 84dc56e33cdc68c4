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
import type { ElementKind, Shape } from '../analysis/analysis-types.js';
import {
    broadcastShapes, concatShape, formatShape, matmulShape, reduceShape, scalarShape, transposeShape, type ShapeResult
} from '../shapes/shape-rules.js';
import type { DiagnosticCode } from '../validation/diagnostic-codes.js';
import { addForms, scaleForm, type LinearForm } from './linear-form.js';
import { VariablePriority, VariableNamer, type InferenceContext, type TypedForm } from './inference-context.js';
import { closestName } from './spelling.js';

/** Looks up the type of a named value at a use (the statement checker enforces definition before use). */
export type ValueLookup = (value: NamedValue, use: NameRef) => TypedForm | undefined;

/** Checks expressions of one model or training block. */
export class ExpressionChecker {
    constructor(private readonly ctx: InferenceContext, private readonly lookup: ValueLookup) {}

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
        return { form: pureNumber ? this.ctx.one : this.ctx.freshForm(VariablePriority.literal), shape, element: 'tensor' };
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

/** The rules of one call to a built-in function. */
class CallRules {
    constructor(
        private readonly checker: ExpressionChecker,
        private readonly ctx: InferenceContext,
        private readonly fn: BuiltinFunction,
        private readonly call: CallExpr,
        private readonly positional: readonly Argument[],
        private readonly named: readonly Argument[]
    ) {}

    apply(): TypedForm {
        const fn = this.fn;
        const target = { node: this.call, property: 'function' };
        switch (fn.rule) {
            case 'preserve':
            case 'ga-preserve': {
                const [x] = this.args();
                return x ? { ...x, element: x.element === 'class' ? 'tensor' : x.element } : this.checker.unknown();
            }
            case 'dimensionless': {
                const [x] = this.args();
                if (!x) return this.checker.unknown();
                this.requireDimensionless(x, 0);
                return { form: this.ctx.one, shape: x.shape, element: x.element };
            }
            case 'sqrt': {
                const [x] = this.args();
                if (!x) return this.checker.unknown();
                const root = this.ctx.freshForm(VariablePriority.temporary);
                const failure = this.ctx.unify(scaleForm(root, 2), x.form, target, 'sqrt halves every exponent');
                if (failure) {
                    this.ctx.reportDimension('PHG1004',
                        `sqrt needs even exponents, but ${sourceText(this.argNode(0))} has dimension ${this.ctx.describe(x.form)}${oddExponents(this.ctx, x.form)}`,
                        target, this.ctx.explain(this.argNode(0)));
                }
                return { form: root, shape: x.shape, element: x.element };
            }
            case 'pow':
                return this.pow();
            case 'reduce': {
                const [x] = this.args();
                if (!x) return this.checker.unknown();
                const axisArg = this.named.find((arg) => arg.name === 'axis');
                let axis: number | undefined;
                if (axisArg) {
                    axis = integerLiteral(axisArg.value);
                    this.checker.check(axisArg.value, true);
                    if (axis === undefined) {
                        this.ctx.sink.error('PHG0105', `the axis of ${fn.name} must be an integer literal`, { node: axisArg.value });
                        return { form: x.form, shape: undefined, element: 'tensor' };
                    }
                }
                return { form: x.form, shape: this.shape(x.shape && reduceShape(x.shape, axis), 'PHG2011'), element: 'tensor' };
            }
            case 'same':
            case 'concat': {
                const xs = this.args();
                this.requireSameDimension(xs);
                const shapes = xs.map((x) => x.shape);
                const known = shapes.every((shape): shape is Shape => shape !== undefined);
                const result = known ? (fn.rule === 'same' ? broadcastShapes(shapes) : concatShape(shapes)) : undefined;
                return { form: xs[0]?.form ?? this.ctx.one, shape: this.shape(result, fn.rule === 'same' ? 'PHG2001' : 'PHG2007'), element: combinedElement(xs) };
            }
            case 'fma': {
                const [a, b, c] = this.args();
                if (!a || !b || !c) return this.checker.unknown();
                const product = addForms(a.form, b.form);
                const failure = this.ctx.unify(product, c.form, target, 'fma adds its third argument to the product of the first two');
                if (failure) {
                    const namer = new VariableNamer();
                    this.ctx.reportDimension('PHG1001',
                        `fma cannot add ${this.ctx.describeTyped(c, namer)} to the product ${this.ctx.describe(product, namer)}${this.ctx.difference(product, c.form)}`,
                        target, [...this.ctx.explain(this.argNode(0)), ...this.ctx.explain(this.argNode(1)), ...this.ctx.explain(this.argNode(2))]);
                }
                const shapes = [a.shape, b.shape, c.shape];
                const known = shapes.every((shape): shape is Shape => shape !== undefined);
                return { form: c.form, shape: this.shape(known ? broadcastShapes(shapes) : undefined, 'PHG2001'), element: combinedElement([a, b, c]) };
            }
            case 'transpose': {
                const [x] = this.args();
                if (!x) return this.checker.unknown();
                return { form: x.form, shape: this.shape(x.shape && transposeShape(x.shape), 'PHG2001'), element: x.element };
            }
            case 'mse':
            case 'mae': {
                const [prediction, targetValue] = this.args();
                if (!prediction || !targetValue) return this.checker.unknown();
                this.requireSameDimension([prediction, targetValue]);
                if (prediction.shape && targetValue.shape) this.shape(broadcastShapes([prediction.shape, targetValue.shape]), 'PHG2001');
                return { form: fn.rule === 'mse' ? scaleForm(prediction.form, 2) : prediction.form, shape: scalarShape(false), element: 'tensor' };
            }
            case 'cross_entropy':
                return this.crossEntropy();
            case 'ga-product': {
                const [a, b] = this.args();
                if (!a || !b) return this.checker.unknown();
                const shapes = [a.shape, b.shape];
                const known = shapes.every((shape): shape is Shape => shape !== undefined);
                return { form: addForms(a.form, b.form), shape: known ? this.shape(broadcastShapes(shapes), 'PHG2001') : undefined, element: 'multivector' };
            }
        }
    }

    /** Checks the positional arguments; class labels are rejected unless the function takes them (cross_entropy). */
    private args(allowClassLabels = false): TypedForm[] {
        return this.positional.map((arg) => {
            const typed = this.checker.check(arg.value);
            if (!allowClassLabels && this.checker.rejectClassLabel(typed, arg.value)) return { ...typed, shape: undefined, element: 'tensor' as ElementKind };
            return typed;
        });
    }

    private argNode(index: number): Expression | undefined {
        return this.positional[index]?.value;
    }

    private requireDimensionless(x: TypedForm, index: number): void {
        const node = this.argNode(index);
        const failure = this.ctx.unify(x.form, this.ctx.one, { node: node ?? this.call }, `${this.fn.name} needs a dimensionless argument`);
        if (failure) {
            this.ctx.reportDimension('PHG1003',
                `${this.fn.name} needs a dimensionless argument, but ${sourceText(node)} has dimension ${this.ctx.describe(x.form)}`,
                { node: node ?? this.call }, this.ctx.explain(node));
        }
    }

    private requireSameDimension(xs: readonly TypedForm[]): void {
        const first = xs[0];
        if (!first) return;
        for (let i = 1; i < xs.length; i++) {
            const other = xs[i];
            if (!other) continue;
            const node = this.argNode(i) ?? this.call;
            const failure = this.ctx.unify(first.form, other.form, { node }, `the arguments of ${this.fn.name} share one dimension`);
            if (failure) {
                const namer = new VariableNamer();
                this.ctx.reportDimension('PHG1002',
                    `the arguments of ${this.fn.name} must have the same dimension: ${this.ctx.describeTyped(first, namer)} vs ${this.ctx.describeTyped(other, namer)}${this.ctx.difference(first.form, other.form)}`,
                    { node }, [...this.ctx.explain(this.argNode(0)), ...this.ctx.explain(this.argNode(i))]);
            }
        }
    }

    private pow(): TypedForm {
        const baseNode = this.argNode(0);
        const exponentNode = this.argNode(1);
        if (!baseNode || !exponentNode) return this.checker.unknown();
        const base = this.checker.check(baseNode);
        if (this.checker.rejectClassLabel(base, baseNode)) return this.checker.unknown();
        const k = integerLiteral(exponentNode);
        if (k !== undefined) {
            this.checker.check(exponentNode, true);
            return { form: scaleForm(base.form, k), shape: base.shape, element: base.element };
        }
        const exponent = this.checker.check(exponentNode);
        if (this.ctx.unify(exponent.form, this.ctx.one, { node: exponentNode }, 'an exponent is a pure number')) {
            this.ctx.reportDimension('PHG1003', `the exponent of pow must be dimensionless, but ${sourceText(exponentNode)} has dimension ${this.ctx.describe(exponent.form)}`,
                { node: exponentNode }, this.ctx.explain(exponentNode));
            return this.checker.unknown();
        }
        const failure = this.ctx.unify(base.form, this.ctx.one, { node: exponentNode }, 'pow with a non-integer exponent needs a dimensionless base');
        if (failure) {
            this.ctx.reportDimension('PHG1005',
                `the exponent of pow must be an integer literal when the base has a dimension (${sourceText(baseNode)} has ${this.ctx.describe(base.form)})` +
                (exponentNode.$cstNode?.text.trim() === '0.5' ? '; use sqrt' : ''),
                { node: exponentNode }, this.ctx.explain(baseNode));
        }
        const shapes = [base.shape, exponent.shape];
        const known = shapes.every((shape): shape is Shape => shape !== undefined);
        return { form: this.ctx.one, shape: known ? this.shape(broadcastShapes(shapes), 'PHG2001') : undefined, element: 'tensor' };
    }

    private crossEntropy(): TypedForm {
        const [probabilities, label] = this.args(true);
        const result: TypedForm = { form: this.ctx.one, shape: scalarShape(false), element: 'tensor' };
        if (!probabilities || !label) return result;
        if (probabilities.element === 'class') {
            this.ctx.sink.error('PHG6006', 'cross_entropy takes the predicted probabilities first and the class label second',
                { node: this.call, property: 'function' });
            return result;
        }
        this.requireDimensionless(probabilities, 0);
        const predicted = probabilities.shape;
        if (label.element === 'class') {
            const classes = predicted?.axes[predicted.axes.length - 1];
            if (predicted && (predicted.axes.length !== 1 || classes !== label.classes)) {
                this.ctx.sink.error('PHG2006',
                    `cross_entropy compares ${formatShape(predicted)} probabilities with a label of class(${label.classes}): the prediction must have shape [${label.classes}]`,
                    { node: this.argNode(0) ?? this.call });
            }
        } else {
            this.requireDimensionless(label, 1);
            if (predicted && label.shape && (predicted.axes.length !== label.shape.axes.length || predicted.axes.some((size, i) => size !== label.shape?.axes[i]))) {
                this.ctx.sink.error('PHG2006',
                    `cross_entropy compares ${formatShape(predicted)} probabilities with ${formatShape(label.shape)} targets: the shapes must agree`,
                    { node: this.argNode(1) ?? this.call });
            }
        }
        return result;
    }

    private shape(result: ShapeResult | undefined, code: DiagnosticCode): Shape | undefined {
        if (!result) return undefined;
        if ('shape' in result) return result.shape;
        this.ctx.sink.error(code, `${this.fn.name}: ${result.error}`, { node: this.call, property: 'function' });
        return undefined;
    }
}

/** The integer a literal (or a negated literal) spells, if it is written as an integer. */
export function integerLiteral(expression: Expression | undefined): number | undefined {
    if (isUnaryExpr(expression) && expression.operator === '-') {
        const inner = integerLiteral(expression.operand);
        return inner === undefined ? undefined : -inner;
    }
    if (!isQuantityLiteral(expression) || expression.unit) return undefined;
    const text = expression.$cstNode?.text.trim() ?? '';
    return /^\d+$/.test(text) ? Number(text) : undefined;
}

/** The source text of a node, shortened for messages: `'x @ W1'`. */
export function sourceText(node: AstNode | undefined): string {
    const text = node?.$cstNode?.text.replace(/\s+/g, ' ').trim() ?? '';
    return `'${text.length > 40 ? `${text.slice(0, 37)}…` : text}'`;
}

function combinedElement(values: readonly TypedForm[]): ElementKind {
    return values.some((value) => value.element === 'multivector') ? 'multivector' : 'tensor';
}

function oddExponents(ctx: InferenceContext, form: LinearForm): string {
    const resolved = ctx.resolve(form);
    if (resolved.terms.size > 0) return '';
    const odd = resolved.constant
        .map((exponent, i) => ({ exponent, name: ctx.units.basis.names[i] ?? '' }))
        .filter(({ exponent }) => exponent % 2 !== 0)
        .map(({ exponent, name }) => `${name} ${exponent}`);
    return odd.length > 0 ? ` (odd: ${odd.join(', ')})` : '';
}
