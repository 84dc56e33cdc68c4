// What the Rotation panel prints and lights for the rotations of a real service
// (test/fixtures/serving/digits-three-rotations.status.json).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { RotationRecord } from '../../../client/serving/serve-json.js';
import { parseServiceStatus } from '../../../client/serving/serve-event-parser.js';
import { canaryDisagreement, canaryLatency, lastCanaryRotation, litStages, milliseconds, percent, rotationDuration, rotationSummary, stageBoxes } from '../../../client/serving/rotation-view.js';

const status = parseServiceStatus(JSON.parse(readFileSync(new URL('../../fixtures/serving/digits-three-rotations.status.json', import.meta.url), 'utf8')));
if (!status.ok) throw new Error(status.reason);
const [good, canaryFailure, forged] = status.status.rotations as [RotationRecord, RotationRecord, RotationRecord];

describe('the Rotation panel’s words and lights', () => {
    it('summarises each rotation with its versions, outcome and code', () => {
        expect([good, canaryFailure, forged].map(rotationSummary)).toEqual(['#1 v1 → v2 active', '#2 v2 → v3 rejected [PHG5010]', '#3 v2 → v4 rejected [PHG5002]']);
    });

    it('lights the stages each rotation reached, the exits in their own colour', () => {
        expect(litStages(good)).toEqual(['received', 'verifying', 'loading', 'warming', 'switching', 'active']);
        expect(litStages(forged)).toEqual(['received', 'verifying', 'rejected']);
        expect(stageBoxes(forged).map((box) => `${box.stage}:${box.light}`)).toEqual([
            'received:done', 'verifying:done', 'loading:pending', 'warming:pending', 'switching:pending', 'active:pending', 'rejected:failed', 'rolled-back:pending'
        ]);
        expect(stageBoxes(undefined).every((box) => box.light === 'pending')).toBe(true);
    });

    it('marks the stage a rotation in progress is in as current', () => {
        const warming: RotationRecord = { ...good, outcome: 'in-progress', stages: good.stages.slice(0, 4) };
        expect(stageBoxes(warming).filter((box) => box.light !== 'pending').map((box) => `${box.stage}:${box.light}`)).toEqual(['received:done', 'verifying:done', 'loading:done', 'warming:current']);
        expect(rotationSummary(warming)).toBe('#1 v1 → v2 warming');
    });

    it('states the canary’s disagreement against the threshold, and its latency on both versions', () => {
        const canary = canaryFailure.canary;
        if (canary === undefined) throw new Error('the canary failure has a canary report');
        expect(canaryDisagreement(canaryFailure, 0.02)).toBe(`${canary.disagreements}/256 disagree (${(canary.disagreementRate * 100).toFixed(1)}%) · max 2.0%`);
        expect(canary.disagreementRate).toBeGreaterThan(0.02);
        expect(canaryDisagreement(good)).toBe('0/256 disagree (0.0%)');
        expect(canaryLatency(good)).toBe(`p50 ${milliseconds(good.canary?.activeLatencyMs.p50 ?? -1)} · p99 ${milliseconds(good.canary?.activeLatencyMs.p99 ?? -1)} → p50 ${milliseconds(good.canary?.candidateLatencyMs.p50 ?? -1)} · p99 ${milliseconds(good.canary?.candidateLatencyMs.p99 ?? -1)}`);
        expect(canaryDisagreement(forged)).toBeUndefined();
        expect(lastCanaryRotation([good, canaryFailure, forged])?.id).toBe(2);
    });

    it('measures a rotation from received to its last stage', () => {
        const record: RotationRecord = { ...good, stages: [{ stage: 'received', at: '2026-01-01T00:00:00.000Z' }, { stage: 'active', at: '2026-01-01T00:00:01.250Z' }] };
        expect(rotationDuration(record)).toBe('1.25 s');
        expect(rotationDuration({ ...record, stages: record.stages.slice(0, 1) })).toBe('');
    });

    it('writes rates and times with the precision that matters', () => {
        expect([percent(0.02), percent(0.0469), milliseconds(0.4123), milliseconds(12.34), milliseconds(250.4)]).toEqual(['2.0%', '4.7%', '0.41 ms', '12.3 ms', '250 ms']);
    });
});
