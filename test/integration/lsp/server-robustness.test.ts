// The built language server survives whatever a user (or a broken file) throws at it: thousands
// of seeded random mutations of real models, binary noise, a 1 MB file and 500-deep nesting.
// After every change it must answer a request, and it must keep publishing diagnostics.
//
// Reproduce a failure with the seed it prints: PHG_FUZZ_SEED=<seed> npx vitest run test/integration/lsp
import { readdirSync, readFileSync, statSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
    CompletionRequest,
    DefinitionRequest,
    DocumentSymbolRequest,
    FoldingRangeRequest,
    HoverRequest,
    InlayHintRequest,
    LogMessageNotification,
    MessageType,
    ReferencesRequest,
    SemanticTokensRequest
} from 'vscode-languageserver-protocol/node';
import { generateDeepModel } from '../support/generated-model.js';
import { LspServerProcess } from '../support/lsp-server-process.js';
import { positionAt } from '../support/text-positions.js';
import { mutate, pathologicalTexts, SeededRandom } from '../support/phg-mutator.js';

const seed = Number(process.env.PHG_FUZZ_SEED ?? 20261129);
const mutationCount = Number(process.env.PHG_FUZZ_MUTATIONS ?? 5000);
const repositoryRoot = fileURLToPath(new URL('../../../', import.meta.url));

/** Every .phg file of the fixtures and examples: the starting points of mutation chains. */
function seedCorpus(): { name: string; text: string }[] {
    const found: { name: string; text: string }[] = [];
    const walk = (folder: string): void => {
        let entries: string[];
        try {
            entries = readdirSync(folder);
        } catch {
            return;
        }
        for (const entry of entries.sort()) {
            const path = join(folder, entry);
            if (statSync(path).isDirectory()) walk(path);
            else if (entry.endsWith('.phg')) found.push({ name: path.slice(repositoryRoot.length), text: readFileSync(path, 'utf8') });
        }
    };
    walk(join(repositoryRoot, 'test/fixtures'));
    walk(join(repositoryRoot, 'examples'));
    return found;
}

/** Keeps the text that broke the server, for reproduction outside the test. */
function saveFailure(text: string): string {
    const folder = join(repositoryRoot, '.cache/fuzz');
    mkdirSync(folder, { recursive: true });
    const path = join(folder, `failure-seed-${seed}.phg`);
    writeFileSync(path, text);
    return path;
}

