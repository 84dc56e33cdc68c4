// What a user sees in the editor, asked of the BUILT server over stdio (`npm run build` first):
// diagnostics that follow every edit, hover (with the design-time range and memory section),
// completion, inlay hints (dimensions and param bytes), the quick fix, the outline, navigation and
// rename. The document is test/fixtures/lsp/falling.phg.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
    CodeActionRequest,
    CompletionRequest,
    DefinitionRequest,
    DidChangeTextDocumentNotification,
    DocumentSymbolRequest,
    DocumentFormattingRequest,
    HoverRequest,
    InlayHintRequest,
    PrepareRenameRequest,
    ReferencesRequest,
    RenameRequest,
    SemanticTokensRequest,
    TextDocumentContentRequest,
    type CompletionItem,
    type Position
} from 'vscode-languageserver-protocol/node';
import { LspServerProcess } from '../support/lsp-server-process.js';

const text = readFileSync(new URL('../../fixtures/lsp/falling.phg', import.meta.url), 'utf8');
const uri = 'file:///workspace/falling.phg';
const textDocument = { uri };

/** The position of the `occurrence`-th `needle` in `source` (0-based), plus `offset` characters. */
function positionOf(needle: string, occurrence = 0, offset = 0, source = text): Position {
    let index = -1;
    for (let i = 0; i <= occurrence; i++) {
        index = source.indexOf(needle, index + 1);
        if (index < 0) throw new Error(`'${needle}' #${occurrence} is not in the fixture`);
    }
    const before = source.slice(0, index + offset);
    return { line: before.split('\n').length - 1, character: before.length - before.lastIndexOf('\n') - 1 };
}

const at = (start: Position, length: number): { start: Position; end: Position } => ({ start, end: { line: start.line, character: start.character + length } });

