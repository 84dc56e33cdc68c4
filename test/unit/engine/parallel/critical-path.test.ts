// The idle-machine length of a data-parallel update, from per-event CPU times: the main thread
// applies a parameter's slot once every worker has sent it, overlapping the workers' remaining
// backward pass; what it cannot overlap is on the critical path.
import { describe, expect, it } from 'vitest';
import { criticalPathNs } from '../../../../engine/parallel/critical-path.js';

describe('critical path of an update', () => {
    it('hides the main thread\'s work behind the workers when slots arrive early', () => {
        // Two workers take 100 and 90; slot 0 is ready at 10 + 40, slot 1 at 10 + 95.
        expect(criticalPathNs({ packNs: 10, slotSentNs: [[40, 95], [30, 80]], workerNs: [100, 90], slotApplyNs: [20, 5], tailNs: 2 })).toBe(10 + 100 + 2);
    });

    it('adds the main thread\'s backlog when applying is slower than the workers', () => {
        // Slot 0 ready at 50, applied until 150; slot 1 ready at 105, applied 150 → 160; workers done at 110.
        expect(criticalPathNs({ packNs: 10, slotSentNs: [[40, 95], [30, 80]], workerNs: [100, 90], slotApplyNs: [100, 10], tailNs: 2 })).toBe(160 + 2);
    });

    it('applies slots that were not sent ahead in the tail (forward mode)', () => {
        expect(criticalPathNs({ packNs: 5, slotSentNs: [[], []], workerNs: [70, 60], slotApplyNs: [0], tailNs: 9 })).toBe(5 + 70 + 9);
    });
});
