// Canonical form of a PHG IR graph and its SHA-256 structure hash. The canonical form keeps
// exactly what a trained weight file's meaning depends on — nodes (shape, dimension, support,
// format, lifetime, bytes, constant values) and wiring (op, ordered sources, target, attributes) —
// and drops what does not: source ranges and parameter initialisers. Nodes are ordered by name
// and edges by target name (every node is the target of at most one edge), keys are sorted and
// numbers printed by RFC 8785 (JSON Canonicalization Scheme), so the text is byte-stable.
import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { IrEdge, IrGraph, IrNode } from './types.js';

/** Version of the canonical form; bump it when its content changes meaning. */
export const canonicalFormVersion = 1;

/** The canonical JSON text of a graph (RFC 8785), the input of the structure hash. */
export function canonicalIr(graph: IrGraph): string {
    const nodes = [...graph.nodes].sort((a, b) => compareNames(a.name, b.name)).map(canonicalNode);
    const edges = [...graph.edges].sort((a, b) => compareNames(a.target, b.target)).map(canonicalEdge);
    const text = canonicalize({
        canonicalForm: canonicalFormVersion,
        model: graph.model,
        nodes,
        edges,
        outputs: [...graph.outputs],
        ...(graph.loss !== undefined ? { loss: graph.loss } : {})
    });
    if (text === undefined) throw new Error('canonicalIr: graph is not serialisable');
    return text;
}

/** `sha256:<hex>` of the canonical form: the model's structure hash. */
export function structureHash(graph: IrGraph): string {
    return `sha256:${createHash('sha256').update(canonicalIr(graph), 'utf8').digest('hex')}`;
}

function canonicalNode(node: IrNode): Record<string, unknown> {
    return {
        name: node.name,
        role: node.role,
        shape: [...node.shape],
        batched: node.batched,
        dimension: Object.fromEntries(Object.entries(node.dimension).filter(([, exponent]) => exponent !== 0)),
        format: node.format,
        lifetime: node.lifetime,
        bytes: node.bytes,
        ...(node.support !== undefined ? { support: { algebra: node.support.algebra, signature: [...node.support.signature], mask: node.support.mask } } : {}),
        ...(node.value !== undefined ? { value: node.value } : {})
    };
}

function canonicalEdge(edge: IrEdge): Record<string, unknown> {
    return {
        op: edge.op,
        sources: [...edge.sources],
        target: edge.target,
        attributes: edge.attributes !== undefined ? { ...edge.attributes } : {}
    };
}

// Code-unit order, independent of locale, so every machine sorts the same way.
function compareNames(a: string, b: string): number {
    return a < b ? -1 : a > b ? 1 : 0;
}
