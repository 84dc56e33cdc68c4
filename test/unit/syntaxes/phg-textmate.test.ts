// The TextMate grammar highlights what test/fixtures/syntaxes/highlighting.phg says it does.
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { tokenize, type TextMateGrammar, type Token } from './textmate-tokenizer.js';

const grammar = JSON.parse(readFileSync(new URL('../../../syntaxes/phg.tmLanguage.json', import.meta.url), 'utf8')) as TextMateGrammar;
const fixture = readFileSync(new URL('../../fixtures/syntaxes/highlighting.phg', import.meta.url), 'utf8');

interface ScopeExpectation {
    readonly line: number;
    readonly source: string;
    readonly columns: readonly number[];
    readonly present: readonly string[];
    readonly absent: readonly string[];
}

/** Reads `// ^^^ scope - absent.scope` and `// <--- scope` lines that follow a source line. */
function expectationsOf(text: string): ScopeExpectation[] {
    const lines = text.split('\n');
    const expectations: ScopeExpectation[] = [];
    let sourceLine = -1;
    lines.forEach((line, index) => {
        const caret = /^(\s*\/\/\s*)(\^+)\s+(.*)$/.exec(line);
        const arrow = /^\s*\/\/ (<-+)\s+(.*)$/.exec(line);
        if (!caret && !arrow) {
            sourceLine = index;
            return;
        }
        const [from, count, spec] = caret
            ? [caret[1]!.length, caret[2]!.length, caret[3]!]
            : [0, arrow![1]!.length - 1, arrow![2]!];
        const [present, absent = ''] = spec.split(' - ');
        expectations.push({
            line: sourceLine,
            source: lines[sourceLine] ?? '',
            columns: Array.from({ length: count }, (_, i) => from + i),
            present: present!.trim().split(/\s+/),
            absent: absent.trim() === '' ? [] : absent.trim().split(/\s+/)
        });
    });
    return expectations;
}

function scopesAt(tokens: readonly Token[], column: number): readonly string[] {
    let start = 0;
    for (const token of tokens) {
        if (column < start + token.text.length) return token.scopes;
        start += token.text.length;
    }
    return [];
}

describe('syntaxes/phg.tmLanguage.json', () => {
    const tokens = tokenize(grammar, fixture);

    test('is a source.phg grammar whose rules all compile as regular expressions', () => {
        expect(grammar.scopeName).toBe('source.phg');
        const sources = JSON.stringify(grammar).match(/"(?:match|begin|end)":"(?:[^"\\]|\\.)*"/g) ?? [];
        expect(sources.length).toBeGreaterThan(20);
        for (const source of sources) {
            const pattern = JSON.parse(`{${source}}`) as Record<string, string>;
            expect(() => new RegExp(Object.values(pattern)[0]!)).not.toThrow();
        }
    });

    const expectations = expectationsOf(fixture);
    test('the fixture has expectations', () => {
        expect(expectations.length).toBeGreaterThan(50);
    });

    test.each(expectations.map((e) => [`${e.line + 1}: ${e.source.trim()} @${e.columns[0]}: ${e.present.join(' ')}${e.absent.length ? ' - ' + e.absent.join(' ') : ''}`, e] as const))('%s', (_, expectation) => {
        for (const column of expectation.columns) {
            const scopes = scopesAt(tokens[expectation.line] ?? [], column);
            for (const scope of expectation.present) expect(scopes, `column ${column}`).toContain(scope);
            for (const scope of expectation.absent) expect(scopes, `column ${column}`).not.toContain(scope);
        }
    });
});
