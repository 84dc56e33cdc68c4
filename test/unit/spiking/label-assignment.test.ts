// The readout of Diehl & Cook (2015): a neuron takes the class it responds to most on average, and a
// sample gets the class whose neurons fire most on average.
import { describe, expect, it } from 'vitest';
import { TrackedAllocator } from '../../../engine/memory/allocator.js';
import { classify, neuronsPerClass, ResponseTable } from '../../../engine/spiking/label-assignment.js';

describe('label assignment', () => {
    it('gives each neuron the class of its highest mean response, not of its highest total', () => {
        const table = new ResponseTable(3, 3, new TrackedAllocator());
        // Class 0 is shown three times, class 1 once: neuron 0 fires 6 spikes to class 0 in total
        // (mean 2) and 3 to class 1 (mean 3), so it belongs to class 1.
        table.record(0, Int32Array.of(2, 0, 0));
        table.record(0, Int32Array.of(2, 0, 0));
        table.record(0, Int32Array.of(2, 1, 0));
        table.record(1, Int32Array.of(3, 0, 0));
        table.record(2, Int32Array.of(0, 0, 0));
        const assignment = table.assign(new Int32Array(3));
        expect([...assignment]).toEqual([1, 0, -1]);
        expect(neuronsPerClass(assignment, 3)).toEqual([1, 1, 0]);
    });

    it('classifies by the mean count of each class’s neurons, silent neurons not voting', () => {
        const assignment = Int32Array.of(0, 0, 1, -1);
        // Class 0: (4 + 0)/2 = 2; class 1: 3/1 = 3; the unassigned neuron's 9 spikes do not count.
        expect(classify(Int32Array.of(4, 0, 3, 9), assignment, 2)).toBe(1);
        expect(classify(Int32Array.of(4, 4, 3, 0), assignment, 2)).toBe(0);
    });

    it('answers −1 when no assigned neuron fired (counted as a wrong answer)', () => {
        expect(classify(Int32Array.of(0, 0, 0, 5), Int32Array.of(0, 0, 1, -1), 2)).toBe(-1);
    });
});
