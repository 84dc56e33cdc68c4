// Certificates in the editor, asked of the BUILT server over stdio (`npm run build` first): a
// certified digits model (certified by the real `phg certify`, versions signed as `phg train`
// signs them) shows `✓ certified v1 · key …`; a structural edit turns the lens into
// `✗ stale: …` with PHG5001 on each changed declaration and on the .phgcert itself; undoing it
// clears both; a tampered certificate, an untrusted signer, a malformed trust store and a tampered
// version are reported live after the file watcher says they changed.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CodeLensRequest, DidChangeWatchedFilesNotification, FileChangeType, type CodeLens, type Diagnostic, type DidChangeWatchedFilesParams } from 'vscode-languageserver-protocol/node';
import { LspServerProcess } from '../support/lsp-server-process.js';
import { createDigitsWorkspace, saveSeededVersion, type DigitsWorkspace } from '../serve/helpers/cli-workspace.js';

/** The digits model with its hidden layer widened from 32 to 48: it checks clean, its structure differs. */
function widened(source: string): string {
    const text = source.replace('param  W1 : [64, 32]', 'param  W1 : [64, 48]').replace('param  b1 : [32]', 'param  b1 : [48]')
        .replace('param  W2 : [32, 10]', 'param  W2 : [48, 10]').replace('h : [32]<1>', 'h : [48]<1>');
    if (text === source) throw new Error('the digits example changed: update this test');
    return text;
}

function uriOf(path: string): string {
    return pathToFileURL(path).toString();
}

const titles = (lenses: readonly CodeLens[]): string[] => lenses.map((lens) => lens.command?.title ?? '');
const codes = (diagnostics: readonly Diagnostic[] | undefined): string[] => (diagnostics ?? []).map((diagnostic) => `${String(diagnostic.code)} ${diagnostic.range.start.line + 1}`);

