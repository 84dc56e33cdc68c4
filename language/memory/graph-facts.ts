// Static facts of a lowered graph that every planned step needs (docs/memory.md, "Schedules" and
// "fused softmax"): node lookups, readers, which values depend on the parameters, which softmax
// fuses into its cross-entropy, the two schedules, and each value's size at a batch size. The
// schedules come from engine/ir/schedule.ts, the function the engine's interpreter calls, so a
// planned lifetime ends exactly where the engine frees the value.
import { elementCount } from '../../engine/ir/shapes.js';
import { scheduleFor, type Schedule } from '../../engine/ir/schedule.js';
import type { IrEdge, IrGraph, IrNode } from '../../engine/ir/types.js';
import { parseFormat } from '../../engine/numeric/index.js';
import { gaEdgeMemory, type GaEdgeMemory } from '../../engine/ga/memory-rules.js';
import { isGaOp } from '../../engine/ga/ir-edges.js';
import type { NumericFormat } from '../../engine/numeric/index.js';

/** Bytes of one class label (stored as a 32-bit integer). */
export const classLabelBytes = 4;

/** Lookups and schedules of one graph. */
export class GraphFacts {
    readonly nodes: ReadonlyMap<string, IrNode>;
    /** Every edge reading a node, once per operand that reads it (as the engine counts readers). */
    readonly readers: ReadonlyMap<string, readonly IrEdge[]>;
    readonly producer: ReadonlyMap<string, IrEdge>;
    /** Parameters and every value computed from one: they have gradients and tangents. */
    readonly dependsOnParams: ReadonlySet<string>;
    /** The edges computing the outputs, in graph order. */
    readonly inference: Schedule;
    /** The edges computing the outputs and the loss; undefined without a loss. */
    readonly training: Schedule | undefined;
    /** The distinct numeric formats of the graph, in node order. */
    readonly formats: readonly NumericFormat[];
    private readonly gaRules = new Map<IrEdge, GaEdgeMemory | string>();
    private readonly elementBytes = new Map<string, number>();

    constructor(readonly graph: IrGraph) {
        this.nodes = new Map(graph.nodes.map((node) => [node.name, node]));
        const readers = new Map<string, IrEdge[]>();
        for (const edge of graph.edges) {
            for (const source of edge.sources) {
                const list = readers.get(source);
                if (list === undefined) readers.set(source, [edge]);
                else list.push(edge);
            }
        }
        this.readers = readers;
        this.producer = new Map(graph.edges.map((edge) => [edge.target, edge]));
        const depends = new Set(graph.nodes.filter((node) => node.role === 'param').map((node) => node.name));
        for (const edge of graph.edges) if (edge.sources.some((source) => depends.has(source))) depends.add(edge.target);
        this.dependsOnParams = depends;
        this.inference = scheduleFor(graph, graph.outputs);
        this.training = graph.loss !== undefined ? scheduleFor(graph, [...graph.outputs, graph.loss]) : undefined;
        const formats = new Map<string, NumericFormat>();
        for (const node of graph.nodes) {
            if (isClassLabel(node) || formats.has(node.format)) continue;
            const format = parseFormat(node.format);
            if (format !== undefined) formats.set(node.format, format);
        }
        this.formats = [...formats.values()];
    }

    /** The node of a name (the graph is validated before facts are taken). */
    node(name: string): IrNode {
        const node = this.nodes.get(name);
        if (node === undefined) throw new Error(`planner: no node ${name}`);
        return node;
    }

    /**
     * The memory rules of a geometric-algebra edge (engine/ga/memory-rules.ts), undefined for other
     * edges; a malformed GA edge is reported by `gaProblem`.
     */
    gaMemory(edge: IrEdge): GaEdgeMemory | undefined {
        const rules = this.gaRulesOf(edge);
        return typeof rules === 'string' ? undefined : rules;
    }

    /** Why a GA edge cannot be planned (undefined when it can, or is not a GA edge). */
    gaProblem(edge: IrEdge): string | undefined {
        const rules = this.gaRulesOf(edge);
        return typeof rules === 'string' ? rules : undefined;
    }

    private gaRulesOf(edge: IrEdge): GaEdgeMemory | string | undefined {
        if (!isGaOp(edge.op)) return undefined;
        let rules = this.gaRules.get(edge);
        if (rules === undefined) {
            rules = gaEdgeMemory(edge, edge.sources.map((source) => this.node(source)), this.node(edge.target));
            this.gaRules.set(edge, rules);
        }
        return rules;
    }

    /** Bytes of a node's value at a batch size: elements × bytes per element (4 for a class label). */
    bytesAt(node: IrNode, batch: number): number {
        let element = this.elementBytes.get(node.format);
        if (element === undefined) {
            element = isClassLabel(node) ? classLabelBytes : parseFormat(node.format)?.bytes ?? 0;
            this.elementBytes.set(node.format, element);
        }
        return element * elementCount(node.shape) * (node.batched ? batch : 1);
    }

    /** A softmax whose only reader is a cross_entropy taking it first: it has no rule of its own. */
    isFusedSoftmax(edge: IrEdge): boolean {
        if (edge.op !== 'softmax') return false;
        const readers = this.readers.get(edge.target);
        return readers?.length === 1 && readers[0]!.op === 'cross_entropy' && readers[0]!.sources[0] === edge.target;
    }

    /** For a cross_entropy over a fused softmax: the softmax's input, which the loss differentiates. */
    fusedSoftmaxInput(edge: IrEdge): IrNode | undefined {
        if (edge.op !== 'cross_entropy') return undefined;
        const softmax = this.producer.get(edge.sources[0]!);
        if (softmax?.op !== 'softmax' || this.readers.get(softmax.target)?.length !== 1) return undefined;
        return this.nodes.get(softmax.sources[0]!);
    }

    /**
     * Per source of an edge whose rule runs: the node its gradient (or tangent) belongs to — the
     * softmax's input in place of a fused softmax — or null when that node does not depend on the
     * parameters.
     */
    differentiatedNodes(edge: IrEdge): (IrNode | null)[] {
        const fusedInput = this.fusedSoftmaxInput(edge);
        return edge.sources.map((source, j) => {
            const node = j === 0 && fusedInput !== undefined ? fusedInput : this.node(source);
            return this.dependsOnParams.has(node.name) ? node : null;
        });
    }
}

/** Whether a node holds class labels rather than numbers. */
export function isClassLabel(node: IrNode): boolean {
    return node.format.startsWith('class(');
}

/** Parameters and constants: live for the whole run, never freed by a step. */
export function isLeaf(node: IrNode): boolean {
    return node.role === 'param' || node.role === 'constant';
}
