import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseTrainLine } from '../../../client/training/train-event-parser.js';

const recorded = readFileSync(new URL('../../fixtures/training/documented-shapes-3-epochs.jsonl', import.meta.url), 'utf8')
    .split('\n').filter((line) => line !== '');

describe('parseTrainLine', () => {
    it('reads every line of a recorded stream as an event, in order', () => {
        const types = recorded.map((line) => {
            const parsed = parseTrainLine(line);
            if (parsed.kind !== 'event') throw new Error(parsed.reason);
            return parsed.event.type;
        });
        expect(types).toEqual(['start', 'step', 'step', 'step', 'epoch', 'step', 'step', 'step', 'epoch', 'step', 'step', 'step', 'epoch', 'done']);
    });

    it('reports text that is not JSON instead of throwing', () => {
        expect(parseTrainLine('Warning: something')).toEqual({ kind: 'unrecognised', text: 'Warning: something', reason: 'not JSON' });
    });

    it('reports an unknown event type', () => {
        expect(parseTrainLine('{"type":"mystery"}')).toMatchObject({ kind: 'unrecognised', reason: 'unknown event type "mystery"' });
    });

    it('reports an epoch event missing its memory report', () => {
        const line = '{"type":"epoch","epoch":1,"epochs":3,"loss":0.5,"accuracy":0.9,"ms":10}';
        expect(parseTrainLine(line)).toMatchObject({ kind: 'unrecognised', reason: 'a "epoch" event without its required fields' });
    });

    it('accepts an error event with a location', () => {
        const parsed = parseTrainLine('{"type":"error","message":"no such file data/x.csv","code":"PHG7001","location":{"file":"m.phg","line":3,"column":5}}');
        expect(parsed).toEqual({
            kind: 'event',
            event: { type: 'error', message: 'no such file data/x.csv', code: 'PHG7001', location: { file: 'm.phg', line: 3, column: 5 } }
        });
    });
});