describe('certificates in the editor, over stdio', () => {
    let workspace: DigitsWorkspace;
    let server: LspServerProcess;
    let source: string;
    let uri: string;
    let certificateUri: string;
    let fingerprint: string;
    let version = 1;

    /** The line (1-based) of the first line containing `needle` in `text`. */
    const lineOf = (needle: string, text = source): number => text.split('\n').findIndex((line) => line.includes(needle)) + 1;

    const certificateLenses = async (): Promise<string[]> => {
        const lenses = (await server.request(CodeLensRequest.type, { textDocument: { uri } })) ?? [];
        const modelLine = lineOf('model Mlp') - 1;
        return titles(lenses.filter((lens) => lens.range.start.line === modelLine && ['phg.verifyCertificate', 'phg.certifyModel', 'vscode.open'].includes(lens.command?.command ?? '')));
    };

    /** Tells the server files changed (as VS Code's watcher would) and waits for the re-check of the model. */
    const filesChanged = async (paths: readonly string[], accept: (diagnostics: readonly Diagnostic[]) => boolean): Promise<readonly Diagnostic[]> => {
        const published = server.nextDiagnostics(uri, accept);
        const params: DidChangeWatchedFilesParams = { changes: paths.map((path) => ({ uri: uriOf(path), type: FileChangeType.Changed })) };
        await server.connection.sendNotification(DidChangeWatchedFilesNotification.method, params);
        return published;
    };

    beforeAll(async () => {
        workspace = await createDigitsWorkspace();
        fingerprint = workspace.key.publicKey.fingerprint;
        source = readFileSync(workspace.source, 'utf8');
        uri = uriOf(workspace.source);
        certificateUri = uriOf(join(workspace.root, 'Mlp.phgcert'));
        server = await LspServerProcess.start();
        const opened = server.nextDiagnostics(uri);
        await server.open(uri, source, version);
        expect(await opened).toEqual([]);
    }, 120_000);

    afterAll(async () => {
        expect(await server.stop()).toEqual({ code: 0, signal: null });
        rmSync(workspace.root, { recursive: true, force: true });
        rmSync(workspace.configDirectory, { recursive: true, force: true });
    });

    test('a freshly certified model shows ✓ certified with the signer key, and nothing on the certificate', async () => {
        expect(await certificateLenses()).toEqual([`✓ certified · key ${fingerprint.slice(0, 4)}…`]);
        expect(server.diagnosticsOf(certificateUri)).toEqual([]);
    });

    test('a signed version that pins the certificate puts its number in the lens', async () => {
        expect(await saveSeededVersion(workspace, 1)).toBe(1);
        await filesChanged([join(workspace.root, '.phg', 'versions', '1', 'record.json')], () => true);
        expect(await certificateLenses()).toEqual([`✓ certified v1 · key ${fingerprint.slice(0, 4)}…`]);
    });

    test('a structural edit makes it stale: the lens names the change, PHG5001 sits on each changed declaration and on the .phgcert', async () => {
        const wider = widened(source);
        const stale = server.nextDiagnostics(uri, (diagnostics) => diagnostics.length > 0);
        const onCertificate = server.nextDiagnostics(certificateUri, (diagnostics) => diagnostics.length > 0);
        await server.replaceText(uri, wider, ++version);
        const diagnostics = await stale;
        expect(codes(diagnostics)).toEqual([
            `PHG5001 ${lineOf('param  W1', wider)}`, `PHG5001 ${lineOf('param  W2', wider)}`, `PHG5001 ${lineOf('param  b1', wider)}`, `PHG5001 ${lineOf('h : [48]', wider)}`
        ]);
        expect(diagnostics.map((diagnostic) => diagnostic.message)).toEqual([
            'certificate is stale: W1 shape 64×32 → 64×48; re-certify with PHG: Certify Model',
            'certificate is stale: W2 shape 32×10 → 48×10; re-certify with PHG: Certify Model',
            'certificate is stale: b1 shape 32 → 48; re-certify with PHG: Certify Model',
            'certificate is stale: h shape 32 → 48; re-certify with PHG: Certify Model'
        ]);
        expect(diagnostics.every((diagnostic) => diagnostic.severity === 2 && diagnostic.source === 'phg')).toBe(true);
        // In the certificate's node order (params, then values); each underlines the declared name.
        const w1 = diagnostics[0] as Diagnostic;
        expect(wider.split('\n')[w1.range.start.line]?.slice(w1.range.start.character, w1.range.end.character)).toBe('W1');
        expect((await onCertificate).map((diagnostic) => [diagnostic.severity, diagnostic.code, diagnostic.message])).toEqual([
            [1, 'PHG5001', 'structure matches source: stale: W1 shape 64×32 → 64×48; W2 shape 32×10 → 48×10; b1 shape 32 → 48; h shape 32 → 48 (and 2 intermediate values)']
        ]);
        expect(await certificateLenses()).toEqual(['✗ stale: W1 shape 64×32 → 64×48 (+5 more)']);
    });

    test('undoing the edit makes it certified again and clears both files', async () => {
        const clean = server.nextDiagnostics(uri, (diagnostics) => diagnostics.length === 0);
        const cleared = server.nextDiagnostics(certificateUri, (diagnostics) => diagnostics.length === 0);
        await server.replaceText(uri, source, ++version);
        await clean;
        await cleared;
        expect(await certificateLenses()).toEqual([`✓ certified v1 · key ${fingerprint.slice(0, 4)}…`]);
    });

    test('a comment edit keeps the certificate valid', async () => {
        const published = server.nextDiagnostics(uri);
        await server.replaceText(uri, `// a comment the structure hash ignores\n${source}`, ++version);
        expect(await published).toEqual([]);
        const lenses = (await server.request(CodeLensRequest.type, { textDocument: { uri } })) ?? [];
        expect(titles(lenses)).toContain(`✓ certified v1 · key ${fingerprint.slice(0, 4)}…`);
        const restored = server.nextDiagnostics(uri);
        await server.replaceText(uri, source, ++version);
        expect(await restored).toEqual([]);
    });

    test('another file of the folder declaring a model of the same name is not judged by this certificate', async () => {
        // Mlp.phgcert names digits.phg as its source: a different Mlp beside it is simply uncertified.
        const other = join(workspace.root, 'wider.phg');
        writeFileSync(other, widened(source));
        const otherUri = uriOf(other);
        const opened = server.nextDiagnostics(otherUri);
        await server.open(otherUri, widened(source));
        expect(await opened).toEqual([]);
        const modelLine = widened(source).split('\n').findIndex((line) => line.startsWith('model Mlp'));
        const lenses = ((await server.request(CodeLensRequest.type, { textDocument: { uri: otherUri } })) ?? []).filter((lens) => lens.range.start.line === modelLine);
        expect(lenses.filter((lens) => lens.command?.command === 'phg.certifyModel' || lens.command?.command === 'phg.verifyCertificate').map((lens) => lens.command?.title)).toEqual(['certify…']);
        expect(server.diagnosticsOf(certificateUri)).toEqual([]);
    });

    test('one flipped byte in the certificate: PHG5002 on the certificate and on the model', async () => {
        const file = join(workspace.root, 'Mlp.phgcert');
        const original = readFileSync(file);
        const tampered = Buffer.from(original);
        tampered[60] = (tampered[60] as number) ^ 0x01;
        writeFileSync(file, tampered);
        try {
            const onCertificate = server.nextDiagnostics(certificateUri, (diagnostics) => diagnostics.length > 0);
            const diagnostics = await filesChanged([file], (found) => found.length > 0);
            expect(codes(diagnostics)).toEqual([`PHG5002 ${lineOf('model Mlp')}`]);
            expect(codes(await onCertificate)).toEqual(['PHG5002 1']);
            expect(await certificateLenses()).toEqual(['✗ certificate signature invalid']);
        } finally {
            writeFileSync(file, original);
            const cleared = server.nextDiagnostics(certificateUri, (found) => found.length === 0);
            await filesChanged([file], (found) => found.length === 0);
            await cleared;
        }
    });

    test('a signer missing from phg.trust.json is PHG5003; a malformed trust store is PHG5007 on that file', async () => {
        const trustFile = join(workspace.root, 'phg.trust.json');
        const trusted = readFileSync(trustFile, 'utf8');
        const trustUri = uriOf(trustFile);
        try {
            writeFileSync(trustFile, '{"keys": []}\n');
            const untrusted = await filesChanged([trustFile], (found) => found.length > 0);
            expect(codes(untrusted)).toEqual([`PHG5003 ${lineOf('model Mlp')}`]);
            expect(await certificateLenses()).toEqual(['✗ certificate signer not trusted (phg keys trust)']);

            writeFileSync(trustFile, '{"keys": [{"name": "x", "publicKey": 7}]}\n');
            const onTrustStore = server.nextDiagnostics(trustUri, (found) => found.length > 0);
            const malformed = await filesChanged([trustFile], (found) => found.some((diagnostic) => diagnostic.code === 'PHG5007'));
            expect(malformed.map((diagnostic) => diagnostic.message)).toEqual([
                `the certificate of Mlp cannot be checked: ${trustFile} is malformed: /keys/0/publicKey: publicKey must be the base64 of the 32-byte Ed25519 key`
            ]);
            expect(codes(await onTrustStore)).toEqual(['PHG5007 1']);
            expect(await certificateLenses()).toEqual(['✗ phg.trust.json is malformed (PHG5007)']);
        } finally {
            writeFileSync(trustFile, trusted);
            await filesChanged([trustFile], (found) => found.length === 0);
        }
        expect(server.diagnosticsOf(trustUri)).toEqual([]);
    });

    test('a newest version whose weights were edited is PHG5005 on the model and on its record', async () => {
        const weights = join(workspace.root, '.phg', 'versions', '1', 'weights.bin');
        const record = join(workspace.root, '.phg', 'versions', '1', 'record.json');
        const original = readFileSync(weights);
        const edited = Buffer.from(original);
        edited[edited.length - 1] = (edited[edited.length - 1] as number) ^ 0x80;
        writeFileSync(weights, edited);
        try {
            const onRecord = server.nextDiagnostics(uriOf(record), (found) => found.length > 0);
            const diagnostics = await filesChanged([weights], (found) => found.length > 0);
            expect(codes(diagnostics)).toEqual([`PHG5005 ${lineOf('model Mlp')}`]);
            expect(diagnostics[0]?.message).toMatch(/^version 1 of Mlp does not verify: weights digest: /);
            expect(codes(await onRecord)).toEqual(['PHG5005 1']);
            expect(await certificateLenses()).toEqual([`✓ certified v1 · key ${fingerprint.slice(0, 4)}…`, '✗ v1: weights digest (PHG5005)']);
        } finally {
            writeFileSync(weights, original);
            await filesChanged([weights], (found) => found.length === 0);
        }
    });
});

