// Held-out canary rows for a served model: the first rows of the train block's `validate on` set,
// read as float64 for exactly the model's inputs.
import type { ModelInterface } from '../../engine/attest/model-structure.js';
import { loadCsvDataset, releaseDataset, type DataSpec } from '../../engine/data/csv-dataset.js';
import { TrackedAllocator } from '../../engine/memory/allocator.js';
import { parseFormat } from '../../engine/numeric/index.js';
import type { CanaryInput } from '../../engine/serve/canary.js';

/** Up to `count` rows of the validation set; a message when it cannot be read. */
export function heldOutCanaryRows(spec: DataSpec, modelInterface: ModelInterface, count: number): { readonly rows: readonly CanaryInput[]; readonly problem?: string } {
    const float64 = parseFormat('float64');
    if (!float64 || count === 0) return { rows: [] };
    const wanted = new Set(modelInterface.inputs.map((input) => input.name));
    const allocator = new TrackedAllocator();
    const loaded = loadCsvDataset(spec, (column) => (wanted.has(column) ? float64 : undefined), allocator);
    if (!loaded.ok) return { rows: [], problem: loaded.error.message };
    const dataset = loaded.value;
    const rows: CanaryInput[] = [];
    for (let row = 0; row < Math.min(count, dataset.rows); row++) {
        const input = new Map<string, Float64Array>();
        for (const name of wanted) {
            const column = dataset.columns.get(name);
            if (column?.kind !== 'values') return { rows: [], problem: `the validation set has no values column ${name}` };
            input.set(name, Float64Array.from(column.data.subarray(row * column.width, (row + 1) * column.width)));
        }
        rows.push(input);
    }
    releaseDataset(dataset, allocator);
    return { rows };
}
