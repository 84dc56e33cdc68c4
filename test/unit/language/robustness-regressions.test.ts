// Every input that once crashed the analysis is kept under test/fixtures/robustness/ (each file
// says which fuzz seed found it and what went wrong). Each must come back as diagnostics: no
// exception, nothing logged to console.error (Langium logs a validator that throws); and the
// completion parser, which the editor runs on the text before the cursor, must read it too.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { checkSource, phgServices } from './phg-test-services.js';

const folder = join(import.meta.dirname, '../../fixtures/robustness');
const fixtures = readdirSync(folder).filter((name) => name.endsWith('.phg')).sort();

describe('inputs that once crashed the analysis', () => {
    let errors: unknown[] = [];
    beforeEach(() => {
        errors = [];
        vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => { errors.push(args); });
    });
    afterEach(() => vi.restoreAllMocks());

    it('has fixtures to check', () => {
        expect(fixtures.length).toBeGreaterThan(0);
    });

    // Too large for a fixture (the fuzz tests mutate every fixture): one typo puts every following
    // line in error, and the parser recovered from each error one stack level deeper than the last.
    it('a typo that puts 3,000 following lines in error is reported, not a stack overflow', async () => {
        const lines = ['model Chain {', '  input x : [8]<m>', '  param k : [] init 1.0', '  v0 = k * x', '  v1 = v relu(( @ <m/ 0 + x * k'];
        for (let i = 2; i <= 3000; i++) lines.push(`  v${i} = v${i - 1} + x * k`);
        const text = [...lines, '  output y = v3000', '}'].join('\n');
        const { diagnostics } = await checkSource(text);
        expect(errors).toEqual([]);
        expect(diagnostics[0]?.message).toBe("expected '=' after 'relu' but found '('");
        const { tokenIndex } = phgServices().parser.CompletionParser.parse(text);
        expect(tokenIndex).toBeGreaterThan(0);
    });

    for (const name of fixtures) {
        it(`${name} is analysed without an exception`, async () => {
            const { diagnostics, analysis } = await checkSource(readFileSync(join(folder, name), 'utf8'), `robustness-${name}`);
            expect(errors).toEqual([]);
            // A validator that throws also shows up as an editor diagnostic "An error occurred during …".
            expect(diagnostics.map((d) => typeof d.message === 'string' ? d.message : d.message.value).filter((message) => message.startsWith('An error occurred'))).toEqual([]);
            expect(analysis.diagnostics).toBeDefined();
        });

        it(`${name} is read by the completion parser with the cursor at its end`, () => {
            const text = readFileSync(join(folder, name), 'utf8');
            const { tokens, tokenIndex } = phgServices().parser.CompletionParser.parse(text);
            expect(tokenIndex).toBeLessThanOrEqual(tokens.length);
        });
    }
});
