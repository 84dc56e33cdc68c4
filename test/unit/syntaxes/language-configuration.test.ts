// language-configuration.json: what VS Code uses for comments, brackets, words and indentation.
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';

interface LanguageConfiguration {
    comments: { lineComment: string; blockComment: [string, string] };
    brackets: [string, string][];
    autoClosingPairs: { open: string; close: string }[];
    wordPattern: string;
    indentationRules: { increaseIndentPattern: string; decreaseIndentPattern: string };
}

const configuration = JSON.parse(readFileSync(new URL('../../../language-configuration.json', import.meta.url), 'utf8')) as LanguageConfiguration;

describe('language-configuration.json', () => {
    test('uses // and /* */ comments, as the grammar does', () => {
        expect(configuration.comments).toEqual({ lineComment: '//', blockComment: ['/*', '*/'] });
    });

    test('pairs every bracket the language has, including the angle brackets of units', () => {
        expect(configuration.brackets).toEqual([['{', '}'], ['[', ']'], ['(', ')'], ['<', '>']]);
        expect(configuration.autoClosingPairs.map((pair) => pair.open)).toEqual(['{', '[', '(', '<', '"', '/*']);
    });

    test('a word is a name or a number, so double-click selects W1, 9.81 and cross_entropy whole', () => {
        const words = (text: string): string[] => [...text.matchAll(new RegExp(configuration.wordPattern, 'g'))].map((m) => m[0]);
        expect(words('h = relu(x @ W1) * 9.81<m/s^2> + cross_entropy(y, t) - 1.5e-3')).toEqual(['h', 'relu', 'x', 'W1', '9.81', 'm', 's', '2', 'cross_entropy', 'y', 't', '1.5e-3']);
    });

    test('indents after an opening brace and outdents a closing one', () => {
        const increase = new RegExp(configuration.indentationRules.increaseIndentPattern);
        const decrease = new RegExp(configuration.indentationRules.decreaseIndentPattern);
        expect(increase.test('model Mlp {')).toBe(true);
        expect(increase.test('data d = csv("x.csv") {  // columns')).toBe(true);
        expect(increase.test('  rotation warm { canary: 256 }')).toBe(false);
        expect(decrease.test('  }')).toBe(true);
        expect(decrease.test('  h = x')).toBe(false);
    });
});
