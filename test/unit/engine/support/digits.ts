// The small optdigits samples of test/fixtures/train-models/data, loaded for a program.
import { fileURLToPath } from 'node:url';
import { loadCsvDataset, type LoadedDataset } from '../../../../engine/data/csv-dataset.js';
import type { Program } from '../../../../engine/exec/program.js';
import type { TrackedAllocator } from '../../../../engine/memory/allocator.js';

/** The fixture folder of the training tests. */
export const trainFixtures = fileURLToPath(new URL('../../../fixtures/train-models/', import.meta.url));

/** Loads `digits-train-300.csv` or `digits-test-100.csv` into the formats of `program`'s x and label. */
export function loadDigits(program: Program, allocator: TrackedAllocator, which: 'train-300' | 'test-100'): LoadedDataset {
    const x = program.nodes.get('x')!;
    const loaded = loadCsvDataset(
        { name: which, file: `${trainFixtures}data/digits-${which}.csv`, columns: [{ name: 'x', kind: 'values', first: 0, count: 64 }, { name: 'label', kind: 'class', column: 64, classes: 10 }] },
        (column) => (column === 'x' ? program.formatOf(x) : undefined),
        allocator
    );
    if (!loaded.ok) throw new Error(loaded.error.message);
    return loaded.value;
}
