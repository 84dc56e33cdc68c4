import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { TrainEvent } from '../../../cli/train-events.js';
import { applyTrainEvent, startingRun } from '../../../client/training/run-state.js';
import { describeRunForStatusBar } from '../../../client/training/status-text.js';
import { JsonLinesDecoder } from '../../../client/training/json-lines.js';
import { parseTrainLine } from '../../../client/training/train-event-parser.js';

const recording = readFileSync(new URL('../../fixtures/training/digits-3-epochs.recorded.jsonl', import.meta.url), 'utf8');

/** Feeds the recording in awkward 97-byte chunks, as a pipe may deliver it. */
function eventsOf(text: string): TrainEvent[] {
    const decoder = new JsonLinesDecoder();
    const lines: string[] = [];
    for (let i = 0; i < text.length; i += 97) lines.push(...decoder.push(text.slice(i, i + 97)));
    lines.push(...decoder.end());
    return lines.map((line) => {
        const parsed = parseTrainLine(line);
        if (parsed.kind !== 'event') throw new Error(`${parsed.reason}: ${line}`);
        return parsed.event;
    });
}

describe('a stream recorded from phg train --json (digits, 3 epochs)', () => {
    const events = eventsOf(recording);

    it('parses completely: start, 30 sampled steps, 3 epochs, done', () => {
        expect(events.length).toBe(35);
        expect(events[0]?.type).toBe('start');
        expect(events.filter((e) => e.type === 'step')).toHaveLength(30);
        expect(events.filter((e) => e.type === 'epoch')).toHaveLength(3);
        expect(events.at(-1)?.type).toBe('done');
    });

    it('builds a finished run whose rows, curves and status text match the recording', () => {
        const state = events.reduce((s, e, i) => applyTrainEvent(s, e, i), startingRun({ file: 'examples/digits.phg', model: undefined, overrides: ['--epochs 3'] }, 0));
        expect(state.phase).toBe('finished');
        expect(state.settings?.runId).toBe('20261129-163526-dd48c0');
        expect(state.epochs.map((e) => e.epoch)).toEqual([1, 2, 3]);
        expect(state.lossSamples).toHaveLength(30);
        expect(state.done?.version).toBe('.phg/versions/1');
        expect(state.memory?.byClass.gradient).toBe(4096);
        expect(describeRunForStatusBar(state).text).toBe('$(check) PHG Mlp · 3 epochs · acc 19.2%');
    });
});
