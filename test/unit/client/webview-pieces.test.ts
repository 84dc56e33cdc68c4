import { describe, expect, it } from 'vitest';
import type { TrainEvent } from '../../../cli/train-events.js';
import { trainedModels } from '../../../client/commands/trained-models.js';
import { contentSecurityPolicy } from '../../../client/panels/content-security-policy.js';
import { memoryPlanMarkdown } from '../../../client/panels/memory-plan-table.js';
import { selectPlan } from '../../../client/panels/memory-plan-source.js';
import { applyTrainEvent, startingRun } from '../../../client/training/run-state.js';
import { accuracyColumns, lossColumns } from '../../../client/webview/training/chart-columns.js';

const memory = { peak: 10, live: 8, byClass: { param: 1, state: 1, activation: 1, tape: 1, tangent: 0, gradient: 1, quire: 5, data: 99 } };

describe('the curves of the training panel', () => {
    const events: TrainEvent[] = [
        { type: 'step', epoch: 1, step: 5, stepsPerEpoch: 10, loss: 2, memory },
        { type: 'step', epoch: 1, step: 10, stepsPerEpoch: 10, loss: 1.5, memory },
        { type: 'epoch', epoch: 1, epochs: 2, loss: 1.8, accuracy: 0.5, trainAccuracy: 0.4, ms: 3, memory },
        { type: 'step', epoch: 2, step: 5, stepsPerEpoch: 10, loss: 1, memory }
    ];
    const run = events.reduce((s, e) => applyTrainEvent(s, e, 1), startingRun({ file: 'm.phg', model: undefined, overrides: [] }, 0));

    it('align step losses and epoch means on one epoch axis, null where a series has no point', () => {
        expect(lossColumns(run)).toEqual([[0.5, 1, 1.5], [2, 1.5, 1], [null, 1.8, null], [null, null, null]]);
    });

    it('plot validation and training accuracy per epoch in percent', () => {
        expect(accuracyColumns(run)).toEqual([[1], [50], [40]]);
    });
});

describe('the webview Content Security Policy', () => {
    it('allows nothing by default and scripts only with the nonce', () => {
        expect(contentSecurityPolicy('https://file+.vscode-resource.vscode-cdn.net', 'abc')).toBe(
            "default-src 'none'; img-src https://file+.vscode-resource.vscode-cdn.net data:; font-src https://file+.vscode-resource.vscode-cdn.net; " +
            "style-src https://file+.vscode-resource.vscode-cdn.net; script-src 'nonce-abc'");
    });
});

describe('the models a file trains', () => {
    it('are the names after train … on, once each, in order', () => {
        expect(trainedModels('model A {}\ntrain A on d { }\n  train B on e {}\n// train C on f\ntrain A on g {}')).toEqual(['A', 'B']);
    });
});

describe('the memory plan from phg/memoryPlan', () => {
    const answer = {
        models: [{
            model: 'Mlp', batch: 32, format: 'posit<16>',
            inference: { peak: 1000, byClass: { param: 600, activation: 400 } },
            backprop: { peak: 3000, byClass: { param: 600, gradient: 600, state: 600, tape: 1200 } },
            forward: { tangents: 1, peak: 1800, byClass: { param: 600, state: 600, tangent: 600 } }
        }]
    };

    it('picks the plan of the run’s model and gradient mode beside inference', () => {
        expect(selectPlan(answer, 'Mlp', { mode: 'forward', tangents: 1 })).toEqual({
            status: 'ready', model: 'Mlp', trainingMode: 'forward(1)',
            inference: { peak: 1000, byClass: { param: 600, activation: 400 } },
            training: { peak: 1800, byClass: { param: 600, state: 600, tangent: 600 } }
        });
    });

    it('says which model is missing instead of inventing numbers', () => {
        expect(selectPlan(answer, 'Other', { mode: 'backprop', tangents: 1 })).toEqual({ status: 'unavailable', reason: 'the memory plan has no model Other' });
        expect(selectPlan({}, 'Mlp', { mode: 'backprop', tangents: 1 })).toEqual({ status: 'unavailable', reason: 'the memory plan has no model Mlp' });
    });

    it('renders as a Markdown table per model for Show Memory Plan', () => {
        expect(memoryPlanMarkdown(answer, 'digits.phg')).toBe([
            '# Memory plan of digits.phg', '', 'Design-time plan from the language server (nothing ran).', '',
            '## Mlp · batch 32 · posit<16>', '',
            '| mode | peak | param | activation | gradient | state | tape | tangent |',
            '|---|---:|---:|---:|---:|---:|---:|---:|',
            '| inference | 1000 B | 600 B | 400 B | — | — | — | — |',
            '| backprop | 2.93 KiB | 600 B | — | 600 B | 600 B | 1.17 KiB | — |',
            '| forward(1) | 1.76 KiB | 600 B | — | — | 600 B | — | 600 B |', ''
        ].join('\n'));
    });
});
