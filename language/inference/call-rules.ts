// The rule of each built-in function (builtins/builtin-functions.ts) as constraints on its
// arguments' dimensions and shapes: equal dimensions, dimensionless arguments, halving for sqrt,
// scaling by an integer literal for pow, reductions, joins and the losses.
import type { Argument, CallExpr, Expression } from '../generated/ast.js';
import { isQuantityLiteral, isUnaryExpr } from '../generated/ast.js';
import type { AstNode } from 'langium';
import type { BuiltinFunction } from '../builtins/builtin-functions.js';
import type { ElementKind, Shape } from '../analysis/analysis-types.js';
import {
    broadcastShapes, concatShape, formatShape, reduceShape, scalarShape, transposeShape, type ShapeResult
} from '../shapes/shape-rules.js';
import type { DiagnosticCode } from '../validation/diagnostic-codes.js';
import { addForms, scaleForm, type LinearForm } from './linear-form.js';
import { sourceText, VariablePriority, VariableNamer, type InferenceContext, type TypedForm } from './inference-context.js';

/** What the rules need from the expression checker: checking arguments. */
export interface ArgumentChecker {
    check(expression: Expression | undefined, pureNumber?: boolean): TypedForm;
    unknown(): TypedForm;
    rejectClassLabel(typed: TypedForm, node: AstNode): boolean;
}

/** The rules of one call to a built-in function. */
export class CallRules {
    constructor(
        private readonly checker: ArgumentChecker,
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
                    // A half-typed axis (`axis:`) is a parse error already; its shape stays unknown.
                    if (axisArg.value === undefined) return { form: x.form, shape: undefined, element: 'tensor' };
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

/** A result is a multivector if any operand is. */
export function combinedElement(values: readonly TypedForm[]): ElementKind {
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
