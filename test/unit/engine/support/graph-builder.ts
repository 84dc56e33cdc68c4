// A small builder for hand-written IR graphs in tests: nodes get their shapes from the engine's
// own shape rules, so a test states only the wiring.
import { parseFormat } from '../../../../engine/numeric/index.js';
import { inferShape } from '../../../../engine/ir/shapes.js';
import type { IrEdge, IrGraph, IrInit, IrNode, IrOp } from '../../../../engine/ir/types.js';

/** Builds a graph in one numeric format. */
export class GraphBuilder {
    private readonly nodes: IrNode[] = [];
    private readonly edges: IrEdge[] = [];
    private readonly bytes: number;

    constructor(readonly format = 'float64', readonly model = 'Test') {
        this.bytes = parseFormat(format)!.bytes;
    }

    /** A per-sample input. */
    input(name: string, shape: number[]): this {
        return this.node({ name, role: 'input', shape, batched: true });
    }

    /** A per-sample numeric target. */
    target(name: string, shape: number[]): this {
        return this.node({ name, role: 'target', shape, batched: true });
    }

    /** A per-sample class label. */
    labels(name: string, classes: number): this {
        this.nodes.push({ name, role: 'target', shape: [], batched: true, dimension: {}, format: `class(${classes})`, lifetime: 'activation', bytes: 4 });
        return this;
    }

    /** A parameter. */
    param(name: string, shape: number[], init: IrInit = { kind: 'zeros' }): this {
        return this.node({ name, role: 'param', shape, batched: false, init });
    }

    /** A scalar constant. */
    constant(name: string, value: number): this {
        return this.node({ name, role: 'constant', shape: [], batched: false, value });
    }

    /** target = op(sources), shaped by the engine's rules. */
    op(op: IrOp, sources: string[], target: string, attributes?: Record<string, number>): this {
        const shapes = sources.map((s) => {
            const node = this.nodes.find((n) => n.name === s);
            if (node === undefined) throw new Error(`unknown ${s}`);
            return { shape: node.shape, batched: node.batched };
        });
        const inferred = inferShape(op, shapes, attributes);
        if (typeof inferred === 'string') throw new Error(inferred);
        const role = op === 'mse' || op === 'cross_entropy' ? 'loss' : 'value';
        this.node({ name: target, role, shape: [...inferred.shape], batched: inferred.batched });
        this.edges.push({ op, sources, target, ...(attributes !== undefined ? { attributes } : {}) });
        return this;
    }

    /** The graph with its outputs and loss. */
    build(outputs: string[], loss?: string): IrGraph {
        return { model: this.model, nodes: [...this.nodes], edges: [...this.edges], outputs, ...(loss !== undefined ? { loss } : {}) };
    }

    private node(partial: Pick<IrNode, 'name' | 'role' | 'shape' | 'batched'> & Partial<IrNode>): this {
        const count = partial.shape.reduce((a, b) => a * b, 1);
        this.nodes.push({ dimension: {}, format: this.format, lifetime: partial.role === 'param' || partial.role === 'constant' ? 'param' : 'activation', bytes: count * this.bytes, ...partial });
        return this;
    }
}