describe('models without a certificate, over stdio', () => {
    let server: LspServerProcess;
    const folders: string[] = [];
    const digits = readFileSync(new URL('../../../examples/digits.phg', import.meta.url), 'utf8');

    /** A workspace folder holding digits.phg (and phg.trust.json if `trust`); the lenses on its model line. */
    const lensesIn = async (trust: boolean): Promise<CodeLens[]> => {
        const root = mkdtempSync(join(tmpdir(), 'phg-lsp-uncertified-'));
        folders.push(root);
        mkdirSync(join(root, '.git'));
        if (trust) writeFileSync(join(root, 'phg.trust.json'), '{"keys": []}\n');
        const file = join(root, 'digits.phg');
        writeFileSync(file, digits);
        const uri = uriOf(file);
        const opened = server.nextDiagnostics(uri);
        await server.open(uri, digits);
        expect(await opened).toEqual([]);
        const modelLine = digits.split('\n').findIndex((line) => line.startsWith('model Mlp'));
        return ((await server.request(CodeLensRequest.type, { textDocument: { uri } })) ?? []).filter((lens) => lens.range.start.line === modelLine);
    };

    beforeAll(async () => {
        server = await LspServerProcess.start();
    });

    afterAll(async () => {
        expect(await server.stop()).toEqual({ code: 0, signal: null });
        for (const folder of folders) rmSync(folder, { recursive: true, force: true });
    });

    test('in a workspace that trusts keys, an uncertified model offers `certify…`', async () => {
        const certify = (await lensesIn(true)).filter((lens) => lens.command?.command === 'phg.certifyModel');
        expect(certify.map((lens) => lens.command?.title)).toEqual(['certify…']);
        expect(certify[0]?.command?.arguments).toEqual([{ uri: expect.stringMatching(/\/digits\.phg$/) as unknown, model: 'Mlp' }]);
    });

    test('in a workspace without phg.trust.json, certificates stay out of sight', async () => {
        const lenses = await lensesIn(false);
        expect(lenses.filter((lens) => ['phg.certifyModel', 'phg.verifyCertificate'].includes(lens.command?.command ?? ''))).toEqual([]);
    });
});

describe('deploy blocks, over stdio', () => {
    test('a deploy block gets ▶ Serve, which runs PHG: Serve Model on the model it serves', async () => {
        const server = await LspServerProcess.start();
        try {
            const file = fileURLToPath(new URL('../../fixtures/lsp/deployed.phg', import.meta.url));
            const text = readFileSync(file, 'utf8');
            const uri = uriOf(file);
            const opened = server.nextDiagnostics(uri);
            await server.open(uri, text);
            expect(await opened).toEqual([]);
            const deployLine = text.split('\n').findIndex((line) => line.startsWith('deploy digits_service'));
            const lenses = ((await server.request(CodeLensRequest.type, { textDocument: { uri } })) ?? []).filter((lens) => lens.command?.command === 'phg.serveModel');
            expect(lenses.map((lens) => [lens.range.start.line, lens.command?.title, lens.command?.arguments])).toEqual([[deployLine, '▶ Serve digits_service', [{ uri, model: 'Mlp' }]]]);
        } finally {
            await server.stop();
        }
    });
});
