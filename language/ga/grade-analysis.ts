// Blade-support inference over one model (and the losses that train it): every multivector value
// and expression gets a support — a bitmask over its algebra's blades — and versor-ness. Sums take
// the union, products the blades their sparse Cayley table reaches (the engine's own tables, so the
// editor and the engine cannot disagree), `R * x * ~R` is recognised as one sandwich whose result
// keeps x's grades when R is known to be a versor. Diagnostics:
//   PHG3001  a declared multivector type is narrower than the inferred support;
//   PHG3002  a sandwich narrowed to x's grades whose R is not known to be a versor;
//   PHG3003  an operation whose support cannot be bounded (nonlinear functions, division by a
//            multivector, mixed algebras): the checker never falls back to a dense multivector;
//   PHG3004  an algebra, grade or blade that does not exist.
import { AstUtils, type AstNode } from 'langium';
import type { BladeSupport } from '../../engine/ga/blade-support.js';
import { supportOf } from '../../engine/ga/blade-support.js';
import { gradeFilterSupport, linearMapSupport, productSupport, sandwichSupport, sumSupport } from '../../engine/ga/support-inference.js';
import type { DiagnosticSink } from '../analysis/diagnostic-sink.js';
import { relatedAt } from '../analysis/diagnostic-sink.js';
import type { BinaryExpr, CallExpr, Expression, ModelDecl, NamedValue, NameRef } from '../generated/ast.js';
import {
    isBinaryExpr, isBladeExpr, isCallExpr, isDataColumn, isInputDecl, isLetDecl, isNameRef, isOutputDecl, isParamDecl, isUnaryExpr
} from '../generated/ast.js';
import { bladeOf, isInfo, multivectorOfType, type MultivectorInfo } from './multivector-types.js';
import { describeSupport } from './support-description.js';

/** A sandwich `R * x * ~S` found in the source: its parts and what its support is. */
export interface SandwichMatch {
    readonly versor: NameRef;
    readonly operand: Expression;
    readonly reversed: NameRef;
    /** S is R: the grade-preserving sandwich of one versor. */
    readonly same: boolean;
    /** Every blade R x ~S can produce for arbitrary R. */
    readonly generic: BladeSupport;
    /** The blades of x's grades (what a versor R produces). */
    readonly gradePreserving: BladeSupport;
    /** Whether the analysis narrowed the result to `gradePreserving` (R is a known versor). */
    readonly narrowed: boolean;
}

/** The supports of one model's values and expressions. */
export interface ModelGrades {
    readonly values: ReadonlyMap<NamedValue, MultivectorInfo>;
    readonly expressions: ReadonlyMap<Expression, MultivectorInfo>;
    readonly sandwiches: ReadonlyMap<Expression, SandwichMatch>;
}

/** Functions that act on multivectors as geometric-algebra operations. */
const gaFunctions = new Set(['wedge', 'inner', 'dual', 'grade', 'reverse', 'norm', 'mse', 'mae']);

/** Infers supports for a model's statements and then for `losses`; reports PHG3001–PHG3004 into `sink`. */
export function analyzeGrades(model: ModelDecl, losses: readonly Expression[], sink: DiagnosticSink): ModelGrades {
    const checker = new GradeChecker(sink);
    for (const statement of model.statements) {
        if (isInputDecl(statement) || isParamDecl(statement)) checker.declare(statement);
        else if (isLetDecl(statement) || isOutputDecl(statement)) checker.define(statement);
    }
    for (const loss of losses) checker.expression(loss);
    return checker;
}

class GradeChecker implements ModelGrades {
    readonly values = new Map<NamedValue, MultivectorInfo>();
    readonly expressions = new Map<Expression, MultivectorInfo>();
    readonly sandwiches = new Map<Expression, SandwichMatch>();
    private readonly reported = new Set<AstNode>();

    constructor(private readonly sink: DiagnosticSink) {}

    /** An input or param: the support its type declares. */
    declare(value: NamedValue & { type?: Parameters<typeof multivectorOfType>[0] }): void {
        const info = multivectorOfType(value.type);
        if (info === undefined) return;
        if (!isInfo(info)) {
            this.sink.error('PHG3004', info.message, { node: value.type! });
            return;
        }
        this.values.set(value, info);
    }

    /** A let or output: the inferred support, checked against a declared type. */
    define(value: NamedValue & { type?: Parameters<typeof multivectorOfType>[0]; value?: Expression }): void {
        const inferred = value.value !== undefined ? this.expression(value.value) : undefined;
        const declared = multivectorOfType(value.type);
        if (declared !== undefined && !isInfo(declared)) {
            this.sink.error('PHG3004', declared.message, { node: value.type! });
            return;
        }
        if (declared === undefined) {
            if (inferred !== undefined) this.values.set(value, inferred);
            return;
        }
        if (inferred !== undefined && value.value !== undefined) this.checkDeclared(value, declared, inferred, value.value);
        // A declared motor or rotor is the author's statement that the value is a versor.
        this.values.set(value, { ...declared, versor: declared.versor || (inferred?.versor ?? false) });
    }

