// The planner's stand-in for the engine's tracked allocator: buffers are allocated and freed by
// key, live bytes are summed per class, and the peak is the first moment the total reaches its
// maximum (the allocator's rule, so the breakdown at the peak matches its measurement). Events are
// recorded so that the live set at the peak can be rebuilt once, instead of copied at every rise.
import { zeroBytes, type BufferRole, type BytesByPeakClass, type PeakBuffer, type PeakClass, type PeakMoment } from './plan-types.js';

interface HeldBuffer {
    readonly memoryClass: PeakClass;
    readonly bytes: number;
    readonly role: BufferRole;
    readonly node?: string;
}

type LedgerEvent = { readonly key: string; readonly buffer: HeldBuffer } | { readonly key: string; readonly buffer?: undefined };

/** Live bytes by class, and their peak, over a replayed sequence of allocations. */
export class ByteLedger {
    private readonly live = zeroBytes();
    private readonly held = new Map<string, HeldBuffer>();
    private readonly events: LedgerEvent[] = [];
    private total = 0;
    private peakTotal = 0;
    private peakByClass: BytesByPeakClass = zeroBytes();
    private peakEvent = -1;
    private peakMoment: PeakMoment = { phase: 'floor' };
    private moment: PeakMoment = { phase: 'floor' };

    /** Says which part of the step the following events belong to. */
    at(moment: PeakMoment): void {
        this.moment = moment;
    }

    /** Allocates a buffer under a key; allocating a held key is a bug in the planner. */
    allocate(key: string, memoryClass: PeakClass, bytes: number, role: BufferRole, node?: string): void {
        if (this.held.has(key)) throw new Error(`planner: ${key} is allocated twice`);
        const buffer: HeldBuffer = node !== undefined ? { memoryClass, bytes, role, node } : { memoryClass, bytes, role };
        this.held.set(key, buffer);
        this.events.push({ key, buffer });
        this.live[memoryClass] += bytes;
        this.total += bytes;
        if (this.total > this.peakTotal) {
            this.peakTotal = this.total;
            this.peakByClass = { ...this.live };
            this.peakEvent = this.events.length - 1;
            this.peakMoment = this.moment;
        }
    }

    /** Frees a buffer if it is held (the engine frees a value once, however many operands read it). */
    free(key: string): void {
        const buffer = this.held.get(key);
        if (buffer === undefined) return;
        this.held.delete(key);
        this.events.push({ key });
        this.live[buffer.memoryClass] -= buffer.bytes;
        this.total -= buffer.bytes;
    }

    /** Whether a key is held now. */
    holds(key: string): boolean {
        return this.held.has(key);
    }

    /** Keys held now, in allocation order. */
    heldKeys(): string[] {
        return [...this.held.keys()];
    }

    /** The peak so far: total, breakdown, moment, and the buffers live then (largest first). */
    peak(): { peak: number; byClass: BytesByPeakClass; moment: PeakMoment; atPeak: PeakBuffer[] } {
        const replay = new Map<string, HeldBuffer>();
        for (let i = 0; i <= this.peakEvent; i++) {
            const event = this.events[i]!;
            if (event.buffer !== undefined) replay.set(event.key, event.buffer);
            else replay.delete(event.key);
        }
        const atPeak = [...replay.values()].map((b): PeakBuffer => ({ role: b.role, memoryClass: b.memoryClass, bytes: b.bytes, ...(b.node !== undefined ? { node: b.node } : {}) }));
        atPeak.sort((a, b) => b.bytes - a.bytes);
        return { peak: this.peakTotal, byClass: this.peakByClass, moment: this.peakMoment, atPeak };
    }
}
