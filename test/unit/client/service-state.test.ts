// The Rotation panel's state, folded from a real `phg serve --json` stream and status body
// (test/fixtures/serving/, recorded from the CLI) and from hand-made edge cases.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { RotationRecord, ServeEvent, ServiceStatus } from '../../../client/serving/serve-json.js';
import { parseServeLine, parseServiceStatus } from '../../../client/serving/serve-event-parser.js';
import {
    applyPollProblem,
    applyServeEvent,
    applyServeExit,
    applyServiceStatus,
    mergeRotations,
    requestServiceStop,
    startingService,
    type ServiceState
} from '../../../client/serving/service-state.js';
import { describeServiceForStatusBar } from '../../../client/serving/service-status-text.js';

const request = { file: 'examples/digits.phg', model: undefined, watch: false };

function recordedEvents(): ServeEvent[] {
    return readFileSync(new URL('../../fixtures/serving/digits-three-rotations.recorded.jsonl', import.meta.url), 'utf8')
        .split('\n').filter((line) => line !== '')
        .map((line) => {
            const parsed = parseServeLine(line);
            if (parsed.kind !== 'event') throw new Error(parsed.reason);
            return parsed.event;
        });
}

function recordedStatus(): ServiceStatus {
    const parsed = parseServiceStatus(JSON.parse(readFileSync(new URL('../../fixtures/serving/digits-three-rotations.status.json', import.meta.url), 'utf8')));
    if (!parsed.ok) throw new Error(parsed.reason);
    return parsed.status;
}

function replay(events: readonly ServeEvent[], from: ServiceState = startingService(request, 0)): ServiceState {
    return events.reduce((state, event, i) => applyServeEvent(state, event, i + 1), from);
}

const summary = (rotation: RotationRecord): string => `${rotation.id} ${rotation.fromVersion}→${rotation.toVersion} ${rotation.outcome} ${rotation.code ?? ''} ${rotation.stages.map((entry) => entry.stage).join(',')}`.trim();

