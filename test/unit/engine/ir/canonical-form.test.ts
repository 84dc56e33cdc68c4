// The canonical form and structure hash of hand-built graphs: independent of node and edge order
// and of source positions; sensitive to every shape, dimension, format, constant and wire.
import { describe, expect, it } from 'vitest';
import { buildMlpGraph } from '../../../../engine/ir/mlp.js';
import { canonicalIr, structureHash } from '../../../../engine/ir/canonical.js';
import type { IrGraph, IrNode } from '../../../../engine/ir/types.js';

const base = buildMlpGraph({ inputs: 64, hidden: [32], classes: 10, format: { name: 'posit<16>', bytes: 2 }, inputDimension: 'Intensity', inputScale: 0.0625 });
const hash = structureHash(base);
const mapNode = (graph: IrGraph, name: string, change: (node: IrNode) => IrNode): IrGraph => ({ ...graph, nodes: graph.nodes.map((n) => (n.name === name ? change(n) : n)) });

describe('structure hash', () => {
    it('is sha256 of the canonical JSON and stable across calls', () => {
        expect(hash).toMatch(/^sha256:[0-9a-f]{64}$/);
        expect(structureHash(base)).toBe(hash);
        expect(JSON.parse(canonicalIr(base))).toHaveProperty('canonicalForm', 1);
    });

    it('ignores the order of nodes and edges, source ranges and initialisers', () => {
        const reordered: IrGraph = { ...base, nodes: [...base.nodes].reverse(), edges: [...base.edges].reverse() };
        const located = mapNode(base, 'W1', (n) => ({ ...n, source: { startLine: 3, startColumn: 2, endLine: 3, endColumn: 30 }, init: { kind: 'glorot' } }));
        expect(structureHash(reordered)).toBe(hash);
        expect(structureHash(located)).toBe(hash);
    });

    it('changes with a shape, a dimension, a format, a constant or a wire', () => {
        const variants: IrGraph[] = [
            mapNode(base, 'b1', (n) => ({ ...n, shape: [33], bytes: 66 })),
            mapNode(base, 'W1', (n) => ({ ...n, dimension: { Intensity: -1 } })),
            mapNode(base, 'W2', (n) => ({ ...n, format: 'bposit<16>' })),
            mapNode(base, '%scale', (n) => ({ ...n, value: 0.125 })),
            { ...base, edges: base.edges.map((e) => (e.op === 'relu' ? { ...e, op: 'tanh' as const } : e)) },
            { ...base, edges: base.edges.map((e) => (e.target === '%a1' ? { ...e, sources: [...e.sources].reverse() } : e)) }
        ];
        const hashes = variants.map(structureHash);
        for (const h of hashes) expect(h).not.toBe(hash);
        expect(new Set(hashes).size).toBe(variants.length);
    });
});
