// CPU time of the calling thread, for reports on a shared machine: Linux's per-thread scheduler
// statistics (/proc/thread-self/schedstat: nanoseconds on a CPU, nanoseconds waiting for one).
// process.cpuUsage() counts every thread of the process together, which hides how the work of
// data-parallel workers was spread; the wait time says how contended the machine was.
import { readFileSync } from 'node:fs';

/** Nanoseconds this thread ran and waited runnable; undefined where the kernel does not say. */
export interface ThreadTimes {
    readonly cpuNs: number;
    readonly waitNs: number;
}

/** The calling thread's CPU and run-queue wait time so far, or undefined off Linux. */
export function threadTimes(): ThreadTimes | undefined {
    try {
        const fields = readFileSync('/proc/thread-self/schedstat', 'utf8').trim().split(/\s+/);
        const cpuNs = Number(fields[0]);
        const waitNs = Number(fields[1]);
        return Number.isFinite(cpuNs) && Number.isFinite(waitNs) ? { cpuNs, waitNs } : undefined;
    } catch {
        return undefined;
    }
}
