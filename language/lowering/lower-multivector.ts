// Lowering geometric-algebra expressions to the IR's GA operations (engine/ga/ir-edges.ts). The
// support of every node comes from the analysis's support inference; the engine computes exactly
// the target's coefficients. `R * x * ~R` becomes ONE `sandwich` hyperedge over (R, x, R) — one
// multi-way relation, not two binary products — and plain numbers meeting multivectors are read by
// the GA operations as scalar multivectors.
import type { AstNode } from 'langium';
import type { IrAttribute, IrOp } from '../../engine/ir/types.js';
import type { DocumentAnalysis } from '../analysis/analysis-types.js';
import type { Expression } from '../generated/ast.js';
import { isBinaryExpr, isBladeExpr, isCallExpr, isQuantityLiteral, isUnaryExpr } from '../generated/ast.js';
import { bladeOf } from '../ga/multivector-types.js';

/** What GA lowering needs from the model lowering. */
export interface MultivectorLowering {
    readonly analysis: DocumentAnalysis;
    /** Lowers a sub-expression; returns its node's name. */
    lower(expression: Expression): string;
    /** Emits the expression's own node as the target of `op` over `sources`. */
    emit(op: IrOp, sources: string[], attributes?: Record<string, IrAttribute>): string;
    /** A constant node of the expression's type holding `value` in every coefficient. */
    constant(value: number, source: AstNode): string;
    /** Records a problem and returns a placeholder node. */
    fail(what: string, node: AstNode): string;
}

const gaCalls: ReadonlyMap<string, IrOp> = new Map<string, IrOp>([['wedge', 'wedge'], ['inner', 'inner'], ['dual', 'dual'], ['reverse', 'reverse'], ['grade', 'grade'], ['norm', 'ga_norm']]);

/** Lowers `expression` if it is a geometric-algebra operation; undefined leaves it to the tensor lowering. */
export function lowerMultivectorExpression(expression: Expression, ctx: MultivectorLowering): string | undefined {
    const analysis = ctx.analysis;
    const isMultivector = (e: Expression | undefined): boolean => e !== undefined && analysis.multivectorOf(e) !== undefined;
    const sandwich = analysis.sandwichOf(expression);
    if (sandwich !== undefined) return ctx.emit('sandwich', [ctx.lower(sandwich.versor), ctx.lower(sandwich.operand), ctx.lower(sandwich.reversed)]);
    if (isBladeExpr(expression)) {
        const blade = bladeOf(expression);
        return blade !== undefined && 'sign' in blade ? ctx.constant(blade.sign, expression) : ctx.fail(`the blade ${expression.blade}`, expression);
    }
    if (isUnaryExpr(expression) && expression.operator === '~') {
        if (!isMultivector(expression.operand)) return ctx.fail('~ of a value that is not a multivector', expression);
        return ctx.emit('reverse', [ctx.lower(expression.operand)]);
    }
    if (isBinaryExpr(expression) && (isMultivector(expression.left) || isMultivector(expression.right))) {
        switch (expression.operator) {
            case '+': return ctx.emit('ga_add', [ctx.lower(expression.left), ctx.lower(expression.right)]);
            case '-': return ctx.emit('ga_sub', [ctx.lower(expression.left), ctx.lower(expression.right)]);
            case '*': return ctx.emit('geometric_product', [ctx.lower(expression.left), ctx.lower(expression.right)]);
            case '/': {
                // x / c with a literal c: the product with the rounded reciprocal (two roundings, as the docs say).
                const divisor = isQuantityLiteral(expression.right) && expression.right.unit === undefined ? analysis.quantityOf(expression.right) : undefined;
                if (divisor === undefined || divisor === 0 || isMultivector(expression.right)) return ctx.fail('a multivector divided by anything but a nonzero literal', expression);
                return ctx.emit('geometric_product', [ctx.lower(expression.left), ctx.constant(1 / divisor, expression.right)]);
            }
            default: return ctx.fail(`'${expression.operator}' of a multivector`, expression);
        }
    }
    if (isCallExpr(expression)) {
        const op = gaCalls.get(expression.function);
        const args = expression.args.filter((arg) => arg.name === undefined).map((arg) => arg.value);
        if (expression.function === 'mse' || expression.function === 'mae') {
            // A loss compares coefficients one by one: both sides must store the same blades.
            const [a, b] = args.map((arg) => analysis.multivectorOf(arg));
            if ((a !== undefined || b !== undefined) && (a === undefined || b === undefined || a.support.mask !== b.support.mask || a.support.algebra !== b.support.algebra)) {
                return ctx.fail(`${expression.function} of multivectors with different blade supports (declare the data column with the prediction's type)`, expression);
            }
            return undefined;
        }
        if (op === undefined || !args.some(isMultivector)) return undefined;
        const sources = args.map((arg) => ctx.lower(arg));
        if (op === 'grade') return ctx.emit('grade', sources, { grades: [expression.typeArg ?? 0] });
        return ctx.emit(op, sources);
    }
    return undefined;
}
