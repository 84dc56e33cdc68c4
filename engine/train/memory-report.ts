// The allocator's measurements in the shape `phg train --json` reports (cli/train-events.ts):
// peak and live bytes without the data set, the breakdown by class at the moment of the peak, and
// the process RSS beside it, labelled as what it is.
import type { TrackedAllocator } from '../memory/allocator.js';
import type { LifetimeClass } from '../ir/types.js';

/** Measured memory: peak, live, bytes by class at the peak (data: loaded now), process RSS. */
export interface MemoryReport {
    readonly peak: number;
    readonly live: number;
    readonly byClass: Readonly<Record<LifetimeClass, number>>;
    /** Resident set size of the whole process (includes the JS runtime). */
    readonly rss: number;
}

/** A report of the allocator's current state. */
export function memoryReport(allocator: TrackedAllocator): MemoryReport {
    const snapshot = allocator.snapshot();
    return { peak: snapshot.peak, live: snapshot.live, byClass: snapshot.peakByClass, rss: process.memoryUsage.rss() };
}
