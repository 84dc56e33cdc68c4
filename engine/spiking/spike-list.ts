// The spikes of one population in one time step, as a list of neuron indices in increasing order.
// Spikes are sparse (a few of hundreds of neurons per step), so every consumer walks the list
// instead of scanning a dense 0/1 vector.
import type { TrackedAllocator } from '../memory/allocator.js';

/** Indices of the neurons that spiked in a step. */
export class SpikeList {
    /** Spiking neurons, `indices[0..count)`, increasing. */
    readonly indices: Int32Array;
    count = 0;

    private constructor(indices: Int32Array) {
        this.indices = indices;
    }

    /** A list for a population of `size` neurons, tracked as an activation. */
    static allocate(allocator: TrackedAllocator, size: number, label: string): SpikeList {
        return new SpikeList(allocator.int32(size, 'activation', label));
    }

    /** Empties the list. */
    clear(): void {
        this.count = 0;
    }

    /** Appends neuron `index` (callers append in increasing order). */
    push(index: number): void {
        this.indices[this.count++] = index;
    }

    /** Copies another list of the same population. */
    copyFrom(other: SpikeList): void {
        this.indices.set(other.indices.subarray(0, other.count));
        this.count = other.count;
    }

    /** Releases the list's buffer. */
    release(allocator: TrackedAllocator): void {
        allocator.free(this.indices);
    }
}
