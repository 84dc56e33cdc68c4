// The tracked allocator: every buffer the engine holds for a model — parameters, optimizer state,
// activations, tape, tangents, gradients, kernel scratch, quires and the loaded data — is created
// here with its lifetime class and released here, so live bytes and the peak are measured, not
// estimated. A buffer costs exactly its typed array's byteLength (a quire: its width in bytes);
// JS object headers are not counted (docs/memory.md says so). `data` is reported but left out of
// `live` and `peak`: it is the same for training and inference.
import type { NumericFormat, PatternArray } from '../numeric/format.js';
import type { LifetimeClass } from '../ir/types.js';

/** Bytes per lifetime class. */
export type BytesByClass = Record<LifetimeClass, number>;

/** A point-in-time view of the allocator. */
export interface MemorySnapshot {
    /** Highest `live` since the last `resetPeak`. */
    readonly peak: number;
    /** Live bytes now, `data` excluded. */
    readonly live: number;
    /** Live bytes per class at the moment of the peak (`data`: live now). */
    readonly peakByClass: BytesByClass;
    /** Live bytes per class now. */
    readonly liveByClass: BytesByClass;
}

/** Every lifetime class, in report order. */
export const lifetimeClasses: readonly LifetimeClass[] = ['param', 'state', 'activation', 'tape', 'tangent', 'gradient', 'quire', 'data'];

/** An object whose bytes the allocator tracks (typed arrays, or a quire's stand-in). */
export type TrackedBuffer = ArrayBufferView | object;

interface Record_ {
    readonly memoryClass: LifetimeClass;
    readonly bytes: number;
    readonly label: string;
}

/** Allocates buffers by lifetime class and measures live bytes and their peak. */
export class TrackedAllocator {
    private readonly records = new Map<TrackedBuffer, Record_>();
    private readonly liveByClass: BytesByClass = zeroByClass();
    private peakByClass: BytesByClass = zeroByClass();
    private liveTotal = 0;
    private peakTotal = 0;

    /** A zero-filled pattern array of `length` values of `format`. */
    patterns(format: NumericFormat, length: number, memoryClass: LifetimeClass, label: string): PatternArray {
        const array = format.allocate(length);
        this.track(array, array.byteLength, memoryClass, label);
        return array;
    }

    /** A zero-filled Float64Array (kernel scratch, float64 accumulators). */
    float64(length: number, memoryClass: LifetimeClass, label: string): Float64Array {
        const array = new Float64Array(length);
        this.track(array, array.byteLength, memoryClass, label);
        return array;
    }

    /** A zero-filled Int32Array (class labels, indices). */
    int32(length: number, memoryClass: LifetimeClass, label: string): Int32Array {
        const array = new Int32Array(length);
        this.track(array, array.byteLength, memoryClass, label);
        return array;
    }

    /** A raw buffer of `bytes` bytes (an arena that kernels view as several typed arrays). */
    arena(bytes: number, memoryClass: LifetimeClass, label: string): ArrayBuffer {
        const buffer = new ArrayBuffer(bytes);
        this.track(buffer, bytes, memoryClass, label);
        return buffer;
    }

    /** Tracks an object allocated elsewhere (a quire) at a stated size. */
    track(buffer: TrackedBuffer, bytes: number, memoryClass: LifetimeClass, label: string): void {
        if (this.records.has(buffer)) throw new Error(`allocator: ${label} is already tracked`);
        this.records.set(buffer, { memoryClass, bytes, label });
        this.liveByClass[memoryClass] += bytes;
        if (memoryClass === 'data') return;
        this.liveTotal += bytes;
        if (this.liveTotal > this.peakTotal) {
            this.peakTotal = this.liveTotal;
            this.peakByClass = { ...this.liveByClass };
        }
    }

    /** Releases a tracked buffer. Releasing twice is a bug in the engine. */
    free(buffer: TrackedBuffer): void {
        const record = this.records.get(buffer);
        if (record === undefined) throw new Error('allocator: freeing an untracked buffer');
        this.records.delete(buffer);
        this.liveByClass[record.memoryClass] -= record.bytes;
        if (record.memoryClass !== 'data') this.liveTotal -= record.bytes;
    }

    /** Moves a live buffer to another class (an activation kept on the tape). */
    reclassify(buffer: TrackedBuffer, memoryClass: LifetimeClass): void {
        const record = this.records.get(buffer);
        if (record === undefined) throw new Error('allocator: reclassifying an untracked buffer');
        if (record.memoryClass === memoryClass) return;
        if (record.memoryClass === 'data' || memoryClass === 'data') throw new Error('allocator: data buffers cannot change class');
        this.records.set(buffer, { ...record, memoryClass });
        this.liveByClass[record.memoryClass] -= record.bytes;
        this.liveByClass[memoryClass] += record.bytes;
    }

    /** Whether a buffer is currently tracked. */
    isLive(buffer: TrackedBuffer): boolean {
        return this.records.has(buffer);
    }

    /** Starts a new peak window at the current live bytes. */
    resetPeak(): void {
        this.peakTotal = this.liveTotal;
        this.peakByClass = { ...this.liveByClass };
    }

    /** The current live bytes, peak and their breakdowns. */
    snapshot(): MemorySnapshot {
        const peakByClass = { ...this.peakByClass, data: this.liveByClass.data };
        return { peak: this.peakTotal, live: this.liveTotal, peakByClass, liveByClass: { ...this.liveByClass } };
    }

    /** Labels and sizes of live buffers, largest first (for diagnostics and tests). */
    liveBuffers(): { label: string; memoryClass: LifetimeClass; bytes: number }[] {
        return [...this.records.values()].map((r) => ({ label: r.label, memoryClass: r.memoryClass, bytes: r.bytes })).sort((a, b) => b.bytes - a.bytes);
    }
}

/** All classes at zero bytes. */
export function zeroByClass(): BytesByClass {
    return { param: 0, state: 0, activation: 0, tape: 0, tangent: 0, gradient: 0, quire: 0, data: 0 };
}
