// Loads PHG IR fixtures (test/fixtures/cert/*.ir.json) and applies the small patches the stale
// certificate cases describe (node and edge fields by name).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IrEdge, IrGraph, IrNode } from '../../../engine/ir/types.js';

/** Field overrides by node name and by edge target. */
export interface GraphPatch {
    readonly nodes?: Readonly<Record<string, Partial<IrNode>>>;
    readonly edges?: Readonly<Record<string, Partial<IrEdge>>>;
}

/** Reads an IR fixture. */
export function loadIrFixture(name: string): IrGraph {
    return JSON.parse(readFileSync(join(__dirname, '../../fixtures/cert', name), 'utf8')) as IrGraph;
}

/** The graph with the patch's fields overridden. */
export function patchGraph(graph: IrGraph, patch: GraphPatch): IrGraph {
    return {
        ...graph,
        nodes: graph.nodes.map((node) => ({ ...node, ...(patch.nodes?.[node.name] ?? {}) })),
        edges: graph.edges.map((edge) => ({ ...edge, ...(patch.edges?.[edge.target] ?? {}) }))
    };
}
