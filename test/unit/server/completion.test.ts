// Completion where a constructor is named: after `init` the initializers, after `optimizer` the
// optimizers, inside their parentheses their argument names — never the model's values or functions.
import { describe, expect, it } from 'vitest';
import { EmptyFileSystem, URI } from 'langium';
import type { Position } from 'vscode-languageserver';
import { createPhgLspServices } from '../../../server/phg-lsp-module.js';

const { shared, Phg } = createPhgLspServices({ ...EmptyFileSystem, connection: undefined as never });
let counter = 0;

/** Completion labels at the `|` of a source. */
async function labelsAt(marked: string): Promise<string[]> {
    const offset = marked.indexOf('|');
    const text = marked.replace('|', '');
    const before = text.slice(0, offset).split('\n');
    const position: Position = { line: before.length - 1, character: before[before.length - 1]!.length };
    const document = shared.workspace.LangiumDocumentFactory.fromString(text, URI.parse(`memory:///completion-${++counter}.phg`));
    shared.workspace.LangiumDocuments.addDocument(document);
    await shared.workspace.DocumentBuilder.build([document], { validation: true });
    const list = await Phg.lsp.CompletionProvider!.getCompletion(document, { textDocument: { uri: document.uri.toString() }, position });
    return (list?.items ?? []).map((item) => item.label);
}

const model = 'model M {\n  input x : [3]\n  param W : [3] init he\n  output y = x * W\n}\ndata d = csv("d.csv") { x : [3] = columns 0..2  t : [3] = columns 3..5 }\n';

describe('completion of initializers and optimizers', () => {
    it('after `init`: every initializer', async () => {
        expect(await labelsAt('model M {\n  input x : [3]\n  param W : [3] init |\n  output y = x * W\n}\n')).toEqual(['he', 'glorot', 'zeros', 'ones', 'identity', 'normal', 'uniform']);
    });

    it('inside `normal(`: its argument names', async () => {
        expect(await labelsAt('model M {\n  input x : [3]\n  param W : [3] init normal(|\n  output y = x * W\n}\n')).toEqual(['mean', 'std']);
    });

    it('after `optimizer`: the optimizers', async () => {
        expect(await labelsAt(`${model}train M on d {\n  loss mse(y, t)\n  optimizer |\n}\n`)).toEqual(['sgd', 'adam']);
    });

    it('inside `adam(…, `: its argument names, not the model\'s values', async () => {
        expect(await labelsAt(`${model}train M on d {\n  loss mse(y, t)\n  optimizer adam(lr: 0.1, |\n}\n`)).toEqual(['lr', 'beta1', 'beta2', 'eps', 'weight_decay']);
    });

    it('in a model expression: still the built-in functions and the values', async () => {
        const labels = await labelsAt('model M {\n  input x : [3]\n  param W : [3] init he\n  output y = x * |\n}\n');
        expect(labels).toEqual(expect.arrayContaining(['relu', 'x', 'W']));
        expect(labels).not.toContain('sgd');
    });
});
