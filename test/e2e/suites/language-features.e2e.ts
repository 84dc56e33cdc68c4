// What the language server shows a user in VS Code: diagnostics on the example models (exactly
// what each broken example states), live re-checking as they type, hover with dimensions, and
// the code lenses on a model file.
import * as assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import * as vscode from 'vscode';
import type { TrainingRunState } from '../../../client/training/run-state.js';
import { diagnosticMismatches } from '../harness/diagnostic-expectations.js';
import { type SpecGroup, skipSpec } from '../harness/spec.js';
import { waitFor } from '../harness/wait.js';
import { openInEditor, waitForDiagnostics, workspaceFile } from '../harness/workspace.js';

const DIGITS = 'examples/digits.phg';
const VELOCITY = 'examples/broken/adding-velocity-to-time.phg';
const DRAG = 'examples/drag.phg';

/** The position of the first `needle` on the first line that contains `lineNeedle`. */
function positionOf(document: vscode.TextDocument, lineNeedle: string, needle: string): vscode.Position {
    for (let line = 0; line < document.lineCount; line++) {
        const text = document.lineAt(line).text;
        if (text.includes(lineNeedle)) return new vscode.Position(line, text.indexOf(needle, text.indexOf(lineNeedle)));
    }
    throw new Error(`no line with ${lineNeedle} in ${document.uri.path}`);
}

function hoverText(hovers: readonly vscode.Hover[]): string {
    return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))).join('\n---\n');
}

export const languageFeatureSpecs: SpecGroup = {
    name: 'language features in the editor',
    specs: [
        {
            name: 'the velocity example shows exactly the PHG1001 and PHG1006 errors the server computes, with related locations',
            body: async () => {
                const editor = await openInEditor(VELOCITY);
                const diagnostics = await waitForDiagnostics(editor.document.uri, 2);
                const shown = diagnostics.map((d) => ({
                    severity: d.severity, code: d.code, source: d.source, message: d.message,
                    range: [d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character],
                    related: (d.relatedInformation ?? []).map((r) => [r.message, r.location.uri.toString() === editor.document.uri.toString(), r.location.range.start.line])
                }));
                assert.deepEqual(shown, [
                    {
                        severity: vscode.DiagnosticSeverity.Error, code: 'PHG1001', source: 'phg',
                        message: 'cannot add [3]<m> and [3]<m/s>: Time 0 vs -1', range: [6, 16, 6, 17],
                        related: [["'x0' is declared <m> here", true, 5], ["'v' is declared <m/s> here", true, 3]]
                    },
                    {
                        severity: vscode.DiagnosticSeverity.Error, code: 'PHG1006', source: 'phg',
                        message: "'speed' is declared <m/s> but its value has dimension m: Time -1 vs 0", range: [8, 19, 8, 24],
                        related: [['the value has dimension m', true, 8], ["'position' is inferred as m: 'position' is defined here", true, 6]]
                    }
                ]);
            }
        },
        {
            name: 'every broken example shows exactly the diagnostics its caret comments state',
            body: async () => {
                const files = readdirSync(workspaceFile('examples/broken').fsPath).filter((f) => f.endsWith('.phg')).sort();
                assert.ok(files.length >= 3, `broken examples: ${files.join(', ')}`);
                const failures: string[] = [];
                for (const file of files) {
                    const editor = await openInEditor(`examples/broken/${file}`);
                    await waitForDiagnostics(editor.document.uri);
                    // Allow a later (debounced) build to land before calling a difference final.
                    const current = (): string[] => diagnosticMismatches(editor.document.getText(), vscode.languages.getDiagnostics(editor.document.uri));
                    const mismatches = await waitFor(`${file} to match its stated diagnostics`, () => (current().length === 0 ? [] : undefined), 5_000)
                        .catch(() => current());
                    failures.push(...mismatches.map((m) => `${file}: ${m}`));
                }
                assert.deepEqual(failures, []);
            }
        },
        {
            name: 'digits.phg checks clean, shows an error while a line is wrong and clears it when fixed',
            body: async () => {
                const editor = await openInEditor(DIGITS);
                const line = positionOf(editor.document, 'h : [32]', 'relu').line;
                const original = editor.document.lineAt(line).text;
                // A user types `+` where `@` belongs: a shape error on that line.
                assert.ok(original.includes('@ W1'), original);
                await editor.edit((edit) => edit.replace(editor.document.lineAt(line).range, original.replace('@ W1', '+ W1')));
                const broken = await waitForDiagnostics(editor.document.uri, 1);
                assert.ok(broken.some((d) => d.severity === vscode.DiagnosticSeverity.Error && d.range.start.line === line), JSON.stringify(broken.map((d) => `${d.code} ${d.message}`)));
                await editor.edit((edit) => edit.replace(editor.document.lineAt(line).range, original));
                await waitFor('digits.phg to check clean again', () => (vscode.languages.getDiagnostics(editor.document.uri).length === 0 ? true : undefined));
                await editor.document.save();
            }
        },
        {
            name: 'hover on a parameter shows its inferred dimension and its gradient and learning-rate dimensions',
            body: async () => {
                // drag.phg writes no unit on b: the checker infers kg/s from the loss against newtons.
                const editor = await openInEditor(DRAG);
                const position = positionOf(editor.document, 'param b ', 'b ');
                const text = await waitFor('a hover on b', async () => {
                    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, position);
                    return hovers.length > 0 ? hoverText(hovers) : undefined;
                });
                assert.equal(text, '```phg\nparam b : []<kg/s>\n```\n\nDimension `kg/s`, inferred.\n\n' +
                    '`train Drag on flights` (loss `<N^2>`): gradient ∂L/∂b `<W>`, learning rate `<s^2/m^2>`.\n\n' +
                    // The design-time notes the hover gained with the memory planner and the range analysis.
                    'Range unknown in `float32` (train Drag on flights): nothing bounds `b` (declare `range [a, b]`).\n\n' +
                    'Memory: 4 B, `param` for the whole run, plus 2 optimizer state copies in training.');
            }
        },
        {
            name: 'code lenses: ▶ Train on the train block runs PHG: Train Model',
            body: async () => {
                const editor = await openInEditor(DIGITS);
                const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', editor.document.uri, 100);
                if (lenses.length === 0) skipSpec('the language server publishes no code lenses yet');
                const trainLine = positionOf(editor.document, 'train Mlp on', 'train').line;
                const train = lenses.find((l) => l.range.start.line === trainLine && l.command?.command === 'phg.trainModel');
                assert.ok(train?.command, `a Train lens on line ${trainLine + 1}: ${JSON.stringify(lenses.map((l) => [l.range.start.line, l.command?.title, l.command?.command]))}`);
                assert.match(train.command.title, /Train/);
                // Clicking the lens: the command with the lens's own arguments trains this file.
                await vscode.workspace.getConfiguration('phg').update('training.epochs', 1, vscode.ConfigurationTarget.Workspace);
                try {
                    const run = await vscode.commands.executeCommand<TrainingRunState | undefined>(train.command.command, ...(train.command.arguments ?? []));
                    assert.equal(run?.phase, 'finished', `${run?.phase}: ${run?.failure?.message}`);
                    assert.equal(run?.request.file, DIGITS);
                } finally {
                    await vscode.workspace.getConfiguration('phg').update('training.epochs', undefined, vscode.ConfigurationTarget.Workspace);
                }
            }
        }
    ]
};