describe('the service state of the Rotation panel', () => {
    const events = recordedEvents();
    const untilStopped = events.slice(0, -1);

    it('reads every line of a real phg serve --json stream as an event', () => {
        expect(events.map((event) => event.type)).toEqual(['listening', ...Array<string>(15).fill('rotation'), 'stopped']);
    });

    it('follows the listening event and each rotation to its outcome, stage by stage', () => {
        const listening = replay(events.slice(0, 1));
        expect([listening.phase, listening.name, listening.activeVersion, listening.canaryRows]).toEqual(['serving', 'Mlp', 1, 256]);
        expect(listening.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
        // The first rotation, one stage at a time: the candidate shows while it runs.
        const stages = [2, 3, 4, 5, 6].map((count) => replay(events.slice(0, count)));
        expect(stages.map((state) => `${state.stage} ${String(state.candidateVersion)} ${String(state.activeVersion)}`)).toEqual([
            'received 2 1', 'verifying 2 1', 'loading 2 1', 'warming 2 1', 'switching 2 1'
        ]);
        const active = replay(events.slice(0, 8));
        expect([active.stage, active.candidateVersion, active.activeVersion, active.previousVersion]).toEqual(['idle', null, 2, 1]);
    });

    it('ends with the history of one good rotation and two rejected ones, version 2 still active', () => {
        const state = replay(untilStopped);
        expect(state.rotations.map(summary)).toEqual([
            '1 1→2 active  received,verifying,loading,warming,switching,active',
            '2 2→3 rejected PHG5010 received,verifying,loading,warming,rejected',
            '3 2→4 rejected PHG5002 received,verifying,rejected'
        ]);
        expect([state.phase, state.activeVersion, state.previousVersion, state.candidateVersion, state.stage]).toEqual(['serving', 2, null, null, 'idle']);
        expect(state.rotations[1]?.canary?.samples).toBe(256);
    });

    it('takes versions, counters and the policy from the status endpoint, and agrees with it on the history', () => {
        const status = recordedStatus();
        const state = applyServiceStatus(replay(untilStopped), status, 100);
        expect(state.rotations.map(summary)).toEqual(status.rotations.map(summary));
        expect([state.activeVersion, state.availableVersions, state.counters, state.policy?.maxDisagreement, state.polledAt]).toEqual([2, [1, 2, 3, 4], { requests: 0, errors: 0 }, 0.02, 100]);
    });

    it('keeps a rotation event that is newer than the poll that answered after it', () => {
        const status = recordedStatus();
        const received: RotationRecord = { id: 4, trigger: 'api', fromVersion: 2, toVersion: 4, stages: [{ stage: 'received', at: '2026-01-01T00:00:00.000Z' }], outcome: 'in-progress' };
        const state = applyServiceStatus(applyServeEvent(replay(untilStopped), { type: 'rotation', rotation: received }, 50), status, 60);
        expect([state.stage, state.candidateVersion, state.rotations.length]).toEqual(['received', 4, 4]);
    });

    it('prefers the copy of a rotation that reached more stages, whichever arrived last', () => {
        const longer: RotationRecord = { id: 1, trigger: 'watch', fromVersion: 1, toVersion: 2, stages: [{ stage: 'received', at: 'a' }, { stage: 'verifying', at: 'b' }], outcome: 'in-progress' };
        const shorter: RotationRecord = { ...longer, stages: [{ stage: 'received', at: 'a' }] };
        expect(mergeRotations([longer], [shorter])).toEqual([longer]);
        expect(mergeRotations([shorter], [longer])).toEqual([longer]);
    });

    it('ends as stopped after the stopped event, and ignores what follows', () => {
        const stopped = replay(events);
        expect([stopped.phase, stopped.endedAt]).toEqual(['stopped', events.length]);
        expect(applyServeEvent(stopped, events[1] as ServeEvent, 99)).toBe(stopped);
    });

    it('fails with the code and message of an error event, or with stderr when the process dies without one', () => {
        const error = applyServeEvent(startingService(request, 0), { type: 'error', code: 'PHG5008', message: 'no versions in .phg/versions; train the model first' }, 5);
        expect([error.phase, error.failure]).toEqual(['failed', { code: 'PHG5008', message: 'no versions in .phg/versions; train the model first' }]);
        const died = applyServeExit(replay(events.slice(0, 1)), { code: null, signal: 'SIGKILL', stderrTail: 'out of memory\n' }, 7);
        expect([died.phase, died.failure]).toEqual(['failed', { code: 'PHG-CLIENT-EXIT', message: 'phg serve was killed by SIGKILL: out of memory' }]);
        const asked = applyServeExit(requestServiceStop(replay(events.slice(0, 1))), { code: 0, signal: null, stderrTail: '' }, 8);
        expect(asked.phase).toBe('stopped');
    });

    it('records a status poll that got no answer, and clears it with the next answer', () => {
        const problem = applyPollProblem(replay(untilStopped), 'no answer from http://127.0.0.1:1/v1/models/Mlp: fetch failed');
        expect(problem.pollProblem).toBe('no answer from http://127.0.0.1:1/v1/models/Mlp: fetch failed');
        expect(applyServiceStatus(problem, recordedStatus(), 9).pollProblem).toBeUndefined();
    });

    it('says in the status bar which version serves and which stage a rotation is in', () => {
        expect(describeServiceForStatusBar(replay(events.slice(0, 4))).text).toBe('$(broadcast) Mlp v1 · loading v2');
        expect(describeServiceForStatusBar(replay(untilStopped)).text).toBe('$(broadcast) Mlp v2');
        expect(describeServiceForStatusBar(replay(events)).text).toBe('$(circle-slash) Mlp stopped');
    });
});

describe('reading phg serve output', () => {
    it('reports a line that is not an event as a value with its reason', () => {
        expect(parseServeLine('(node:1) ExperimentalWarning: …')).toEqual({ kind: 'unrecognised', text: '(node:1) ExperimentalWarning: …', reason: 'not JSON' });
        expect(parseServeLine('{"type":"rotation","rotation":{"id":1}}')).toMatchObject({ kind: 'unrecognised', reason: "a 'rotation' event without its fields" });
        expect(parseServeLine('{"type":"bogus"}')).toMatchObject({ kind: 'unrecognised', reason: 'not a phg serve event' });
    });

    it('refuses a status body without the fields of GET /v1/models/NAME', () => {
        expect(parseServiceStatus({ name: 'Mlp' })).toEqual({ ok: false, reason: 'the status lacks the fields of GET /v1/models/NAME' });
        expect(parseServiceStatus('nope')).toEqual({ ok: false, reason: 'the status is not a JSON object' });
    });
});
