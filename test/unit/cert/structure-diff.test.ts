import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { modelInterface, modelStructure } from '../../../engine/attest/ir-structure.js';
import { describeChange, diffInterfaces, diffStructures } from '../../../engine/attest/structure-diff.js';
import { structureHash } from '../../../engine/ir/canonical.js';
import { loadIrFixture, patchGraph, type GraphPatch } from './ir-fixtures.js';

const staleCases = join(__dirname, '../../fixtures/cert/stale');

describe('what a stale certificate names', () => {
    const base = loadIrFixture('mlp.ir.json');
    for (const file of readdirSync(staleCases).filter((name) => name.endsWith('.json')).sort()) {
        const patch = JSON.parse(readFileSync(join(staleCases, file), 'utf8')) as GraphPatch & { description: string; expect: string[] };
        it(`${file}: ${patch.description}`, () => {
            const changed = patchGraph(base, patch);
            const changes = diffStructures(modelStructure(base), modelStructure(changed)).map(describeChange);
            expect(changes).toEqual(patch.expect);
            expect(structureHash(changed) === structureHash(base)).toBe(patch.expect.length === 0);
        });
    }

    it('names added and removed nodes and edges', () => {
        const base = loadIrFixture('mlp.ir.json');
        const smaller = { ...base, nodes: base.nodes.filter((node) => node.name !== 'b2'), edges: base.edges.filter((edge) => edge.target !== '%4') };
        expect(diffStructures(modelStructure(base), modelStructure(smaller)).map(describeChange)).toEqual(['b2 removed', 'edge %4 = add(%3, b2) removed']);
        expect(diffStructures(modelStructure(smaller), modelStructure(base)).map(describeChange)).toEqual(['b2 added', 'edge %4 = add(%3, b2) added']);
    });
});

describe('interface compatibility', () => {
    it('ignores hidden changes and names changed inputs and outputs', () => {
        const base = loadIrFixture('mlp.ir.json');
        const hidden = patchGraph(base, { nodes: { h: { format: 'bposit<32>' } } });
        expect(diffInterfaces(modelInterface(base), modelInterface(hidden))).toEqual([]);
        const wider = patchGraph(base, { nodes: { y: { shape: [12] }, x: { format: 'float32' } } });
        expect(diffInterfaces(modelInterface(base), modelInterface(wider))).toEqual(['input x format posit<16> → float32', 'output y shape 10 → 12']);
    });
});
