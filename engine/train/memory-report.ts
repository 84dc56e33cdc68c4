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

/**
 * One report for a run whose work is spread over threads (data-parallel workers): bytes of every
 * thread's allocator added up — each thread's peak, so the peak is an upper bound of what was live
 * at once (the workers peak together, mid-step). RSS is the process's, which covers every thread.
 */
export function combinedMemoryReport(main: MemoryReport, others: readonly MemoryReport[]): MemoryReport {
    if (others.length === 0) return main;
    const byClass = { ...main.byClass };
    for (const other of others) for (const key of Object.keys(byClass) as LifetimeClass[]) byClass[key] += other.byClass[key];
    return { peak: others.reduce((sum, o) => sum + o.peak, main.peak), live: others.reduce((sum, o) => sum + o.live, main.live), byClass, rss: main.rss };
}
