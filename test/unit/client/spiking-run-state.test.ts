// The panel's run state for a spiking model, built from a recorded `phg train --json` stream of
// test/fixtures/spiking-models/spiking-small.phg: epochs carry firing rates and a raster, steps add
// no loss points (a spiking model has no loss), and the start event brings its own memory plan.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { TrainEvent } from '../../../cli/train-events.js';
import { applyTrainEvent, startingRun, type TrainingRunState } from '../../../client/training/run-state.js';
import { parseTrainLine } from '../../../client/training/train-event-parser.js';

function replay(): TrainingRunState {
    const events: TrainEvent[] = readFileSync(new URL('../../fixtures/training/spiking-small-2-epochs.jsonl', import.meta.url), 'utf8')
        .split('\n').filter((line) => line !== '')
        .map((line) => {
            const parsed = parseTrainLine(line);
            if (parsed.kind !== 'event') throw new Error(parsed.reason);
            return parsed.event;
        });
    return events.reduce((state, event, i) => applyTrainEvent(state, event, i + 1), startingRun({ file: 'spiking-small.phg', model: undefined, overrides: [] }, 0));
}

describe('a spiking run built from its event stream', () => {
    it('keeps each epoch’s firing rates and raster, plots no loss, and knows the spiking plan', () => {
        const state = replay();
        expect(state.phase).toBe('finished');
        expect(state.settings?.gradient.mode).toBe('stdp');
        expect(state.settings?.spiking?.memoryPlan.tape).toBe(0);
        expect(state.lossSamples).toEqual([]);
        expect(state.epochs.map((e) => e.epoch)).toEqual([1, 2]);
        const last = state.epochs[1]!;
        expect(last.trainAccuracy).toBeUndefined();
        expect(last.spiking?.firingRates).toHaveLength(10);
        expect(last.spiking?.raster.populations.map((p) => p.name)).toEqual(['x', 'exc']);
        expect(state.done?.memory.peak).toBe(state.settings?.spiking?.memoryPlan.peak);
    });
});
