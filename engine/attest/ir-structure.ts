// From the engine's PHG IR to what certificates record: the structure summary (for naming what
// changed) and the interface (for serving compatibility). The structure hash itself is the IR's
// own (engine/ir/canonical.ts); this file only reads the graph.
import { structureHash } from '../ir/canonical.js';
import type { IrDimension, IrEdge, IrGraph, IrNode } from '../ir/types.js';
import type { Sha256Hex } from '../signing/digest.js';
import type { ModelInterface, ModelStructure, StructureEdge, StructureNode, TensorInterface } from './model-structure.js';

/** The structure hash of a graph as a bare hex digest (in-toto digests carry no `sha256:` prefix). */
export function structureDigest(graph: IrGraph): Sha256Hex {
    return digestHex(structureHash(graph));
}

/** `sha256:<hex>` or `<hex>` → `<hex>`. */
export function digestHex(hash: string): Sha256Hex {
    return hash.startsWith('sha256:') ? hash.slice('sha256:'.length) : hash;
}

/** The nodes and hyperedges of a graph as a certificate records them (canonical order). */
export function modelStructure(graph: IrGraph): ModelStructure {
    const nodes = [...graph.nodes].sort((a, b) => compare(a.name, b.name)).map(structureNode);
    const edges = [...graph.edges].sort((a, b) => compare(a.target, b.target)).map(structureEdge);
    return { nodes, edges };
}

/** A graph's interface: its inputs and its outputs, with shape, dimension and format. */
export function modelInterface(graph: IrGraph): ModelInterface {
    const byName = new Map(graph.nodes.map((node) => [node.name, node]));
    const inputs = graph.nodes.filter((node) => node.role === 'input').sort((a, b) => compare(a.name, b.name)).map(tensorInterface);
    const outputs = graph.outputs.flatMap((name) => {
        const node = byName.get(name);
        return node ? [tensorInterface(node)] : [];
    });
    return { inputs, outputs };
}

/** A dimension's canonical spelling: base dimensions in code-unit order, `1` when dimensionless. */
export function formatDimension(dimension: IrDimension): string {
    const factors = Object.entries(dimension).filter(([, exponent]) => exponent !== 0).sort(([a], [b]) => compare(a, b));
    if (factors.length === 0) return '1';
    return factors.map(([base, exponent]) => (exponent === 1 ? base : `${base}^${exponent}`)).join('·');
}

function structureNode(node: IrNode): StructureNode {
    return {
        name: node.name,
        kind: node.role,
        shape: [...node.shape],
        dimension: formatDimension(node.dimension),
        format: node.format,
        ...(node.support ? { grade: `${node.support.algebra}[${node.support.mask}]` } : {})
    };
}

function structureEdge(edge: IrEdge): StructureEdge {
    const attributes = edge.attributes ? Object.entries(edge.attributes).sort(([a], [b]) => compare(a, b)) : [];
    const op = attributes.length === 0 ? edge.op : `${edge.op}{${attributes.map(([key, value]) => `${key}: ${JSON.stringify(value)}`).join(', ')}}`;
    return { op, sources: [...edge.sources], target: edge.target };
}

function tensorInterface(node: IrNode): TensorInterface {
    return { name: node.name, shape: [...node.shape], dimension: formatDimension(node.dimension), format: node.format };
}

function compare(a: string, b: string): number {
    return a < b ? -1 : a > b ? 1 : 0;
}
