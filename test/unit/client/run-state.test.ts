import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { TrainEvent } from '../../../cli/train-events.js';
import {
    applyProcessExit,
    applyTrainEvent,
    MAX_LOSS_SAMPLES,
    requestStop,
    startingRun,
    type TrainingRunState
} from '../../../client/training/run-state.js';
import { parseTrainLine } from '../../../client/training/train-event-parser.js';
import { describeRunForStatusBar } from '../../../client/training/status-text.js';

const request = { file: 'examples/digits.phg', model: undefined, overrides: ['--epochs 3'] };

function recordedEvents(): TrainEvent[] {
    return readFileSync(new URL('../../fixtures/training/documented-shapes-3-epochs.jsonl', import.meta.url), 'utf8')
        .split('\n').filter((line) => line !== '')
        .map((line) => {
            const parsed = parseTrainLine(line);
            if (parsed.kind !== 'event') throw new Error(parsed.reason);
            return parsed.event;
        });
}

function replay(events: readonly TrainEvent[], from: TrainingRunState = startingRun(request, 0)): TrainingRunState {
    return events.reduce((state, event, i) => applyTrainEvent(state, event, i + 1), from);
}

describe('a training run built from its event stream', () => {
    it('ends finished with one row per epoch and the done event', () => {
        const state = replay(recordedEvents());
        expect(state.phase).toBe('finished');
        expect(state.epochs.map((e) => [e.epoch, e.loss, e.accuracy])).toEqual([[1, 1.3033, 0.912], [2, 0.3333, 0.941], [3, 0.1933, 0.953]]);
        expect(state.done?.accuracy).toBe(0.953);
        expect(state.done?.version).toBe('.phg/versions/1');
        expect(state.settings?.model).toBe('Mlp');
        expect(state.endedAt).toBe(14);
    });

    it('places sampled steps on the epoch axis', () => {
        const state = replay(recordedEvents());
        expect(state.lossSamples.slice(0, 4)).toEqual([
            { at: 1 / 3, loss: 2.1 }, { at: 2 / 3, loss: 1.2 }, { at: 1, loss: 0.61 }, { at: 1 + 1 / 3, loss: 0.42 }
        ]);
    });

    it('is running after the start event and before done', () => {
        const events = recordedEvents();
        expect(replay(events.slice(0, 5)).phase).toBe('running');
    });

    it('ignores events after the run ended', () => {
        const events = recordedEvents();
        const finished = replay(events);
        expect(applyTrainEvent(finished, events[4]!, 99)).toBe(finished);
    });

    it('fails with the CLI error as a value', () => {
        const state = replay([{ type: 'error', message: 'non-finite loss at node y', code: 'PHG7010', node: 'y', epoch: 2, step: 7 }]);
        expect(state.phase).toBe('failed');
        expect(state.failure).toEqual({ message: 'non-finite loss at node y', code: 'PHG7010' });
    });

    it('is stopped when a done event says it was interrupted', () => {
        const events = recordedEvents();
        const interrupted = { ...events.at(-1), interrupted: 'SIGINT' } as TrainEvent;
        expect(replay([...events.slice(0, 9), interrupted]).phase).toBe('stopped');
    });

    it('fails with the exit code and stderr when the CLI dies silently', () => {
        const state = applyProcessExit(replay(recordedEvents().slice(0, 5)), { code: 70, signal: null, stderrTail: 'phg: internal error: boom\n' }, 50);
        expect(state.phase).toBe('failed');
        expect(state.failure?.message).toBe('phg train exited with code 70 before reporting a result: phg: internal error: boom');
    });

    it('is stopped, not failed, when the user asked to stop and the CLI exits', () => {
        const state = applyProcessExit(requestStop(replay(recordedEvents().slice(0, 5))), { code: null, signal: 'SIGINT', stderrTail: '' }, 50);
        expect(state.phase).toBe('stopped');
    });

    it('reads accuracy −1 as “no accuracy” and keeps a regression’s validation mse', () => {
        const memory = { peak: 1, live: 1, byClass: { param: 0, state: 0, activation: 0, tape: 0, tangent: 0, gradient: 0, quire: 0, data: 0 } };
        const state = replay([
            { type: 'epoch', epoch: 1, epochs: 1, loss: 97.9, accuracy: -1, trainAccuracy: -1, validationLoss: 84.63, ms: 26, memory },
            { type: 'done', accuracy: -1, validationLoss: 84.63, epochs: 1, ms: 26, memory, version: '.phg/versions/4', weightsDigest: 'sha256:00', runId: 'r' }
        ]);
        expect(state.epochs[0]).toMatchObject({ accuracy: undefined, trainAccuracy: undefined, validationLoss: 84.63 });
        expect(describeRunForStatusBar({ ...state, settings: undefined, request: { ...state.request, model: 'Spring' } }).text).toBe('$(check) PHG Spring · 1 epoch · val mse 84.63');
    });

    it('thins old loss samples so a long run stays bounded', () => {
        const step = (i: number): TrainEvent => ({ type: 'step', epoch: 1, step: i, stepsPerEpoch: 10_000, loss: i, memory: { peak: 1, live: 1, byClass: { param: 0, state: 0, activation: 0, tape: 0, tangent: 0, gradient: 0, quire: 0, data: 0 } } });
        let state = startingRun(request, 0);
        for (let i = 1; i <= MAX_LOSS_SAMPLES + 1; i++) state = applyTrainEvent(state, step(i), i);
        expect(state.lossSamples.length).toBeLessThanOrEqual(MAX_LOSS_SAMPLES);
        expect(state.lossSamples.at(-1)?.loss).toBe(MAX_LOSS_SAMPLES + 1);
        expect(state.lossSamples[0]?.loss).toBe(1);
    });
});
