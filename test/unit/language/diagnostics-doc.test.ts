// docs/diagnostics.md is executable: it documents every code the checker can emit, each wrong
// example produces its code, and each right example checks without an error or a warning.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { allDiagnosticCodes } from '../../../language/index.js';
import { checkSource } from './phg-test-services.js';

interface DocumentedCode {
    readonly code: string;
    readonly wrong: readonly string[];
    readonly right: readonly string[];
}

function documentedCodes(markdown: string): DocumentedCode[] {
    const sections = markdown.split(/^### /m).slice(1);
    return sections.map((section) => {
        const code = section.split('\n')[0]?.trim() ?? '';
        const blocks = [...section.matchAll(/```phg (wrong|right)\n([\s\S]*?)```/g)];
        return {
            code,
            wrong: blocks.filter((block) => block[1] === 'wrong').map((block) => block[2] ?? ''),
            right: blocks.filter((block) => block[1] === 'right').map((block) => block[2] ?? '')
        };
    });
}

const documented = documentedCodes(readFileSync(join(import.meta.dirname, '../../../docs/diagnostics.md'), 'utf8'));
/** Codes other rooms emit and document (certificates: docs/certificates.md). */
const elsewhere = /^PHG5/;

describe('docs/diagnostics.md', () => {
    it('documents exactly the codes the language emits', () => {
        expect(documented.map((entry) => entry.code).filter((code) => !elsewhere.test(code))).toEqual([...allDiagnosticCodes]);
    });

    for (const entry of documented) {
        it(`${entry.code}: the wrong example produces it, the right one checks clean`, async () => {
            expect(entry.wrong.length).toBeGreaterThan(0);
            expect(entry.right.length).toBeGreaterThan(0);
            for (const wrong of entry.wrong) {
                const { diagnostics } = await checkSource(wrong);
                expect(diagnostics.map((d) => d.code)).toContain(entry.code);
            }
            for (const right of entry.right) {
                const { diagnostics } = await checkSource(right);
                expect(diagnostics.filter((d) => d.severity === 1 || d.severity === 2).map((d) => `${String(d.code)} ${String(d.message)}`)).toEqual([]);
            }
        });
    }
});

describe('docs/language.md', () => {
    const reference = readFileSync(join(import.meta.dirname, '../../../docs/language.md'), 'utf8');

    it('lists every built-in function', async () => {
        const { builtinFunctions } = await import('../../../language/index.js');
        const missing = [...builtinFunctions.keys()].filter((name) => !new RegExp(`\\b${name}\\b`).test(reference));
        expect(missing).toEqual([]);
    });

    it('has examples that check clean (every block that starts with `module` or `model`)', async () => {
        const blocks = [...reference.matchAll(/```phg\n([\s\S]*?)```/g)].map((match) => match[1] ?? '').filter((block) => /^(module|model)\b/m.test(block) && !/^data /m.test(block.split('\n')[0] ?? ''));
        expect(blocks.length).toBeGreaterThan(0);
        for (const block of blocks) {
            const { diagnostics } = await checkSource(block);
            expect(diagnostics.filter((d) => d.severity === 1).map((d) => String(d.message))).toEqual([]);
        }
    });
});
