// Names what changed between the structure a certificate recorded and the current source's:
// the message of a stale certificate (PHG5001), e.g. `W2 shape 32×10 → 32×12`.
import { formatShape, type ModelInterface, type ModelStructure, type StructureEdge, type StructureNode, type TensorInterface } from './model-structure.js';

/** One difference between two structures. */
export type StructureChange =
    | { readonly kind: 'node-added' | 'node-removed'; readonly node: string }
    | { readonly kind: 'shape' | 'dimension' | 'format' | 'grade' | 'role'; readonly node: string; readonly before: string; readonly after: string }
    | { readonly kind: 'edge-added' | 'edge-removed'; readonly target: string; readonly edge: string }
    | { readonly kind: 'edge'; readonly target: string; readonly before: string; readonly after: string };

/** The changes from `before` to `after`: node properties in node order, then hyperedges. */
export function diffStructures(before: ModelStructure, after: ModelStructure): readonly StructureChange[] {
    const changes: StructureChange[] = [];
    const afterNodes = new Map(after.nodes.map((node) => [node.name, node]));
    const beforeNames = new Set(before.nodes.map((node) => node.name));
    for (const old of before.nodes) {
        const current = afterNodes.get(old.name);
        if (!current) {
            changes.push({ kind: 'node-removed', node: old.name });
            continue;
        }
        changes.push(...nodeChanges(old, current));
    }
    for (const node of after.nodes) {
        if (!beforeNames.has(node.name)) changes.push({ kind: 'node-added', node: node.name });
    }
    const beforeEdges = keyedEdges(before.edges);
    const afterEdges = keyedEdges(after.edges);
    for (const [key, edge] of beforeEdges) {
        const current = afterEdges.get(key);
        if (!current) changes.push({ kind: 'edge-removed', target: edge.target, edge: formatEdge(edge) });
        else if (formatEdge(current) !== formatEdge(edge)) changes.push({ kind: 'edge', target: edge.target, before: formatEdge(edge), after: formatEdge(current) });
    }
    for (const [key, edge] of afterEdges) {
        if (!beforeEdges.has(key)) changes.push({ kind: 'edge-added', target: edge.target, edge: formatEdge(edge) });
    }
    return changes;
}

/** Changes to a model's interface (inputs and outputs): what makes a version unservable in place of another. */
export function diffInterfaces(before: ModelInterface, after: ModelInterface): readonly string[] {
    return [...diffTensorList('input', before.inputs, after.inputs), ...diffTensorList('output', before.outputs, after.outputs)];
}

/** One line for a change, as the code lens and PHG5001 show it. */
export function describeChange(change: StructureChange): string {
    switch (change.kind) {
        case 'node-added': return `${change.node} added`;
        case 'node-removed': return `${change.node} removed`;
        case 'shape':
        case 'dimension':
        case 'format':
        case 'grade':
        case 'role':
            return `${change.node} ${change.kind === 'role' ? 'kind' : change.kind} ${change.before} → ${change.after}`;
        case 'edge-added': return `edge ${change.edge} added`;
        case 'edge-removed': return `edge ${change.edge} removed`;
        case 'edge': return `edge ${change.before} → ${change.after}`;
    }
}

function nodeChanges(before: StructureNode, after: StructureNode): StructureChange[] {
    const changes: StructureChange[] = [];
    const node = before.name;
    if (before.kind !== after.kind) changes.push({ kind: 'role', node, before: before.kind, after: after.kind });
    if (formatShape(before.shape) !== formatShape(after.shape)) changes.push({ kind: 'shape', node, before: formatShape(before.shape), after: formatShape(after.shape) });
    if (before.dimension !== after.dimension) changes.push({ kind: 'dimension', node, before: before.dimension, after: after.dimension });
    if (before.format !== after.format) changes.push({ kind: 'format', node, before: before.format, after: after.format });
    if ((before.grade ?? 'none') !== (after.grade ?? 'none')) changes.push({ kind: 'grade', node, before: before.grade ?? 'none', after: after.grade ?? 'none' });
    return changes;
}

/** Edges keyed by target; several edges into one target are told apart by their order. */
function keyedEdges(edges: readonly StructureEdge[]): Map<string, StructureEdge> {
    const keyed = new Map<string, StructureEdge>();
    const seen = new Map<string, number>();
    for (const edge of edges) {
        const index = seen.get(edge.target) ?? 0;
        seen.set(edge.target, index + 1);
        keyed.set(index === 0 ? edge.target : `${edge.target}#${index}`, edge);
    }
    return keyed;
}

function formatEdge(edge: StructureEdge): string {
    return `${edge.target} = ${edge.op}(${edge.sources.join(', ')})`;
}

function diffTensorList(role: 'input' | 'output', before: readonly TensorInterface[], after: readonly TensorInterface[]): string[] {
    const differences: string[] = [];
    const afterByName = new Map(after.map((tensor) => [tensor.name, tensor]));
    for (const old of before) {
        const current = afterByName.get(old.name);
        if (!current) {
            differences.push(`${role} ${old.name} removed`);
            continue;
        }
        if (formatShape(old.shape) !== formatShape(current.shape)) differences.push(`${role} ${old.name} shape ${formatShape(old.shape)} → ${formatShape(current.shape)}`);
        if (old.dimension !== current.dimension) differences.push(`${role} ${old.name} dimension ${old.dimension} → ${current.dimension}`);
        if (old.format !== current.format) differences.push(`${role} ${old.name} format ${old.format} → ${current.format}`);
    }
    const beforeNames = new Set(before.map((tensor) => tensor.name));
    for (const tensor of after) if (!beforeNames.has(tensor.name)) differences.push(`${role} ${tensor.name} added`);
    return differences;
}
