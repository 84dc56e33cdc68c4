// Between a lowered graph and the source it came from: a named value or data column is the IR node
// of its name; an anonymous intermediate is the node whose edge was lowered from an expression
// with the same source range (the last such edge: `norm(v)` lowers to three edges and the last one
// is the call's value); a literal is its constant node.
import { AstUtils, type AstNode } from 'langium';
import type { IrGraph, IrNode, IrSourceRange } from '../../engine/ir/types.js';
import type { ModelAnalysis, TrainingAnalysis } from '../analysis/analysis-types.js';
import type { Expression, NamedValue } from '../generated/ast.js';
import { isDataColumn, isExpression } from '../generated/ast.js';
import { baseModelOf, dataColumnsOf } from '../scoping/named-values.js';

/** The key of a source range. */
function keyOf(range: IrSourceRange | { start: { line: number; character: number }; end: { line: number; character: number } }): string {
    return 'startLine' in range
        ? `${range.startLine}:${range.startColumn}:${range.endLine}:${range.endColumn}`
        : `${range.start.line}:${range.start.character}:${range.end.line}:${range.end.character}`;
}

/** Lookups between one lowered graph and its model and training. */
export class IrSourceMap {
    private readonly nodes: ReadonlyMap<string, IrNode>;
    private readonly valueNames = new Map<NamedValue, string>();
    private readonly declarations = new Map<string, NamedValue>();
    private readonly byRange = new Map<string, string>();
    private expressionsByRange: Map<string, AstNode> | undefined;

    constructor(readonly graph: IrGraph, private readonly model: ModelAnalysis, private readonly training: TrainingAnalysis | undefined) {
        this.nodes = new Map(graph.nodes.map((node) => [node.name, node]));
        for (const value of model.values) this.name(value.node, value.name);
        if (training?.data !== undefined) for (const column of dataColumnsOf(training.data)) this.name(column, column.name);
        for (const node of graph.nodes) if (node.role === 'constant' && node.source !== undefined) this.byRange.set(keyOf(node.source), node.name);
        for (const edge of graph.edges) if (edge.source !== undefined) this.byRange.set(keyOf(edge.source), edge.target);
    }

    /** The IR node of a named value or data column. */
    nodeOfValue(value: NamedValue): IrNode | undefined {
        const name = this.valueNames.get(value);
        return name !== undefined ? this.nodes.get(name) : undefined;
    }

    /** The IR node an expression was lowered to. */
    nodeOfExpression(expression: Expression): IrNode | undefined {
        const range = expression.$cstNode?.range;
        const name = range !== undefined ? this.byRange.get(keyOf(range)) : undefined;
        return name !== undefined ? this.nodes.get(name) : undefined;
    }

    /** The declaration an IR node is named after (a model value or a data column). */
    declarationOf(node: IrNode): NamedValue | undefined {
        return this.declarations.get(node.name);
    }

    /** Where an IR node comes from in the source: its declaration, else the expression or literal it was lowered from. */
    sourceOf(node: IrNode): AstNode | undefined {
        const declaration = this.declarationOf(node);
        if (declaration !== undefined) return declaration;
        const producer = this.graph.edges.find((edge) => edge.target === node.name);
        const range = producer?.source ?? node.source;
        return range !== undefined ? this.expressions().get(keyOf(range)) : undefined;
    }

    /** How a node reads in the source: its name, or the expression's text. */
    labelOf(name: string): string {
        const node = this.nodes.get(name);
        if (node === undefined) return name;
        const declaration = this.declarationOf(node);
        if (declaration !== undefined) return declaration.name;
        const text = this.sourceOf(node)?.$cstNode?.text.replace(/\s+/g, ' ').trim();
        return text === undefined ? name : text.length <= 40 ? text : `${text.slice(0, 39)}…`;
    }

    // A data column of an input's name feeds that input's node: both resolve to it, the input declares it.
    private name(value: NamedValue, name: string): void {
        this.valueNames.set(value, name);
        if (!this.declarations.has(name)) this.declarations.set(name, value);
    }

    // Expressions of the model and the training by source range (outermost first, so a parenthesised
    // expression and its content resolve to the same, outer node).
    private expressions(): Map<string, AstNode> {
        if (this.expressionsByRange === undefined) {
            this.expressionsByRange = new Map();
            const roots: AstNode[] = [baseModelOf(this.model.model), ...(this.training !== undefined ? [this.training.node] : [])];
            for (const root of roots) {
                for (const node of AstUtils.streamAst(root)) {
                    const range = node.$cstNode?.range;
                    if (range === undefined || !(isExpression(node) || isDataColumn(node))) continue;
                    const key = keyOf(range);
                    if (!this.expressionsByRange.has(key)) this.expressionsByRange.set(key, node);
                }
            }
        }
        return this.expressionsByRange;
    }
}
