// Every mistake a user can make in a data file is an error value with a code, the file, the
// 1-based line and column, and a message — one case per file in test/fixtures/train-models/data/bad.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseFormat } from '../../../../engine/numeric/index.js';
import { TrackedAllocator } from '../../../../engine/memory/allocator.js';
import { loadCsvDataset } from '../../../../engine/data/csv-dataset.js';
import { trainFixtures } from '../support/digits.js';

interface Expectation {
    readonly code: string;
    readonly line?: number;
    readonly column?: number;
    readonly message: string;
}

const folder = `${trainFixtures}data/bad/`;
const expectations = JSON.parse(readFileSync(`${folder}expectations.json`, 'utf8')) as Record<string, Expectation>;
const posit16 = parseFormat('posit16')!;

describe('csv data errors', () => {
    for (const [file, expected] of Object.entries(expectations)) {
        it(`${file}: ${expected.code} ${expected.message}`, () => {
            const allocator = new TrackedAllocator();
            const result = loadCsvDataset(
                { name: 'train_set', file: `${folder}${file}`, columns: [{ name: 'x', kind: 'values', first: 0, count: 64, range: [0, 16] }, { name: 'label', kind: 'class', column: 64, classes: 10 }] },
                (column) => (column === 'x' ? posit16 : undefined),
                allocator
            );
            expect(result.ok).toBe(false);
            if (result.ok) return;
            expect(result.error.code).toBe(expected.code);
            expect(result.error.message).toContain(expected.message);
            expect(result.error.location?.file).toBe(`${folder}${file}`);
            if (expected.line !== undefined) expect(result.error.location?.line).toBe(expected.line);
            if (expected.column !== undefined) expect(result.error.location?.column).toBe(expected.column);
            // A failed load releases what it allocated.
            expect(allocator.snapshot().liveByClass.data).toBe(0);
        });
    }

    it('a good file loads every column in its format and tracks it as data', () => {
        const allocator = new TrackedAllocator();
        const result = loadCsvDataset(
            { name: 'train_set', file: `${trainFixtures}data/digits-test-100.csv`, columns: [{ name: 'x', kind: 'values', first: 0, count: 64, range: [0, 16] }, { name: 'label', kind: 'class', column: 64, classes: 10 }] },
            (column) => (column === 'x' ? posit16 : undefined),
            allocator
        );
        expect(result.ok).toBe(true);
        if (!result.ok) return;
        expect(result.value.rows).toBe(100);
        const snapshot = allocator.snapshot();
        expect(snapshot.liveByClass.data).toBe(100 * 64 * 2 + 100 * 4);
        expect(snapshot.peak).toBe(0);
    });
});
