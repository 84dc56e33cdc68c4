// Places a hypergraph for drawing: each value in a column by its depth (a computed value one
// column right of its deepest source; inputs, params and constants just left of their first use), each hyperedge as one
// marker just left of its target, joined to every source and to the target — a hyperedge stays
// one marker however many sources it has, never a fan of pairwise edges. Pure, for the unit tests.
import type { HypergraphEdge, HypergraphNode } from '../../server/protocol.js';

/** Where a value's box goes. */
export interface PlacedNode {
    readonly name: string;
    readonly column: number;
    readonly row: number;
    readonly x: number;
    readonly y: number;
}

/** Where a hyperedge's marker goes, and the points it joins. */
export interface PlacedEdge {
    readonly index: number;
    readonly op: string;
    readonly x: number;
    readonly y: number;
    readonly sources: readonly { readonly x: number; readonly y: number }[];
    readonly target: { readonly x: number; readonly y: number };
}

export interface HypergraphLayout {
    readonly nodes: readonly PlacedNode[];
    readonly edges: readonly PlacedEdge[];
    readonly width: number;
    readonly height: number;
}

/** Sizes of the drawing, in SVG units. */
export const layoutMetrics = { nodeWidth: 132, nodeHeight: 40, columnGap: 84, rowGap: 18, margin: 16 } as const;

/** Lays out the nodes and edges of one model. */
export function layoutHypergraph(nodes: readonly HypergraphNode[], edges: readonly HypergraphEdge[]): HypergraphLayout {
    const depth = new Map<string, number>(nodes.map((node) => [node.name, 0]));
    // Edges come in schedule order: every source's depth is final before its consumers'.
    for (const edge of edges) {
        const deepest = Math.max(-1, ...edge.sources.map((source) => depth.get(source) ?? 0));
        depth.set(edge.target, Math.max(depth.get(edge.target) ?? 0, deepest + 1));
    }
    // A value nothing computes (an input, a param, a literal) sits just left of its first use, not
    // all in column 0: W2 beside `h @ W2`, so wires stay short.
    const produced = new Set(edges.map((edge) => edge.target));
    for (const node of nodes) {
        if (produced.has(node.name)) continue;
        const uses = edges.filter((edge) => edge.sources.includes(node.name)).map((edge) => depth.get(edge.target) ?? 1);
        if (uses.length > 0) depth.set(node.name, Math.max(0, Math.min(...uses) - 1));
    }
    const { nodeWidth, nodeHeight, columnGap, rowGap, margin } = layoutMetrics;
    const rows = new Map<number, number>();
    const placed = new Map<string, PlacedNode>();
    for (const node of nodes) {
        const column = depth.get(node.name) ?? 0;
        const row = rows.get(column) ?? 0;
        rows.set(column, row + 1);
        placed.set(node.name, { name: node.name, column, row, x: margin + column * (nodeWidth + columnGap), y: margin + row * (nodeHeight + rowGap) });
    }
    const placedEdges: PlacedEdge[] = [];
    edges.forEach((edge, index) => {
        const target = placed.get(edge.target);
        if (target === undefined) return;
        const sources = edge.sources.flatMap((source) => {
            const at = placed.get(source);
            return at === undefined ? [] : [{ x: at.x + nodeWidth, y: at.y + nodeHeight / 2 }];
        });
        placedEdges.push({ index, op: edge.op, x: target.x - columnGap / 2, y: target.y + nodeHeight / 2, sources, target: { x: target.x, y: target.y + nodeHeight / 2 } });
    });
    const columns = Math.max(1, ...[...rows.keys()].map((column) => column + 1));
    const tallest = Math.max(1, ...rows.values());
    return {
        nodes: [...placed.values()],
        edges: placedEdges,
        width: margin * 2 + columns * nodeWidth + (columns - 1) * columnGap,
        height: margin * 2 + tallest * nodeHeight + (tallest - 1) * rowGap
    };
}
