// The tracked allocator: live bytes per class, the peak and its breakdown, data left out of both.
import { describe, expect, it } from 'vitest';
import { parseFormat } from '../../../../engine/numeric/index.js';
import { TrackedAllocator } from '../../../../engine/memory/allocator.js';

describe('TrackedAllocator', () => {
    it('counts exactly the bytes of each buffer, by class, and remembers the peak breakdown', () => {
        const allocator = new TrackedAllocator();
        const posit16 = parseFormat('posit16')!;
        const w = allocator.patterns(posit16, 100, 'param', 'W');
        const a = allocator.float64(10, 'activation', 'a');
        allocator.patterns(posit16, 1000, 'data', 'dataset');
        expect(allocator.snapshot()).toMatchObject({ live: 280, peak: 280 });
        allocator.free(a);
        const t = allocator.int32(5, 'tape', 't');
        expect(allocator.snapshot()).toMatchObject({ live: 220, peak: 280, peakByClass: { param: 200, activation: 80, tape: 0, data: 2000 }, liveByClass: { param: 200, tape: 20 } });
        allocator.reclassify(t, 'gradient');
        expect(allocator.snapshot().liveByClass).toMatchObject({ tape: 0, gradient: 20 });
        allocator.resetPeak();
        expect(allocator.snapshot().peak).toBe(220);
        expect(allocator.isLive(w)).toBe(true);
    });

    it('treats a double free as an engine bug', () => {
        const allocator = new TrackedAllocator();
        const a = allocator.float64(1, 'quire', 'q');
        allocator.free(a);
        expect(() => allocator.free(a)).toThrow(/untracked/);
    });
});