    /** The support of an expression (undefined for plain tensors and after an error). */
    expression(expression: Expression): MultivectorInfo | undefined {
        if (this.expressions.has(expression)) return this.expressions.get(expression);
        const info = this.compute(expression);
        if (info !== undefined) this.expressions.set(expression, info);
        return info;
    }

    private compute(expression: Expression): MultivectorInfo | undefined {
        if (isNameRef(expression)) return this.nameRef(expression);
        if (isBladeExpr(expression)) {
            const blade = bladeOf(expression);
            if (blade === undefined) return undefined;
            if (!('info' in blade)) {
                this.sink.error('PHG3004', blade.message, { node: expression, property: 'blade' });
                return undefined;
            }
            return blade.info;
        }
        if (isUnaryExpr(expression)) {
            const operand = this.expression(expression.operand);
            return operand;
        }
        if (isBinaryExpr(expression)) return this.binary(expression);
        if (isCallExpr(expression)) return this.call(expression);
        return undefined;
    }

    private nameRef(ref: NameRef): MultivectorInfo | undefined {
        const target = ref.target?.ref;
        if (target === undefined) return undefined;
        const known = this.values.get(target);
        if (known !== undefined || !isDataColumn(target)) return known;
        const info = multivectorOfType(target.type);
        if (info === undefined) return undefined;
        if (!isInfo(info)) {
            if (!this.reported.has(target)) this.sink.error('PHG3004', info.message, { node: target.type });
            this.reported.add(target);
            return undefined;
        }
        this.values.set(target, info);
        return info;
    }

    private binary(expression: BinaryExpr): MultivectorInfo | undefined {
        const sandwich = expression.operator === '*' ? this.sandwich(expression) : undefined;
        if (sandwich !== undefined) return sandwich;
        const left = this.expression(expression.left);
        const right = this.expression(expression.right);
        if (left === undefined && right === undefined) return undefined;
        if (!this.sameAlgebra(expression, left, right)) return undefined;
        const algebra = (left ?? right)!.algebra;
        const scalar = supportOf((left ?? right)!.support.algebra, [0]);
        switch (expression.operator) {
            case '+': case '-':
                return { algebra, support: sumSupport(left?.support ?? scalar, right?.support ?? scalar), versor: false };
            case '*': {
                if (left === undefined || right === undefined) return { ...(left ?? right)!, algebra };
                const same = isNameRef(expression.left) && isNameRef(expression.right) && expression.left.target?.ref === expression.right.target?.ref;
                return { algebra, support: productSupport('geometric_product', left.support, right.support, same), versor: left.versor && right.versor };
            }
            case '/':
                if (right === undefined) return left;
                this.unbounded(expression, 'division by a multivector: its inverse can fill the whole algebra', 'multiply by its reverse and divide by a scalar instead');
                return undefined;
            default:
                this.unbounded(expression, `'${expression.operator}' is not a geometric-algebra operation`, 'use * for the geometric product, wedge(…) or inner(…)');
                return undefined;
        }
    }

    /** `R * x * ~S` or `R * (x * ~S)` with R and S named multivectors: one sandwich. */
    private sandwich(expression: BinaryExpr): MultivectorInfo | undefined {
        let parts: { versor: NameRef; operand: Expression; reversed: NameRef } | undefined;
        const left = expression.left;
        const right = expression.right;
        const reversedRight = reversedRef(right);
        if (isBinaryExpr(left) && left.operator === '*' && isNameRef(left.left) && reversedRight !== undefined) parts = { versor: left.left, operand: left.right, reversed: reversedRight };
        else if (isNameRef(left) && isBinaryExpr(right) && right.operator === '*') {
            const reversed = reversedRef(right.right);
            if (reversed !== undefined) parts = { versor: left, operand: right.left, reversed };
        }
        if (parts === undefined) return undefined;
        const r = this.expression(parts.versor);
        const x = this.expression(parts.operand);
        const s = this.expression(parts.reversed);
        if (r === undefined || x === undefined || s === undefined) return undefined;
        if (!this.sameAlgebra(expression, r, x) || !this.sameAlgebra(expression, r, s)) return undefined;
        const same = parts.versor.target?.ref !== undefined && parts.versor.target.ref === parts.reversed.target?.ref;
        const supports = sandwichSupport(r.support, x.support, s.support, same);
        const narrowed = same && r.versor;
        this.sandwiches.set(expression, { ...parts, same, generic: supports.generic, gradePreserving: supports.gradePreserving, narrowed });
        // The reversed operand is read as part of the sandwich, not as a value of its own.
        return { algebra: r.algebra, support: narrowed ? supports.gradePreserving : supports.generic, versor: narrowed && x.versor };
    }