describe(`language server robustness (seed ${seed})`, () => {
    let server: LspServerProcess;
    const serverErrors: string[] = [];

    beforeAll(async () => {
        server = await LspServerProcess.start();
        server.connection.onNotification(LogMessageNotification.type, (message) => {
            if (message.type === MessageType.Error) serverErrors.push(message.message);
        });
    });

    afterAll(async () => {
        const exit = await server.stop();
        expect(exit).toEqual({ code: 0, signal: null });
    });

    /** Sends a request that depends on the document's state; the server must answer it. */
    async function probe(uri: string, text: string, random: SeededRandom, context: () => string): Promise<void> {
        const position = positionAt(text, random.below(text.length + 1));
        const textDocument = { uri };
        const requests: (() => Promise<unknown>)[] = [
            () => server.request(HoverRequest.type, { textDocument, position }),
            () => server.request(DocumentSymbolRequest.type, { textDocument }),
            () => server.request(CompletionRequest.type, { textDocument, position }),
            () => server.request(DefinitionRequest.type, { textDocument, position }),
            () => server.request(ReferencesRequest.type, { textDocument, position, context: { includeDeclaration: true } }),
            () => server.request(SemanticTokensRequest.type, { textDocument }),
            () => server.request(FoldingRangeRequest.type, { textDocument }),
            () => server.request(InlayHintRequest.type, { textDocument, range: { start: { line: 0, character: 0 }, end: positionAt(text, text.length) } })
        ];
        try {
            await random.pick(requests)();
        } catch (error) {
            throw new Error(`${context()}: ${error instanceof Error ? error.message : String(error)}; text saved to ${saveFailure(text)}`);
        }
    }

    /** Proves the whole pipeline still runs: a sentinel reference must come back as a diagnostic. */
    async function expectDiagnosticsStillPublished(uri: string, version: number, round: number): Promise<void> {
        const sentinel = `sentinel_${round}`;
        const published = server.nextDiagnostics(uri, (diagnostics) => diagnostics.some((d) => JSON.stringify(d.message).includes(sentinel)), 60_000);
        await server.replaceText(uri, `model Sentinel {\n  output y = ${sentinel}\n}\n`, version);
        await published;
    }

    test(`answers a request after each of ${mutationCount} seeded mutations and keeps publishing diagnostics`, async () => {
        const random = new SeededRandom(seed);
        const corpus = seedCorpus();
        expect(corpus.length).toBeGreaterThanOrEqual(3);
        const uris = ['file:///fuzz/a.phg', 'file:///fuzz/b.phg', 'file:///fuzz/c.phg'];
        const versions = new Map(uris.map((uri) => [uri, 1]));
        const texts = new Map<string, string>();
        for (const uri of uris) {
            const start = random.pick(corpus);
            texts.set(uri, start.text);
            await server.open(uri, start.text);
        }
        const kinds = new Map<string, number>();
        for (let round = 1; round <= mutationCount; round++) {
            const uri = random.pick(uris);
            const version = (versions.get(uri) ?? 1) + 1;
            versions.set(uri, version);
            // Mutations accumulate, so files drift far from valid; restart a chain now and then.
            const base = random.below(25) === 0 ? random.pick(corpus).text : texts.get(uri) ?? '';
            const { text, kind } = mutate(base, random);
            kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
            texts.set(uri, text);
            await server.replaceText(uri, text, version);
            await probe(uri, text, random, () => `seed ${seed}, round ${round}, ${kind} on ${uri}`);
            expect(server.alive).toBe(true);
            if (round % 500 === 0) {
                const sentinelVersion = version + 1;
                versions.set(uri, sentinelVersion);
                await expectDiagnosticsStillPublished(uri, sentinelVersion, round);
                texts.set(uri, `model Sentinel {\n  output y = sentinel_${round}\n}\n`);
            }
        }
        // Every kind of mutation was exercised.
        expect([...kinds.keys()].sort()).toEqual(['delete', 'duplicate-line', 'insert-noise', 'insert-token', 'replace-char', 'swap', 'truncate']);
    }, 300_000);

    test.each(pathologicalTexts(500).map((p) => [p.name, p.text] as const))('answers requests on %s', async (name, text) => {
        const uri = `file:///fuzz/${name.replace(/\W+/g, '-')}.phg`;
        const random = new SeededRandom(seed);
        const diagnostics = server.nextDiagnostics(uri, () => true, 60_000);
        await server.open(uri, text);
        await diagnostics;
        for (let i = 0; i < 5; i++) await probe(uri, text, random, () => name);
        expect(server.alive).toBe(true);
    });

    test('answers requests on a 1 MB file and while it is being edited', async () => {
        const model = generateDeepModel(40_000);
        expect(model.text.length).toBeGreaterThan(1_000_000);
        const uri = 'file:///fuzz/one-megabyte.phg';
        const random = new SeededRandom(seed);
        const opened = server.nextDiagnostics(uri, () => true, 120_000);
        await server.open(uri, model.text);
        // Above the live-analysis limit the server checks syntax and names, and says so.
        expect((await opened).map((diagnostic) => diagnostic.data)).toEqual([{ code: 'live-analysis-limit' }]);
        let text = model.text;
        for (let version = 2; version <= 3; version++) {
            text = mutate(text, random).text;
            await server.replaceText(uri, text, version);
            await probe(uri, text, random, () => `1 MB file, version ${version}`);
        }
        expect(server.alive).toBe(true);
    }, 300_000);

    // The server survives a failing check (it reports it as a diagnostic), but each one is a bug.
    test('logged no internal errors (parser, linker or checker exceptions) on any of those inputs', () => {
        const distinct = [...new Set(serverErrors.map((message) => message.replace(/file:\/\/\S+ /, '').split('\n').slice(0, 3).join(' | ')))];
        expect(distinct).toEqual([]);
    });
});
