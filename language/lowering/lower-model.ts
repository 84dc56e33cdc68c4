// Lowering a checked model to the PHG IR: one node per input, parameter and named value (by its
// source name), one anonymous node `%n` per intermediate result, one hyperedge per operation, plus
// the loss of a `train` block. Shapes and dimensions come from the language's analysis, so the IR
// agrees with what the editor shows. Functions the engine has no operation for are decomposed
// (`norm`, n-ary `max`/`min`, `fma`) or reported as problems, never silently dropped.
import type { AstNode } from 'langium';
import { irSupportOf } from '../../engine/ga/ir-edges.js';
import type { IrAttribute, IrDimension, IrEdge, IrGraph, IrInit, IrNode, IrNodeRole, IrOp, IrSourceRange } from '../../engine/ir/types.js';
import type { DocumentAnalysis, Dimension, ModelAnalysis, ValueType } from '../analysis/analysis-types.js';
import type { Argument, CallExpr, Expression, Initializer, NamedValue } from '../generated/ast.js';
import { isBinaryExpr, isBladeExpr, isCallExpr, isDataColumn, isExpression, isInitCall, isInputDecl, isLetDecl, isNamedValue, isNameRef, isOutputDecl, isParamDecl, isQuantityLiteral, isUnaryExpr } from '../generated/ast.js';
import { builtinFunctions } from '../builtins/builtin-functions.js';
import { lowerMultivectorExpression } from './lower-multivector.js';

/** Something the lowering cannot express in the IR, with where it is. */
export interface LoweringProblem {
    readonly message: string;
    readonly node: AstNode;
}

/** Bytes per value of a canonical format name (undefined: unknown format). */
export type FormatBytes = (format: string) => number | undefined;

/** What to lower: a model, the format of its numeric values and, for training, the loss. */
export interface ModelLoweringInput {
    readonly analysis: DocumentAnalysis;
    readonly model: ModelAnalysis;
    /** Canonical format of every numeric value. */
    readonly format: string;
    readonly formatBytes: FormatBytes;
    /** The `loss` expression of a train block, whose data columns become target nodes. */
    readonly loss?: Expression;
}

const unaryFunctions: ReadonlyMap<string, IrOp> = new Map<string, IrOp>([
    ['relu', 'relu'], ['abs', 'abs'], ['neg', 'neg'], ['exp', 'exp'], ['log', 'log'], ['sin', 'sin'], ['cos', 'cos'],
    ['tanh', 'tanh'], ['sigmoid', 'sigmoid'], ['softmax', 'softmax'], ['sqrt', 'sqrt']
]);
const binaryOperators: ReadonlyMap<string, IrOp> = new Map<string, IrOp>([['+', 'add'], ['-', 'sub'], ['*', 'mul'], ['/', 'div'], ['@', 'matmul']]);

/** Lowers a model (and optionally its loss) to an IR graph; problems say what could not be lowered. */
export function lowerModel(input: ModelLoweringInput): { graph: IrGraph; problems: LoweringProblem[] } {
    const lowering = new ModelLowering(input);
    return lowering.run();
}

class ModelLowering {
    private readonly nodes: IrNode[] = [];
    private readonly edges: IrEdge[] = [];
    private readonly names = new Map<NamedValue, string>();
    private readonly taken = new Set<string>();
    private readonly problems: LoweringProblem[] = [];
    private readonly outputs: string[] = [];
    private anonymous = 0;
    private readonly analysis: DocumentAnalysis;

    constructor(private readonly input: ModelLoweringInput) {
        this.analysis = input.analysis;
        for (const value of input.model.values) this.taken.add(value.name);
    }