    private call(call: CallExpr): MultivectorInfo | undefined {
        const args = call.args.filter((arg) => arg.name === undefined).map((arg) => this.expression(arg.value));
        if (args.every((arg) => arg === undefined)) return undefined;
        const first = args.find((arg) => arg !== undefined)!;
        if (!gaFunctions.has(call.function)) {
            this.unbounded(call, `${call.function}(…) acts on numbers one by one, not on a multivector`, 'apply it to a scalar such as norm(x) or grade<0>(x)');
            return undefined;
        }
        if (!args.every((arg) => this.sameAlgebra(call, first, arg))) return undefined;
        const scalar = supportOf(first.support.algebra, [0]);
        const [a, b] = args;
        switch (call.function) {
            case 'wedge': case 'inner':
                return { algebra: first.algebra, support: productSupport(call.function, a?.support ?? scalar, b?.support ?? scalar), versor: false };
            case 'dual':
                return { algebra: first.algebra, support: linearMapSupport('dual', first.support), versor: false };
            case 'reverse':
                return first;
            case 'grade': {
                if (call.typeArg === undefined) {
                    this.sink.error('PHG3004', 'grade needs the grade to keep: grade<k>(x)', { node: call, property: 'function' });
                    return undefined;
                }
                if (call.typeArg > first.support.algebra.n) {
                    this.sink.error('PHG3004', `${first.algebra.name} has grades 0 to ${first.support.algebra.n}; there is no grade ${call.typeArg}`, { node: call });
                    return undefined;
                }
                return { algebra: first.algebra, support: gradeFilterSupport(first.support, [call.typeArg]), versor: false };
            }
            // norm is a plain number; losses are scalars.
            default:
                return undefined;
        }
    }

    private checkDeclared(value: NamedValue, declared: MultivectorInfo, inferred: MultivectorInfo, expression: Expression): void {
        if (declared.algebra !== inferred.algebra) {
            this.sink.error('PHG3001', `'${value.name}' is declared in algebra ${declared.algebra.name}, but its value is a multivector of ${inferred.algebra.name}`, { node: expression });
            return;
        }
        if (inferred.support.isSubsetOf(declared.support)) return;
        const missing = inferred.support.intersect(supportOf(inferred.support.algebra, declared.support.algebra.canonicalOrder.filter((blade) => !declared.support.has(blade))));
        const culprit = [...this.sandwiches.entries()].find(([node, match]) => AstUtils.streamAst(expression).some((n) => n === node)
            && !match.narrowed && match.gradePreserving.isSubsetOf(declared.support) && !match.generic.isSubsetOf(declared.support));
        if (culprit !== undefined) {
            const [node, match] = culprit;
            const name = match.versor.target?.$refText ?? match.versor.$cstNode?.text ?? 'R';
            const why = match.same ? `'${name}' is not known to be a versor (declare it ${declared.algebra.name}.motor or ${declared.algebra.name}.rotor)` : `~${match.reversed.$cstNode?.text ?? 'S'} is not the reverse of the same versor '${name}'`;
            this.sink.error('PHG3002', `the sandwich ${node.$cstNode?.text ?? ''} keeps the grades of its operand only for a versor, and ${why}: for any other value it also has ${describeSupport(match.generic.intersect(missing))}`,
                { node }, [relatedAt({ node: value }, `'${value.name}' is declared ${describeSupport(declared.support)}`)]);
            return;
        }
        this.sink.error('PHG3001', `'${value.name}' is declared ${describeSupport(declared.support)}, but its value has ${describeSupport(inferred.support)}: ${describeSupport(missing)} would be dropped`,
            { node: expression }, [relatedAt({ node: value }, `'${value.name}' is declared here`)]);
    }

    private sameAlgebra(node: AstNode, a: MultivectorInfo | undefined, b: MultivectorInfo | undefined): boolean {
        if (a === undefined || b === undefined || a.algebra === b.algebra) return true;
        this.unbounded(node, `multivectors of ${a.algebra.name} and ${b.algebra.name} do not combine`, 'convert one explicitly');
        return false;
    }

    private unbounded(node: AstNode, what: string, advice: string): void {
        if (this.reported.has(node)) return;
        this.reported.add(node);
        this.sink.error('PHG3003', `${what}, so the blade support of the result cannot be bounded (a multivector is never made dense silently); ${advice}`, { node });
    }
}

// `~S` or `reverse(S)` of a named value: the name reference.
function reversedRef(expression: Expression): NameRef | undefined {
    if (isUnaryExpr(expression) && expression.operator === '~' && isNameRef(expression.operand)) return expression.operand;
    if (isCallExpr(expression) && expression.function === 'reverse' && expression.args.length === 1 && isNameRef(expression.args[0]!.value)) return expression.args[0]!.value;
    return undefined;
}
