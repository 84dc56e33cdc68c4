// A vector of one repeated format value: the second operand of an elementwise kernel
// (`mulArrays(traces, decay, traces)`), so a decay runs through the format's vectorised loop
// instead of one interface call per element. Tracked as kernel scratch (`quire` class).
import type { TrackedAllocator } from '../memory/allocator.js';
import type { NumberPatternArray } from '../tensor/tensor.js';
import type { SimulationSettings } from './network-spec.js';

/** `length` copies of `pattern`, tracked in the `quire` (scratch) class. */
export function constantVector(allocator: TrackedAllocator, settings: SimulationSettings, length: number, pattern: number, label: string): NumberPatternArray {
    const vector = allocator.patterns(settings.format, length, 'quire', label) as NumberPatternArray;
    vector.fill(pattern);
    return vector;
}
