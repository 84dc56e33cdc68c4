// Every input that once crashed the analysis is kept under test/fixtures/robustness/ (each file
// says which fuzz seed found it and what went wrong). Each must come back as diagnostics: no
// exception, nothing logged to console.error (Langium logs a validator that throws); and the
// completion parser, which the editor runs on the text before the cursor, must read it too.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AstNode, Reference } from 'langium';
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

    // Too large for a fixture (the fuzz tests mutate every fixture): the parser recovered from each
    // error in a model's statements one stack level deeper than the last, and this one typo puts
    // every following line in error.
    it('a typo that puts 3,000 following lines in error is reported, not a stack overflow', async () => {
        const lines = ['model Chain {', '  input x : [8]<m>', '  param k : [] init 1.0', '  v0 = k * x', '  v1 = v relu(( @ <m/ 0 + x * k'];
        for (let i = 2; i <= 3000; i++) lines.push(`  v${i} = v${i - 1} + x * k`);
        const text = [...lines, '  output y = v3000', '}'].join('\n');
        const { diagnostics } = await checkSource(text);
        expect(errors).toEqual([]);
        expect(diagnostics.map((d) => d.message)).toContain("expected '=' after 'relu' but found '('");
        const { tokenIndex } = phgServices().parser.CompletionParser.parse(text);
        expect(tokenIndex).toBeGreaterThan(0);
    });

    // A flat chain parses as a left-nested tree as deep as the chain is long; 2,000 terms overflowed
    // the checker, 5,000 the parser itself. Past 512 operators the line is cut, with one error.
    it('a 5,000-term sum is cut with one error, not a stack overflow', async () => {
        const text = ['model Sum {', '  input x : [4]<m>', `  output y = ${Array.from({ length: 5000 }, () => 'x').join(' + ')}`, '}'].join('\n');
        const { diagnostics } = await checkSource(text);
        expect(errors).toEqual([]);
        expect(diagnostics.map((d) => d.message)).toEqual(['more than 512 operators in one statement; PHG stops reading the line here (split the expression into named values)']);
        expect(diagnostics[0]?.range.start).toEqual({ line: 2, character: 13 + 4 * 512 + 2 });
    });

    it('a chain continued over 600 lines is cut too; 600 separate statements are not', async () => {
        const continued = ['model M {', '  input x : [4]<m>', '  output y = x', ...Array.from({ length: 600 }, () => '    + x'), '}'].join('\n');
        expect((await checkSource(continued)).diagnostics.map((d) => d.range.start.line)).toEqual([3 + 512]);
        const separate = ['model M {', '  input x : [4]<m/s>', ...Array.from({ length: 600 }, (_, i) => `  param p${i} : [4] init 0.5 range [-1, 1]`), '  output y = x', '}'].join('\n');
        expect((await checkSource(separate)).diagnostics.filter((d) => d.severity === 1)).toEqual([]);
        expect(errors).toEqual([]);
    });

    // Each unit resolved the unit it is defined by first, recursively: 3,000 forward definitions overflowed.
    it('3,000 units each defined by the next resolve; closed into a cycle, each is reported', async () => {
        const units = Array.from({ length: 2999 }, (_, i) => `unit u${i} = 2<u${i + 1}>`);
        const model = ['model M {', '  input x : [4]<u0>', '  output y : [4]<u2999> = x', '}'];
        const forward = await checkSource(['dimension D', ...units, 'unit u2999 : D', ...model].join('\n'));
        expect(forward.diagnostics.filter((d) => d.severity === 1)).toEqual([]);
        const cycle = await checkSource(['dimension D', ...units, 'unit u2999 = 2<u0>', ...model].join('\n'));
        const cyclic = cycle.diagnostics.filter((d) => d.code === 'PHG1105');
        expect(cyclic).toHaveLength(3000);
        expect(cyclic[0]?.message).toBe("unit 'u0' is defined in terms of itself");
        expect(errors).toEqual([]);
    }, 60_000);

    // LSP fuzz (default seed): completing a cross-reference asks for the scope of a synthetic node
    // whose container chain error recovery had cut loose, so its root was no file.
    it('a scope asked for a node cut loose from any file is empty', () => {
        const detached = { $type: 'NameRef' } as AstNode;
        const synthetic = { $type: 'BladeExpr', $container: detached, $containerProperty: 'left' } as unknown as AstNode;
        const scope = phgServices().references.ScopeProvider.getScope({ container: synthetic, property: 'algebra', reference: { $refText: '' } as Reference });
        expect(scope.getAllElements().toArray()).toEqual([]);
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
