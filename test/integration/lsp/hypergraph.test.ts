// `phg/hypergraph` asked of the BUILT server over stdio: the digits model's lowered IR, as the
// Hypergraph panel shows it. The oracle is the CLI's own lowering (`loadSourceModel`, what
// `phg certify` signs): same nodes, same hyperedges, same structure hash; the dimensions are the
// ones examples/digits.phg states in its comments (x in px, every weight dimensionless).
import { readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadSourceModel, type SourceModel } from '../../../cli/cert/source-model.js';
import { structureDigest } from '../../../engine/attest/ir-structure.js';
import { RequestType } from 'vscode-languageserver-protocol/node';
import { HypergraphRequest, type HypergraphModel, type HypergraphParams, type HypergraphResult } from '../../../server/protocol.js';
import { LspServerProcess } from '../support/lsp-server-process.js';

const digitsPath = fileURLToPath(new URL('../../../examples/digits.phg', import.meta.url));
const uri = pathToFileURL(digitsPath).toString();

describe('phg/hypergraph, over stdio', () => {
    let server: LspServerProcess;
    let model: HypergraphModel;
    let oracle: SourceModel;

    beforeAll(async () => {
        server = await LspServerProcess.start();
        await server.open(uri, readFileSync(digitsPath, 'utf8'));
        // The same method, typed with the test client's own protocol package.
        const answer = await server.request(new RequestType<HypergraphParams, HypergraphResult, void>(HypergraphRequest.method), { uri });
        expect(answer.unavailable).toEqual([]);
        expect(answer.models.map((entry) => entry.title)).toEqual(['train Mlp on train_set']);
        model = answer.models[0] as HypergraphModel;
        const loaded = await loadSourceModel(digitsPath);
        if (!loaded.ok) throw new Error(loaded.message);
        oracle = loaded.source;
    }, 120_000);

    afterAll(async () => {
        expect(await server.stop()).toEqual({ code: 0, signal: null });
    });

    test('is the graph phg certify signs: the same structure hash, nodes and hyperedges', () => {
        expect(model.structureHash).toBe(structureDigest(oracle.graph));
        expect(model.nodes.map((node) => [node.name, node.role, node.shape, node.batched, node.format, node.lifetime, node.bytes]))
            .toEqual(oracle.graph.nodes.map((node) => [node.name, node.role, node.shape, node.batched, node.format, node.lifetime, node.bytes]));
        expect(model.edges.map((edge) => `${edge.target} = ${edge.op}(${edge.sources.join(', ')})`))
            .toEqual(oracle.graph.edges.map((edge) => `${edge.target} = ${edge.op}(${edge.sources.join(', ')})`));
        expect(model.edges.every((edge) => edge.arity === edge.sources.length)).toBe(true);
        expect([model.outputs, model.loss]).toEqual([oracle.graph.outputs, oracle.graph.loss]);
    });

    test('shows dimensions in the file’s own units and formats, shapes and bytes per value', () => {
        const byName = new Map(model.nodes.map((node) => [node.name, node]));
        expect(byName.get('x')).toMatchObject({ role: 'input', shape: [64], batched: true, dimension: 'px', format: 'posit<16>', lifetime: 'activation', bytes: 128 });
        expect(byName.get('W1')).toMatchObject({ role: 'param', shape: [64, 32], batched: false, dimension: '1', format: 'posit<16>', lifetime: 'param', bytes: 64 * 32 * 2 });
        expect(byName.get('W2')).toMatchObject({ shape: [32, 10], dimension: '1', bytes: 32 * 10 * 2 });
        expect(byName.get('h')).toMatchObject({ shape: [32], dimension: '1' });
        expect(byName.get('label')).toMatchObject({ role: 'target', format: 'class(10)' });
    });

    test('labels anonymous values with the source they were lowered from, and locates declarations', () => {
        const anonymous = model.nodes.filter((node) => node.name.startsWith('%'));
        expect(anonymous.length).toBeGreaterThan(0);
        expect(anonymous.map((node) => node.label)).toContain('16<px>');
        const source = readFileSync(digitsPath, 'utf8').split('\n');
        const w1 = model.nodes.find((node) => node.name === 'W1');
        expect(w1?.range && source[w1.range.start.line]?.trim().startsWith('param  W1 : [64, 32]')).toBe(true);
    });
});
