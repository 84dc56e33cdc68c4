// PHG4103's quick fix writes `batch B/N` and `accumulate_steps N` into the block; the fixed block
// keeps B rows per update and checks within its budget (no PHG4101, no PHG4103).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeRepresentation, type SourceEdit } from '../../../language/index.js';
import { parseFixture } from './fixture-expectations.js';
import { checkSource, phgServices } from './phg-test-services.js';

const fixture = join(import.meta.dirname, '../../fixtures/validation/memory/accumulation-would-fit.phg');

function applyEdits(text: string, edits: readonly SourceEdit[], offsetAt: (line: number, character: number) => number): string {
    const sorted = [...edits].sort((a, b) => offsetAt(b.range.start.line, b.range.start.character) - offsetAt(a.range.start.line, a.range.start.character));
    let result = text;
    for (const edit of sorted) result = result.slice(0, offsetAt(edit.range.start.line, edit.range.start.character)) + edit.newText + result.slice(offsetAt(edit.range.end.line, edit.range.end.character));
    return result;
}

describe('PHG4103 quick fix', () => {
    it('writes batch 256 and accumulate_steps 2, and the block then fits its budget', async () => {
        const source = parseFixture(readFileSync(fixture, 'utf8')).source;
        const checked = await checkSource(source);
        const representation = analyzeRepresentation(checked.document, phgServices());
        const suggestion = representation.diagnostics.find((d) => d.code === 'PHG4103');
        expect(suggestion?.fixes).toHaveLength(1);
        const fix = suggestion!.fixes[0]!;
        expect(fix.title).toBe('Accumulate 2 micro-batches of 256 (767.0 KiB)');
        const fixed = applyEdits(source, fix.edits, (line, character) => checked.document.textDocument.offsetAt({ line, character }));
        expect(fixed).toMatch(/batch 256/);
        expect(fixed).toMatch(/accumulate_steps 2/);
        const after = await checkSource(fixed);
        expect(after.diagnostics.filter((d) => d.severity === 1 || d.severity === 2).map((d) => String(d.code))).toEqual([]);
    });
});
