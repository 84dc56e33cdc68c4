// The formatter re-indents by block and bracket depth and keeps every other character.
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { formatText } from '../../../server/providers/phg-formatter.js';

const read = (name: string): string => readFileSync(new URL(`../../fixtures/lsp/formatting/${name}`, import.meta.url), 'utf8');
const twoSpaces = { tabSize: 2, insertSpaces: true };

function format(text: string, options = twoSpaces): string {
    return TextDocument.applyEdits(TextDocument.create('file:///f.phg', 'phg', 1, text), formatText(text, options));
}

describe('formatText', () => {
    test('turns before.phg into after.phg', () => {
        expect(format(read('before.phg'))).toBe(read('after.phg'));
    });

    test('leaves a formatted file alone (no edits at all)', () => {
        expect(formatText(read('after.phg'), twoSpaces)).toEqual([]);
    });

    test('indents with tabs when the editor asks for tabs', () => {
        expect(format('model M {\n  input x : [4]\n}\n', { tabSize: 4, insertSpaces: false })).toBe('model M {\n\tinput x : [4]\n}\n');
    });

    test('changes only whitespace: the non-blank characters are the same', () => {
        const before = read('before.phg');
        expect(format(before).replace(/\s+/g, '')).toBe(before.replace(/\s+/g, ''));
    });
});