    run(): { graph: IrGraph; problems: LoweringProblem[] } {
        for (const value of this.input.model.values) {
            const decl = value.node;
            if (isInputDecl(decl)) this.names.set(decl, this.addNode(value.name, 'input', value.type, decl));
            else if (isParamDecl(decl)) this.names.set(decl, this.addNode(value.name, 'param', value.type, decl, initOf(this.analysis, decl.init, this.problems)));
            else if (isLetDecl(decl) || isOutputDecl(decl)) {
                const role: IrNodeRole = isOutputDecl(decl) ? 'output' : 'value';
                const name = this.lowerExpression(decl.value, { name: value.name, role, type: value.type, source: decl });
                this.names.set(decl, name);
                if (isOutputDecl(decl)) this.outputs.push(name);
            } else {
                this.problems.push({ message: `${value.kind} '${value.name}' cannot be trained by the engine yet (spiking layers come with the spiking issue)`, node: decl });
            }
        }
        let loss: string | undefined;
        if (this.input.loss !== undefined) {
            const type = this.analysis.typeOf(this.input.loss);
            const name = this.taken.has('loss') ? '%loss' : 'loss';
            loss = this.lowerExpression(this.input.loss, { name, role: 'loss', type, source: this.input.loss });
        }
        const graph: IrGraph = { model: this.input.model.model.name, nodes: this.nodes, edges: this.edges, outputs: this.outputs, ...(loss !== undefined ? { loss } : {}) };
        return { graph, problems: this.problems };
    }

    // Lowers an expression; `as` names the node of its final result (a let, an output or the loss).
    private lowerExpression(expression: Expression, as?: { name: string; role: IrNodeRole; type: ValueType | undefined; source: AstNode }): string {
        // A half-typed document (the editor lowers it for design-time checks) may lack an operand.
        if ((expression as Expression | undefined) === undefined) return this.fail('an incomplete expression', as?.source ?? this.input.model.model);
        const type = as?.type ?? this.analysis.typeOf(expression);
        const emit = (op: IrOp, sources: string[], attributes?: Record<string, IrAttribute>): string => {
            const name = this.addNode(as?.name ?? this.fresh(), as?.role ?? 'value', type, as?.source ?? expression);
            this.edges.push({ op, sources, target: name, ...(attributes !== undefined ? { attributes } : {}), source: rangeOf(expression) });
            return name;
        };
        // Geometric algebra (language/lowering/lower-multivector.ts): products, sandwiches, blades.
        const multivector = lowerMultivectorExpression(expression, {
            analysis: this.analysis,
            lower: (e) => this.lowerExpression(e),
            emit,
            constant: (value, source) => this.addNode(this.fresh(), 'constant', isExpression(source) ? this.analysis.typeOf(source) : undefined, source, undefined, value),
            fail: (what, node) => this.fail(what, node)
        });
        if (multivector !== undefined) return as !== undefined && isBladeExpr(expression) ? this.alias(multivector, as, expression) : multivector;
        if (isNameRef(expression)) {
            const target = expression.target.ref;
            if (target === undefined) return this.fail('an unresolved name', expression);
            const known = this.names.get(target);
            if (known !== undefined) return as !== undefined ? this.alias(known, as, expression) : known;
            if (isDataColumn(target)) {
                const column = this.analysis.valueOf(target);
                const name = this.addNode(target.name, 'target', column?.type, target);
                this.names.set(target, name);
                return as !== undefined ? this.alias(name, as, expression) : name;
            }
            return this.fail(`'${target.name}' before it is defined`, expression);
        }
        if (isQuantityLiteral(expression)) {
            const value = this.analysis.quantityOf(expression);
            if (value === undefined) return this.fail('a literal with an unknown unit', expression);
            const name = this.addNode(this.fresh(), 'constant', this.analysis.typeOf(expression), expression, undefined, value);
            return as !== undefined ? this.alias(name, as, expression) : name;
        }
        if (isBinaryExpr(expression)) {
            const op = binaryOperators.get(expression.operator)!;
            return emit(op, [this.lowerExpression(expression.left), this.lowerExpression(expression.right)]);
        }
        if (isUnaryExpr(expression)) {
            if (expression.operator === '~') return this.fail('the multivector reverse `~`', expression);
            return emit('neg', [this.lowerExpression(expression.operand)]);
        }
        if (isCallExpr(expression)) return this.lowerCall(expression, emit, type);
        return this.fail(`a ${expression.$type}`, expression);
    }