describe('the language server, over stdio', () => {
    let server: LspServerProcess;
    let version = 1;

    beforeAll(async () => {
        server = await LspServerProcess.start();
        const opened = server.nextDiagnostics(uri);
        await server.open(uri, text, version);
        expect(await opened).toEqual([]);
    });

    afterAll(async () => {
        expect(await server.stop()).toEqual({ code: 0, signal: null });
    });

    test('publishes a dimension error as the user types it, with its explanation, and clears it on undo', async () => {
        // `speed = v0 - g * t` becomes `speed = v0 - g * t * t`: g is now m/s^3 and the height no longer adds up.
        const broken = server.nextDiagnostics(uri, (diagnostics) => diagnostics.length > 0);
        await server.insertText(uri, positionOf('g * t').line, positionOf('g * t', 0, 5).character, ' * t', ++version);
        expect(await broken).toEqual([{
            severity: 1,
            code: 'PHG1001',
            source: 'phg',
            message: 'cannot subtract []<m/s> from []<m>: Time 0 vs -1',
            range: at(positionOf('- 0.5'), 1),
            relatedInformation: [
                { location: { uri, range: at(positionOf('<m/s>'), 5) }, message: "'v0' is declared <m/s> here" },
                { location: { uri, range: at(positionOf('<s>'), 3) }, message: "'t' is declared <s> here" },
                { location: { uri, range: at(positionOf('- g'), 1) }, message: "'g' is inferred as m/s^3: '-' needs equal dimensions on both sides" }
            ],
            data: { code: 'PHG1001' }
        }]);

        const repaired = server.nextDiagnostics(uri, (diagnostics) => diagnostics.length === 0);
        const inserted = positionOf('g * t', 0, 5);
        await server.connection.sendNotification(DidChangeTextDocumentNotification.type, {
            textDocument: { uri, version: ++version },
            contentChanges: [{ range: { start: inserted, end: { line: inserted.line, character: inserted.character + 4 } }, text: '' }]
        });
        expect(await repaired).toEqual([]);
    });

    test('hover on a param shows its inferred type and the gradient and learning-rate dimensions of its training', async () => {
        const hover = await server.request(HoverRequest.type, { textDocument, position: positionOf('g  :') });
        expect(hover).toEqual({
            contents: {
                kind: 'markdown',
                value: [
                    '```phg\nparam g : []<m/s^2>\n```',
                    'Dimension `m/s^2`, inferred.',
                    '`train Fall on drops` (loss `<m^2>`): gradient ∂L/∂g `<m*s^2>`, learning rate `<1/s^4>`.',
                    'Range unknown in `float32` (train Fall on drops): nothing bounds `g` (declare `range [a, b]`).',
                    'Memory: 4 B, `param` for the whole run.'
                ].join('\n\n')
            }
        });
    });

    test('hover on a use of a name describes the declaration; inside an expression it types the expression', async () => {
        const onUse = await server.request(HoverRequest.type, { textDocument, position: positionOf('v0 - g') });
        expect(onUse?.contents).toEqual({ kind: 'markdown', value: [
            '```phg\ninput v0 : []<m/s>\n```',
            'Dimension `m/s`, as written.',
            'Range unknown in `float32` (train Fall on drops): nothing bounds `v0` (declare `range [a, b]`).',
            'Memory: 128 B at batch 32 — inference `activation` · backprop `activation` · forward `activation`.'
        ].join('\n\n') });
        const onOperator = await server.request(HoverRequest.type, { textDocument, position: positionOf('* t - 0.5', 0, 0) });
        expect(onOperator).toEqual({
            contents: { kind: 'markdown', value: [
                '```phg\nv0 * t : []<m>\n```',
                'Range unknown in `float32` (train Fall on drops): nothing bounds `v0`, `t` (declare `range [a, b]`).',
                'Memory: 128 B at batch 32 — inference `activation` · backprop `activation` · forward `activation`.'
            ].join('\n\n') },
            range: at(positionOf('v0 * t'), 6)
        });
    });

    test('completion offers built-in functions and the model\'s values where an expression starts, with their types', async () => {
        const line = positionOf('  output height').line;
        const started = server.nextDiagnostics(uri, () => true);
        await server.insertText(uri, line, 0, '  fall = g\n', ++version);
        await started;
        const list = await server.request(CompletionRequest.type, { textDocument, position: { line, character: 10 } });
        const items = (Array.isArray(list) ? list : list?.items ?? []).map((item: CompletionItem) => ({ label: item.label, kind: item.kind, detail: item.detail }));
        expect(items).toEqual([
            { label: 'grade', kind: 3, detail: 'grade<k>(x): the grade-k part of a multivector' },
            { label: 'g', kind: 5, detail: 'param g : []<m/s^2>' }
        ]);
        const removed = server.nextDiagnostics(uri, () => true);
        await server.connection.sendNotification(DidChangeTextDocumentNotification.type, {
            textDocument: { uri, version: ++version },
            contentChanges: [{ range: { start: { line, character: 0 }, end: { line: line + 1, character: 0 } }, text: '' }]
        });
        await removed;
    });

    test('completion inside <...> offers units, the built-in ones included', async () => {
        const list = await server.request(CompletionRequest.type, { textDocument, position: positionOf('<m/s>', 0, 2) });
        const labels = (Array.isArray(list) ? list : list?.items ?? []).map((item) => item.label);
        expect(labels.slice(0, 4)).toEqual(['m', 'mol', 'min', 'MB']);
        expect(labels).toContain('ms');
    });

    test('completion after `format` offers the file\'s format aliases, then every numeric format', async () => {
        const formatsUri = 'file:///workspace/formats.phg';
        const source = 'format p16 = posit<16>\nmodel M {\n  input x : [4]\n  output y = x\n}\ndata d = csv("d.csv") {\n  x : [4] = columns 0..3\n}\ntrain M on d {\n  format \n}\n';
        const opened = server.nextDiagnostics(formatsUri, () => true);
        await server.open(formatsUri, source);
        await opened;
        const list = await server.request(CompletionRequest.type, { textDocument: { uri: formatsUri }, position: { line: 9, character: 9 } });
        const items = Array.isArray(list) ? list : list?.items ?? [];
        expect(items[0]).toMatchObject({ label: 'p16', detail: 'format p16 = …' });
        expect(items.map((item) => item.label)).toEqual(expect.arrayContaining(['posit<16>', 'bposit<32>', 'float32']));
        expect(items.every((item) => item.kind === 25)).toBe(true);
    });

    test('inlay hints show the inferred dimensions where the annotation would go, with the edit to write it, and each param\'s bytes', async () => {
        const hints = await server.request(InlayHintRequest.type, { textDocument, range: { start: { line: 0, character: 0 }, end: { line: 30, character: 0 } } });
        const afterG = positionOf('[] init 9.81', 0, 2);
        const afterSpeed = positionOf('speed', 0, 5);
        const afterInit = positionOf('init 9.81', 0, 9);
        expect(hints).toEqual([
            { position: afterG, label: '<m/s^2>', kind: 1, paddingLeft: false, tooltip: 'Inferred dimension. Double-click to write it down.', textEdits: [{ range: { start: afterG, end: afterG }, newText: '<m/s^2>' }] },
            { position: afterSpeed, label: ': []<m/s>', kind: 1, paddingLeft: true, tooltip: 'Inferred dimension. Double-click to write it down.', textEdits: [{ range: { start: afterSpeed, end: afterSpeed }, newText: ' : []<m/s>' }] },
            { position: afterInit, label: '4 B float32', paddingLeft: true, tooltip: 'Bytes of g in float32 (train Fall on drops).' }
        ]);
    });

    test('the quick fix on a param writes its inferred dimension', async () => {
        const cursor = positionOf('g  :');
        const actions = await server.request(CodeActionRequest.type, { textDocument, range: { start: cursor, end: cursor }, context: { diagnostics: [] } });
        const afterG = positionOf('[] init 9.81', 0, 2);
        expect(actions?.[0]).toEqual({
            title: 'Write the inferred dimension of g: <m/s^2>',
            kind: 'quickfix',
            isPreferred: true,
            edit: { changes: { [uri]: [{ range: { start: afterG, end: afterG }, newText: '<m/s^2>' }] } }
        });
        expect(actions?.[1]).toMatchObject({ title: 'Write all 2 inferred dimensions in this file' });
    });

    test('the outline lists the model with its typed values, the data set with its columns, and the training', async () => {
        const symbols = await server.request(DocumentSymbolRequest.type, { textDocument });
        const outline = (symbols ?? []).map((symbol) => ({
            name: symbol.name,
            detail: 'detail' in symbol ? symbol.detail : undefined,
            children: 'children' in symbol ? (symbol.children ?? []).map((child) => `${child.name} ${child.detail ?? ''}`) : []
        }));
        expect(outline).toEqual([
            { name: 'Fall', detail: 'model', children: ['t []<s>', 'v0 []<m/s>', 'g []<m/s^2>', 'speed []<m/s>', 'height []<m>'] },
            { name: 'drops', detail: 'data', children: ['t []<s>', 'v0 []<m/s>', 'h []<m>'] },
            { name: 'train Fall on drops', detail: '', children: [] }
        ]);
    });

    test('go to definition jumps from the training to the model; references find every use of a param', async () => {
        const definition = await server.request(DefinitionRequest.type, { textDocument, position: positionOf('Fall on') });
        expect(definition).toEqual([{
            targetUri: uri,
            targetRange: { start: positionOf('model Fall'), end: positionOf('}\n\ndata', 0, 1) },
            targetSelectionRange: at(positionOf('Fall'), 4),
            originSelectionRange: at(positionOf('Fall on'), 4)
        }]);
        const references = await server.request(ReferencesRequest.type, { textDocument, position: positionOf('g  :'), context: { includeDeclaration: true } });
        expect(references).toEqual([
            { uri, range: at(positionOf('g  :'), 1) },
            { uri, range: at(positionOf('g * t'), 1) },
            { uri, range: at(positionOf('g * t', 1), 1) }
        ]);
    });

    test('rename changes a model output and its use in the training; built-in units cannot be renamed', async () => {
        const edit = await server.request(RenameRequest.type, { textDocument, position: positionOf('height :'), newName: 'altitude' });
        expect(edit).toEqual({ changes: { [uri]: [
            { range: at(positionOf('height :'), 6), newText: 'altitude' },
            { range: at(positionOf('height, h'), 6), newText: 'altitude' }
        ] } });
        expect(await server.request(PrepareRenameRequest.type, { textDocument, position: positionOf('<m/s>', 0, 1) })).toBeNull();
        expect(await server.request(PrepareRenameRequest.type, { textDocument, position: positionOf('speed') })).toEqual(at(positionOf('speed'), 5));
    });

    test('go to definition on a built-in unit opens the built-in document, which the server serves read-only', async () => {
        const definition = await server.request(DefinitionRequest.type, { textDocument, position: positionOf('<s>', 0, 1) });
        const target = Array.isArray(definition) ? definition[0] : undefined;
        expect(target && 'targetUri' in target ? target.targetUri : undefined).toBe('phg-builtin:/units.phg');
        const content = await server.request(TextDocumentContentRequest.type, { uri: 'phg-builtin:/units.phg' });
        const targetLine = target && 'targetRange' in target ? target.targetRange.start.line : -1;
        expect(content.text.split('\n')[targetLine]).toBe('unit s : Time');
    });

    test('navigation and rename work for units, dimensions and data sets declared in a file (digits.phg)', async () => {
        const digits = readFileSync(new URL('../../fixtures/lsp/digits.phg', import.meta.url), 'utf8');
        const digitsUri = 'file:///workspace/digits.phg';
        const where = (needle: string, occurrence = 0, offset = 0): Position => positionOf(needle, occurrence, offset, digits);
        const opened = server.nextDiagnostics(digitsUri);
        await server.open(digitsUri, digits);
        expect(await opened).toEqual([]);
        const document = { uri: digitsUri };

        const unit = await server.request(DefinitionRequest.type, { textDocument: document, position: where('<px>', 1, 1) });
        expect(unit).toEqual([{ targetUri: digitsUri, targetRange: at(where('unit px'), 19), targetSelectionRange: at(where('px :'), 2), originSelectionRange: at(where('<px>', 1, 1), 2) }]);
        const dimension = await server.request(DefinitionRequest.type, { textDocument: document, position: where('Intensity', 1) });
        expect(dimension).toMatchObject([{ targetUri: digitsUri, targetSelectionRange: at(where('Intensity'), 9) }]);
        const units = await server.request(ReferencesRequest.type, { textDocument: document, position: where('px :'), context: { includeDeclaration: false } });
        expect(units).toEqual([{ uri: digitsUri, range: at(where('<px>', 0, 1), 2) }, { uri: digitsUri, range: at(where('<px>', 1, 1), 2) }]);

        const renamed = await server.request(RenameRequest.type, { textDocument: document, position: where('train_set'), newName: 'digits_train' });
        expect(renamed).toEqual({ changes: { [digitsUri]: [
            { range: at(where('train_set'), 9), newText: 'digits_train' },
            { range: at(where('train_set', 1), 9), newText: 'digits_train' },
            { range: at(where('train_set', 2), 9), newText: 'digits_train' }
        ] } });
    });

    test('semantic tokens colour names by what they name: a param, inputs, a built-in unit', async () => {
        const legend = server.capabilities.semanticTokensProvider?.legend;
        const tokens = await server.request(SemanticTokensRequest.type, { textDocument });
        // Decode LSP's relative encoding: [deltaLine, deltaStart, length, type, modifier bits] per token.
        const decoded: string[] = [];
        let line = 0;
        let character = 0;
        const data = tokens?.data ?? [];
        for (let i = 0; i + 4 < data.length; i += 5) {
            const [deltaLine, deltaStart, length, type, bits] = data.slice(i, i + 5) as [number, number, number, number, number];
            line += deltaLine;
            character = deltaLine === 0 ? character + deltaStart : deltaStart;
            const modifiers = (legend?.tokenModifiers ?? []).filter((_, bit) => (bits & (1 << bit)) !== 0);
            decoded.push(`${line}:${text.split('\n')[line]?.slice(character, character + length)} ${legend?.tokenTypes[type]}${modifiers.map((m) => `.${m}`).join('')}`);
        }
        const speedLine = positionOf('speed =').line;
        expect(decoded.filter((token) => token.startsWith(`${speedLine}:`))).toEqual([
            `${speedLine}:speed variable.declaration`,
            `${speedLine}:v0 variable.readonly`,
            `${speedLine}:g parameter`,
            `${speedLine}:t variable.readonly`
        ]);
        const unitLine = positionOf('input  v0').line;
        expect(decoded.filter((token) => token.startsWith(`${unitLine}:`))).toEqual([
            `${unitLine}:v0 variable.declaration.readonly`,
            `${unitLine}:m type.defaultLibrary`,
            `${unitLine}:s type.defaultLibrary`
        ]);
    });

    test('formatting re-indents and leaves a formatted document unchanged', async () => {
        expect(await server.request(DocumentFormattingRequest.type, { textDocument, options: { tabSize: 2, insertSpaces: true } })).toEqual([]);
    });
});
