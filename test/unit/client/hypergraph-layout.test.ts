// The Hypergraph panel's drawing: values in columns by depth, one marker per hyperedge however
// many sources it has.
import { describe, expect, it } from 'vitest';
import { layoutHypergraph, layoutMetrics } from '../../../client/panels/hypergraph-layout.js';
import type { HypergraphEdge, HypergraphNode } from '../../../server/protocol.js';

function node(name: string, role = 'value'): HypergraphNode {
    return { name, label: name, role, shape: [2], batched: true, dimension: '1', format: 'float32', lifetime: 'activation', bytes: 8 };
}

function edge(op: string, sources: string[], target: string): HypergraphEdge {
    return { op, sources, target, arity: sources.length };
}

describe('laying out a hypergraph', () => {
    // y = fma(a, b, c) as one arity-3 edge, then z = relu(y), then w = add(z, a).
    const nodes = [node('a', 'input'), node('b', 'param'), node('c', 'param'), node('y'), node('z'), node('w', 'output')];
    const edges = [edge('fma', ['a', 'b', 'c'], 'y'), edge('relu', ['y'], 'z'), edge('add', ['z', 'a'], 'w')];
    const layout = layoutHypergraph(nodes, edges);
    const at = new Map(layout.nodes.map((placed) => [placed.name, placed]));

    it('puts each computed value one column right of its deepest source, and each uncomputed one just left of its first use', () => {
        expect(nodes.map((entry) => `${entry.name}:${at.get(entry.name)?.column}`)).toEqual(['a:0', 'b:0', 'c:0', 'y:1', 'z:2', 'w:3']);
        expect(['a', 'b', 'c'].map((name) => at.get(name)?.row)).toEqual([0, 1, 2]);
        // A param first used by the last edge sits in the column before it.
        const late = layoutHypergraph([...nodes, node('d', 'param')], [...edges.slice(0, 2), edge('add', ['z', 'd'], 'w')]);
        expect(late.nodes.find((placed) => placed.name === 'd')?.column).toBe(2);
    });

    it('draws a hyperedge as one marker joined to every source, left of its target', () => {
        expect(layout.edges.map((placed) => `${placed.op}:${placed.sources.length}`)).toEqual(['fma:3', 'relu:1', 'add:2']);
        const fma = layout.edges[0];
        const y = at.get('y');
        expect(fma?.x).toBe((y?.x ?? 0) - layoutMetrics.columnGap / 2);
        expect(fma?.target).toEqual({ x: y?.x, y: (y?.y ?? 0) + layoutMetrics.nodeHeight / 2 });
        expect(fma?.sources.map((source) => source.x)).toEqual(Array<number>(3).fill(layoutMetrics.margin + layoutMetrics.nodeWidth));
    });

    it('is as large as its columns and its tallest column', () => {
        const { nodeWidth, nodeHeight, columnGap, rowGap, margin } = layoutMetrics;
        expect([layout.width, layout.height]).toEqual([2 * margin + 4 * nodeWidth + 3 * columnGap, 2 * margin + 3 * nodeHeight + 2 * rowGap]);
    });
});