    private lowerCall(call: CallExpr, emit: (op: IrOp, sources: string[], attributes?: Record<string, IrAttribute>) => string, type: ValueType | undefined): string {
        const fn = call.function;
        const positional = call.args.filter((arg) => arg.name === undefined);
        if (call.args.some((arg) => arg.name !== undefined)) return this.fail(`${fn}(…) with named arguments (reductions over one axis are not executable yet)`, call);
        // A call cut short by a parse error (`softmax(}`) has fewer arguments than the rules below read.
        if (positional.length < (builtinFunctions.get(fn)?.minArgs ?? 0)) return this.fail(`${fn}(…) with missing arguments`, call);
        const unary = unaryFunctions.get(fn);
        if (unary !== undefined) return emit(unary, [this.lowerExpression(positional[0]!.value)]);
        switch (fn) {
            case 'pow': {
                const exponent = integerLiteral(this.analysis, positional[1]);
                if (exponent === undefined) return this.fail('pow with a non-literal exponent', call);
                return emit('pow', [this.lowerExpression(positional[0]!.value)], { exponent });
            }
            case 'sum': case 'mean':
                return emit(fn, [this.lowerExpression(positional[0]!.value)]);
            case 'norm': {
                // norm(x) = sqrt(sum(x·x)), with the squares' dimension twice x's.
                const x = this.lowerExpression(positional[0]!.value);
                const xType = this.analysis.typeOf(positional[0]!.value);
                const squaredType = xType !== undefined ? { ...xType, dimension: scaleDimension(xType.dimension, 2) } : undefined;
                const square = this.addNode(this.fresh(), 'value', squaredType, call);
                this.edges.push({ op: 'mul', sources: [x, x], target: square, source: rangeOf(call) });
                const total = this.addNode(this.fresh(), 'value', squaredType !== undefined && type !== undefined ? { ...squaredType, shape: type.shape } : undefined, call);
                this.edges.push({ op: 'sum', sources: [square], target: total, source: rangeOf(call) });
                return emit('sqrt', [total]);
            }
            case 'max': case 'min': {
                // n-ary: a left fold of the binary op; only the last step takes the caller's name.
                const operands = positional.map((arg) => this.lowerExpression(arg.value));
                let acc = operands[0]!;
                for (let i = 1; i < operands.length - 1; i++) {
                    const partial = this.addNode(this.fresh(), 'value', type, call);
                    this.edges.push({ op: fn, sources: [acc, operands[i]!], target: partial, source: rangeOf(call) });
                    acc = partial;
                }
                return emit(fn, [acc, operands[operands.length - 1]!]);
            }
            case 'fma': {
                // a·b + c as a product and a sum (two roundings: the engine has no fused op yet).
                const [a, b, c] = positional.map((arg) => this.lowerExpression(arg.value)) as [string, string, string];
                const product = this.addNode(this.fresh(), 'value', type, call);
                this.edges.push({ op: 'mul', sources: [a, b], target: product, source: rangeOf(call) });
                return emit('add', [product, c]);
            }
            case 'mse': case 'cross_entropy':
                return emit(fn, positional.map((arg) => this.lowerExpression(arg.value)));
            default:
                return this.fail(`${fn}(…)`, call);
        }
    }

    // A named value that is another value under a new name: an identity edge keeps both names.
    private alias(source: string, as: { name: string; role: IrNodeRole; type: ValueType | undefined; source: AstNode }, expression: Expression): string {
        const name = this.addNode(as.name, as.role, as.type, as.source);
        const zero = this.addNode(this.fresh(), 'constant', { shape: { axes: [], batched: false }, dimension: as.type?.dimension ?? { exponents: [], variables: [] }, element: 'tensor' }, expression, undefined, 0);
        this.edges.push({ op: 'add', sources: [source, zero], target: name, source: rangeOf(expression) });
        return name;
    }

    private fail(what: string, node: AstNode): string {
        this.problems.push({ message: `the engine cannot execute ${what} yet`, node });
        return this.addNode(this.fresh(), 'constant', undefined, node, undefined, 0);
    }

    private fresh(): string {
        let name: string;
        do name = `%${++this.anonymous}`; while (this.taken.has(name));
        return name;
    }

