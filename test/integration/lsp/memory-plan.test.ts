// The memory plan in the editor, asked of the BUILT server over stdio: the code lenses on the model
// and on its train block, `phg/memoryPlan` (the same numbers `phg plan --json` prints and the engine
// measured for this model: bench/results/train.md, posit16 quire), and a budget that the plan
// exceeds, with the quick fix that switches the gradient mode. The document is examples/digits.phg.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CodeActionRequest, CodeLensRequest, HoverRequest, RequestType, type CodeLens, type Position } from 'vscode-languageserver-protocol/node';
import type { MemoryPlanParams, MemoryPlanResult } from '../../../server/protocol.js';

/** `phg/memoryPlan` as a client sees it: the protocol's types, imported type-only, as the extension does. */
const MemoryPlanRequest = new RequestType<MemoryPlanParams, MemoryPlanResult, void>('phg/memoryPlan');
import { LspServerProcess } from '../support/lsp-server-process.js';

const file = fileURLToPath(new URL('../../../examples/digits.phg', import.meta.url));
const text = readFileSync(file, 'utf8');
const uri = 'file:///workspace/digits.phg';

function positionOf(needle: string, source = text): Position {
    const index = source.indexOf(needle);
    if (index < 0) throw new Error(`'${needle}' is not in digits.phg`);
    const before = source.slice(0, index);
    return { line: before.split('\n').length - 1, character: before.length - before.lastIndexOf('\n') - 1 };
}

/** The lenses of the memory plan and of training, in document order. */
function planLenses(lenses: CodeLens[] | null): CodeLens[] {
    return (lenses ?? []).filter((lens) => lens.command?.command === 'phg.showMemoryPlan' || lens.command?.command === 'phg.trainModel');
}

