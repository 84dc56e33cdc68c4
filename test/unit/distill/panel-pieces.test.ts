// What the editor shows of a distillation, from `phg distill --json` events: the teacher's accuracy
// and the prior's term beside the student's curves, the teacher and prior in the run settings, the
// command line the Distill Model command runs, and the students a file distils.
import { describe, expect, it } from 'vitest';
import type { TrainEvent, TrainStartEvent } from '../../../cli/train-events.js';
import { applyTrainEvent, startingRun } from '../../../client/training/run-state.js';
import { accuracyColumns, lossColumns } from '../../../client/webview/training/chart-columns.js';
import { withPriorTerm, withTeacherAccuracy } from '../../../client/webview/training/distill-columns.js';
import { calibrationRows, distillRows } from '../../../client/webview/training/distill-rows.js';
import { trainArguments } from '../../../client/training/train-request.js';
import { distilledStudents } from '../../../client/commands/distilled-students.js';

const memory = { peak: 10, live: 8, byClass: { param: 1, state: 1, activation: 1, tape: 1, tangent: 0, gradient: 1, quire: 5, data: 99 } };
const start: TrainStartEvent = {
    type: 'start', runId: 'r1', file: 'clinic.phg', model: 'Clinic', format: 'posit<16>', accumulate: 'quire', gradient: { mode: 'backprop', tangents: 1 },
    optimizer: 'sgd(lr: 0.03, momentum: 0.9)', epochs: 2, batch: 32, seed: 1, stepsPerEpoch: 2, trainSamples: 50, validateSamples: 200, structureHash: 'sha256:x', firstEpoch: 1,
    distill: {
        teacher: 'Mlp', teacherVersion: '.phg/versions/1', teacherWeightsDigest: 'sha256:y', teacherAccuracy: 0.89, temperature: 2, alpha: 0.1,
        priorParams: ['W1', 'b1', 'W2', 'b2'], softLabelOnlyParams: [], prior: { scale: 10, damping: 1, medianSigma: 6.18, meanSigma: 6.28, fisherRows: 3823, fisherReused: true }
    }
};
const epoch = (n: number, accuracy: number, prior: number): TrainEvent => ({
    type: 'epoch', epoch: n, epochs: 2, loss: 0.5 / n, accuracy, trainAccuracy: 1, ms: 3, memory, distill: { dataLoss: 0.4 / n, softLoss: 0.2, priorPenalty: prior, teacherAccuracy: 0.89 }
});

describe('a distillation in the training panel', () => {
    const events: TrainEvent[] = [start, { type: 'step', epoch: 1, step: 2, stepsPerEpoch: 2, loss: 0.6, memory }, epoch(1, 0.9, 0.001), epoch(2, 0.92, 0.0025)];
    const run = events.reduce((state, event) => applyTrainEvent(state, event, 1), startingRun({ file: 'clinic.phg', model: 'Clinic', overrides: [] }, 0));

    it('draws the teacher’s accuracy as a line beside the student’s, in percent', () => {
        expect(withTeacherAccuracy(accuracyColumns(run), run)).toEqual([[1, 2], [90, 92], [100, 100], [89, 89]]);
    });

    it('draws the prior’s term at the epoch ends of the loss chart', () => {
        expect(withPriorTerm(lossColumns(run), run)).toEqual([[1, 2], [0.6, null], [0.5, 0.25], [null, null], [0.001, 0.0025]]);
    });

    it('adds only empty columns (hidden by the chart) to a plain training run', () => {
        const plain = [{ ...start, distill: undefined }, epoch(1, 0.9, 0)].reduce((state, event) => applyTrainEvent(state, { ...event, ...(event.type === 'epoch' ? { distill: undefined } : {}) } as TrainEvent, 1), startingRun({ file: 'm.phg', model: undefined, overrides: [] }, 0));
        expect(withTeacherAccuracy(accuracyColumns(plain), plain).at(-1)).toEqual([null]);
        expect(withPriorTerm(lossColumns(plain), plain).at(-1)).toEqual([null]);
    });

    it('lists the teacher, the soft labels and the prior’s strength in the run settings', () => {
        expect(distillRows(start.distill!)).toEqual([
            ['teacher', "Mlp (.phg/versions/1) · 89.00% on this run's validation data"],
            ['soft labels', 'T 2 · α 0.1'],
            ['prior', 'W1, b1, W2, b2 ~ N(teacher, σ²): median σ 6.18 (mean 6.28; scale 10, λ 1; Fisher over 3823 rows, reused)']
        ]);
        expect(distillRows({ ...start.distill!, alpha: 0, softLabelOnlyParams: ['W1'], prior: undefined })).toEqual([
            ['teacher', "Mlp (.phg/versions/1) · 89.00% on this run's validation data"],
            ['soft labels', 'none (α 0)'],
            ['prior', 'none: plain knowledge distillation'],
            ['soft labels only', 'W1']
        ]);
        expect(calibrationRows({ type: 'done', accuracy: 0.9, epochs: 2, ms: 5, memory, version: '.phg/versions/2', weightsDigest: 'sha256:z', runId: 'r1', ece: 0.0412, posteriorScale: 0.03 }))
            .toEqual([['calibration', 'ECE 4.12% (Laplace posterior, τ 0.03)']]);
        expect(calibrationRows(undefined)).toEqual([]);
    });
});

describe('PHG: Distill Model', () => {
    it('runs phg distill on the student with the overrides it takes', () => {
        expect(trainArguments({ file: '/w/clinic.phg', command: 'distill', model: 'Clinic', epochs: 5 })).toEqual(['distill', '/w/clinic.phg', '--json', '--model', 'Clinic', '--epochs', '5']);
        expect(trainArguments({ file: '/w/digits.phg' })[0]).toBe('train');
    });

    it('finds the students a file distils', () => {
        expect(distilledStudents('model Mlp { }\ndistill Clinic from Mlp on clinic_set {\n}\n  distill Small from Mlp on s { }\n// distill Not from a comment')).toEqual(['Clinic', 'Small']);
    });
});
