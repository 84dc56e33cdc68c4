// Structural checks of a graph before the engine runs it: names, wiring order, arity, shapes and
// byte sizes. A graph from the language's lowering passes them by construction; a hand-built or
// deserialised graph may not, and a problem is returned as a value, never thrown.
import { gaEdgePlan, gaTargetShape, isGaOp, supportOfNode } from '../ga/ir-edges.js';
import { elementCount, inferShape, type InstanceShape } from './shapes.js';
import type { IrEdge, IrGraph, IrNode } from './types.js';

/** A reason a graph cannot run. */
export interface IrProblem {
    readonly message: string;
    /** The node or edge target the problem is about. */
    readonly node?: string;
}

/** Bytes of one element of a node's format: numeric formats via `bytesOf`, class labels 4. */
export type FormatBytes = (format: string) => number | undefined;

const leafRoles = new Set(['input', 'target', 'param', 'constant']);

/** Returns every structural problem of `graph` (empty when it is well formed). */
export function validateGraph(graph: IrGraph, bytesOf: FormatBytes): IrProblem[] {
    const problems: IrProblem[] = [];
    const nodes = new Map<string, IrNode>();
    for (const node of graph.nodes) {
        if (nodes.has(node.name)) problems.push({ message: `duplicate node ${node.name}`, node: node.name });
        nodes.set(node.name, node);
        if (node.support !== undefined) {
            const support = supportOfNode(node);
            if (typeof support === 'string') problems.push({ message: support, node: node.name });
        }
        const elementBytes = node.format.startsWith('class(') ? 4 : bytesOf(node.format);
        if (elementBytes === undefined) problems.push({ message: `unknown format ${node.format} of ${node.name}`, node: node.name });
        else if (node.bytes !== elementCount(node.shape) * elementBytes) {
            problems.push({ message: `${node.name}: bytes ${node.bytes} ≠ ${elementCount(node.shape)} elements × ${elementBytes}`, node: node.name });
        }
    }
    const defined = new Set(graph.nodes.filter((node) => leafRoles.has(node.role)).map((node) => node.name));
    for (const edge of graph.edges) {
        const target = nodes.get(edge.target);
        if (target === undefined) {
            problems.push({ message: `edge ${edge.op} targets unknown node ${edge.target}`, node: edge.target });
            continue;
        }
        if (defined.has(edge.target)) problems.push({ message: `${edge.target} is computed twice or is a leaf`, node: edge.target });
        const shapes: InstanceShape[] = [];
        const sourceNodes: IrNode[] = [];
        for (const source of edge.sources) {
            const node = nodes.get(source);
            if (node === undefined || !defined.has(source)) {
                problems.push({ message: `${edge.op} → ${edge.target} reads ${source} before it is computed`, node: edge.target });
            } else {
                shapes.push({ shape: node.shape, batched: node.batched });
                sourceNodes.push(node);
            }
        }
        defined.add(edge.target);
        if (shapes.length !== edge.sources.length) continue;
        const inferred = isGaOp(edge.op) ? gaShape(edge, sourceNodes, target) : inferShape(edge.op, shapes, edge.attributes);
        if (typeof inferred === 'string') {
            problems.push({ message: `${edge.target}: ${inferred}`, node: edge.target });
        } else if (inferred.batched !== target.batched || inferred.shape.join() !== target.shape.join()) {
            problems.push({ message: `${edge.target}: declared [${target.shape.join(', ')}]${target.batched ? ' per sample' : ''}, ${edge.op} gives [${inferred.shape.join(', ')}]${inferred.batched ? ' per sample' : ''}`, node: edge.target });
        }
    }
    for (const node of graph.nodes) {
        if (!defined.has(node.name)) problems.push({ message: `${node.name} is never computed`, node: node.name });
    }
    for (const output of [...graph.outputs, ...(graph.loss !== undefined ? [graph.loss] : [])]) {
        if (!nodes.has(output)) problems.push({ message: `unknown output ${output}`, node: output });
    }
    return problems;
}

// A geometric-algebra edge's shape follows from its nodes' supports (engine/ga/ir-edges.ts).
function gaShape(edge: IrEdge, sources: readonly IrNode[], target: IrNode): InstanceShape | string {
    const plan = gaEdgePlan(edge, sources, target);
    return typeof plan === 'string' ? plan : gaTargetShape(plan, sources);
}