describe('the memory plan over stdio', () => {
    let server: LspServerProcess;

    beforeAll(async () => {
        server = await LspServerProcess.start();
        const opened = server.nextDiagnostics(uri);
        await server.open(uri, text);
        expect(await opened).toEqual([]);
    });

    afterAll(async () => {
        expect(await server.stop()).toEqual({ code: 0, signal: null });
    });

    test('code lenses: the model\'s plan in both gradient modes, the train block\'s plan against its budget, and ▶ Train', async () => {
        // Other lenses (certificates) may sit beside these: only the plan's and ▶ Train are asserted.
        const lenses = planLenses(await server.request(CodeLensRequest.type, { textDocument: { uri } }));
        const model = positionOf('model Mlp');
        const train = positionOf('train Mlp');
        const at = (start: Position) => ({ start, end: { line: start.line, character: start.character + 1 } });
        expect(lenses).toEqual([
            { range: at(model), command: { title: 'inference 29.6 KiB · training 34.3 KiB (1.16×, forward) · backprop 44.3 KiB (1.50×)', command: 'phg.showMemoryPlan', arguments: [uri] } },
            { range: at(train), command: { title: 'backprop 44.3 KiB of 4.0 MiB · 1.50× of 2 (posit<16>, batch 32)', command: 'phg.showMemoryPlan', arguments: [uri] } },
            { range: at(train), command: { title: '▶ Train', command: 'phg.trainModel', arguments: [{ uri, model: 'Mlp' }] } }
        ]);
    });

    test('phg/memoryPlan returns the plan the engine measures, and the same entry phg plan --json prints', async () => {
        const plan = await server.request(MemoryPlanRequest, { uri });
        expect(plan.uri).toBe(uri);
        expect(plan.unplanned).toEqual([]);
        expect(plan.models).toHaveLength(1);
        const { context, ...entry } = plan.models[0]!;
        // Measured by the tracked allocator (bench/results/train.md: posit<16>, quire, batch 32).
        expect(entry).toMatchObject({ model: 'Mlp', batch: 32, format: 'posit<16>', inference: { peak: 30326 }, backprop: { peak: 45388 }, forward: { tangents: 1, peak: 35154 } });
        expect(entry.backprop?.byClass).toEqual({ param: 4822, state: 4820, activation: 130, tape: 6144, tangent: 0, gradient: 4096, quire: 25376 });
        const cli = JSON.parse(execFileSync(process.execPath, [fileURLToPath(new URL('../../../dist/cli.cjs', import.meta.url)), 'plan', file, '--json'], { encoding: 'utf8' })) as { models: unknown[] };
        expect(cli.models).toEqual([entry]);
        expect(context).toMatchObject({ title: 'train Mlp on train_set', gradient: { mode: 'backprop', tangents: 1 }, budget: { memoryBytes: 4 * 1024 * 1024, ratio: 2 } });
        expect(context.values.find((value) => value.node === 'h')).toEqual({ node: 'h', bytes: 2048, inference: 'activation', backprop: 'tape', forward: { primal: 'activation', tangent: true } });
    });

    test('hover on a value adds its range in the training\'s format, the worst rounding error, the best format and its memory', async () => {
        const hover = await server.request(HoverRequest.type, { textDocument: { uri }, position: positionOf('xs = x') });
        const text = hover !== null && typeof hover.contents === 'object' && 'value' in hover.contents ? hover.contents.value : '';
        // xs = x / 16<px> with x in [0, 16] px; just below 1 posit16 keeps 11 fraction bits (gaps of 2^-12).
        expect(text.split('\n\n').slice(2)).toEqual([
            'Range `[0, 1]` in `posit<16>` (train Mlp on train_set).',
            'Worst-case rounding error 2^-13.0 (1.2e-4) of the range\'s largest magnitude (relative error is unbounded near 0).',
            'Best candidate format: `posit<16>`, the one in use (smallest worst-case error at 16 bits or fewer).',
            'Memory: 4.0 KiB at batch 32 — inference `activation` · backprop `tape` · forward `activation`.'
        ]);
        const budget = await server.request(HoverRequest.type, { textDocument: { uri }, position: positionOf('4<MiB>') });
        expect(budget?.contents).toEqual({ kind: 'markdown', value: '```phg\n4<MiB> : []<B>\n```\n\n= 4194304 B in coherent base units.' });
    });

    test('a budget the plan exceeds is PHG4101, and its quick fix trains with forward(1)', async () => {
        const budget = positionOf('4<MiB>');
        const over = server.nextDiagnostics(uri, (diagnostics) => diagnostics.some((d) => d.code === 'PHG4101'));
        await server.replaceText(uri, text.replace('budget memory 4<MiB>', 'budget memory 40<KiB>'), 2);
        const diagnostics = await over;
        const diagnostic = diagnostics.find((d) => d.code === 'PHG4101')!;
        expect(diagnostic.range.start).toEqual(budget);
        expect(diagnostic.message).toContain('training needs 44.3 KiB (backprop at batch 32, posit<16>), over the memory budget of 40.0 KiB');
        expect(diagnostic.message).toContain('forward(1) would need 34.3 KiB');
        const actions = await server.request(CodeActionRequest.type, { textDocument: { uri }, range: diagnostic.range, context: { diagnostics: [diagnostic] } });
        const forward = actions?.find((action) => 'title' in action && action.title.startsWith('Train with forward(1)'));
        const gradient = positionOf('backprop                // or');
        expect(forward).toMatchObject({
            kind: 'quickfix',
            isPreferred: true,
            edit: { changes: { [uri]: [{ range: { start: gradient, end: { line: gradient.line, character: gradient.character + 'backprop'.length } }, newText: 'forward(tangents: 1)' }] } }
        });
        const lenses = planLenses(await server.request(CodeLensRequest.type, { textDocument: { uri } }));
        expect(lenses[1]?.command?.title).toBe('backprop 44.3 KiB of 40.0 KiB ⚠ over budget · 1.50× of 2 (posit<16>, batch 32)');
    });
});