    private addNode(name: string, role: IrNodeRole, type: ValueType | undefined, source: AstNode, init?: IrInit, value?: number): string {
        this.taken.add(name);
        const isClass = type?.element === 'class';
        // A multivector stores its blade support's coefficients on a last axis (engine/ga).
        const multivector = type?.element === 'multivector' && (isExpression(source) || isNamedValue(source)) ? this.analysis.multivectorOf(source) : undefined;
        const shape = [...(type?.shape?.axes ?? []), ...(multivector !== undefined ? [multivector.support.size] : [])];
        const batched = role === 'loss' ? false : (type?.shape?.batched ?? false);
        const format = isClass ? `class(${type?.classes ?? 0})` : this.input.format;
        const elementBytes = isClass ? 4 : this.input.formatBytes(format) ?? 0;
        if (type !== undefined && type.element !== 'tensor' && !isClass && multivector === undefined) {
            // Spiking models are simulated by engine/spiking (language/spiking/lower-spiking.ts), not as IR graphs.
            const message = type.element === 'spikes' ? 'a spiking model is simulated by engine/spiking, not as an IR graph (phg train and phg run take it; its plan: the code lens, docs/spiking.md)' : `${type.element} values cannot be executed by the engine yet`;
            this.problems.push({ message, node: source });
        }
        if (type?.shape === undefined && role !== 'constant') this.problems.push({ message: `the shape of '${name}' is unknown (see the errors above)`, node: source });
        const node: IrNode = {
            name,
            role,
            shape: [...shape],
            batched,
            dimension: type !== undefined ? irDimension(this.analysis, type.dimension) : {},
            format,
            lifetime: role === 'param' || role === 'constant' ? 'param' : 'activation',
            bytes: shape.reduce((a, b) => a * b, 1) * elementBytes,
            ...(multivector !== undefined ? { support: irSupportOf(multivector.support, multivector.algebra.name) } : {}),
            ...(init !== undefined ? { init } : {}),
            ...(value !== undefined ? { value } : {}),
            source: rangeOf(source)
        };
        this.nodes.push(node);
        return name;
    }
}

/** The IR's dimension: base dimension name → nonzero exponent, free variables by their display name. */
export function irDimension(analysis: DocumentAnalysis, dimension: Dimension): IrDimension {
    const result: Record<string, number> = {};
    dimension.exponents.forEach((exponent, i) => { if (exponent !== 0) result[analysis.basis.names[i] ?? `#${i}`] = exponent; });
    for (const variable of dimension.variables) if (variable.exponent !== 0) result[variable.name] = variable.exponent;
    return result;
}

function scaleDimension(dimension: Dimension, factor: number): Dimension {
    return { exponents: dimension.exponents.map((e) => e * factor), variables: dimension.variables.map((v) => ({ ...v, exponent: v.exponent * factor })) };
}

function integerLiteral(analysis: DocumentAnalysis, arg: Argument | undefined): number | undefined {
    if (arg === undefined) return undefined;
    const value = isQuantityLiteral(arg.value) ? analysis.quantityOf(arg.value) : isUnaryExpr(arg.value) && arg.value.operator === '-' && isQuantityLiteral(arg.value.operand) ? -(analysis.quantityOf(arg.value.operand) ?? NaN) : undefined;
    return value !== undefined && Number.isInteger(value) ? value : undefined;
}

function initOf(analysis: DocumentAnalysis, init: Initializer | undefined, problems: LoweringProblem[]): IrInit {
    if (init === undefined) return { kind: 'zeros' };
    // quantityOf applies a literal's sign and unit.
    if (!isInitCall(init)) return { kind: 'constant', value: analysis.quantityOf(init.value) ?? 0 };
    const args = init.args.map((arg) => (isQuantityLiteral(arg.value) ? (analysis.quantityOf(arg.value) ?? NaN) : isUnaryExpr(arg.value) && isQuantityLiteral(arg.value.operand) ? -(analysis.quantityOf(arg.value.operand) ?? NaN) : NaN));
    switch (init.kind) {
        case 'he': case 'glorot': case 'zeros': case 'ones': case 'identity':
            return { kind: init.kind };
        case 'normal': return { kind: 'normal', mean: args[0] ?? 0, std: args[1] ?? 1 };
        case 'uniform': return { kind: 'uniform', low: args[0] ?? -1, high: args[1] ?? 1 };
        default:
            problems.push({ message: `unknown initialiser ${init.kind}`, node: init });
            return { kind: 'zeros' };
    }
}

/** The 0-based source range of an AST node. */
export function rangeOf(node: AstNode): IrSourceRange | undefined {
    const range = node.$cstNode?.range;
    if (range === undefined) return undefined;
    return { startLine: range.start.line, startColumn: range.start.character, endLine: range.end.line, endColumn: range.end.character };
}
