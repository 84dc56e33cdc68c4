// The memory plan of a training with accumulate_steps N and workers W equals what the engine's
// tracked allocators measure (every thread's peak added up), and it shows the cost — one quire per
// parameter element (backprop) or per tangent (forward) in each thread — beside the saving of
// holding B rows, or ⌈B/W⌉ per worker, instead of N×B.
import { describe, expect, it } from 'vitest';
import { planMemory } from '../../../language/memory/plan-memory.js';
import type { PlanSettings } from '../../../language/memory/plan-types.js';
import { bundledTrainWorker } from '../engine/support/worker-bundle.js';
import { graphOf, settingsOf, train, type ShardedRun } from '../engine/train/support/sharded-runs.js';

const runs: ShardedRun[] = [
    { model: 'digits', format: 'posit16', accumulate: 'quire', gradient: 'backprop', batch: 8, accumulateSteps: 4 },
    { model: 'digits', format: 'float32', accumulate: 'quire', gradient: 'forward', batch: 12, accumulateSteps: 3 },
    { model: 'digits', format: 'posit8', accumulate: 'rounded', gradient: 'backprop', batch: 16, accumulateSteps: 2 },
    { model: 'digits', format: 'posit16', accumulate: 'quire', gradient: 'backprop', batch: 32, workers: 2 },
    { model: 'digits', format: 'bposit16', accumulate: 'quire', gradient: 'forward', batch: 9, accumulateSteps: 2, workers: 3 },
    { model: 'regression', format: 'posit16', accumulate: 'quire', gradient: 'backprop', batch: 10, accumulateSteps: 3, workers: 2 }
];

function planSettings(run: ShardedRun): PlanSettings {
    const settings = settingsOf(run);
    return { batch: settings.batch, stateTensorsPerParam: 1, tangents: settings.gradient.tangents, accumulation: { steps: run.accumulateSteps ?? 1, workers: run.workers ?? 1, accumulate: run.accumulate } };
}

describe('the memory plan with accumulation and workers', () => {
    for (const run of runs) {
        it(`equals the engine's measurement (${run.model}, ${run.format}, ${run.accumulate}, ${run.gradient}, B = ${run.batch}, N = ${run.accumulateSteps ?? 1}, W = ${run.workers ?? 1})`, async () => {
            const outcome = planMemory(graphOf(run), planSettings(run));
            if (!outcome.ok) throw new Error(outcome.problems.map((p) => p.message).join('; '));
            const planned = run.gradient === 'backprop' ? outcome.plan.backprop! : outcome.plan.forward!;
            const measured = await train({ ...run, ...(run.workers !== undefined && run.workers > 1 ? { workerScript: await bundledTrainWorker() } : {}) });
            if (measured.outcome.kind !== 'done') throw new Error(measured.outcome.kind === 'failed' ? measured.outcome.error.message : 'interrupted');
            expect(planned.peak).toBe(measured.outcome.memory.peak);
            const { data: _data, ...byClass } = measured.outcome.memory.byClass;
            expect(planned.byClass).toEqual(byClass);
        });
    }

    it('shows one posit16 quire per parameter element (41 bytes each: head, 8 limbs, flag) beside the activations it saves', () => {
        const run: ShardedRun = { model: 'digits', format: 'posit16', accumulate: 'quire', gradient: 'backprop', batch: 16, accumulateSteps: 16 };
        const outcome = planMemory(graphOf(run), planSettings(run));
        if (!outcome.ok) throw new Error('no plan');
        const summary = outcome.plan.backprop!.accumulation!;
        expect(summary).toMatchObject({ steps: 16, workers: 1, updateRows: 256, rowsPerStep: 16, accumulatorBytes: 1374 * 41, accumulatorTotal: 1374 * 41 });
        const oneBatch = planMemory(graphOf(run), { ...planSettings(run), batch: 256, accumulation: undefined });
        if (!oneBatch.ok) throw new Error('no plan');
        expect(summary.oneBatchPeak).toBe(oneBatch.plan.backprop!.peak);
        expect(summary.saving).toBe(summary.oneBatchPeak - (summary.threadPeak - summary.accumulatorBytes));
        expect(summary.saving).toBeGreaterThan(summary.accumulatorBytes);
        expect(outcome.plan.backprop!.peak).toBeLessThan(summary.oneBatchPeak);
    });

    it('costs K quires, not one per parameter, with forward gradients', () => {
        const run: ShardedRun = { model: 'digits', format: 'posit16', accumulate: 'quire', gradient: 'forward', batch: 16, accumulateSteps: 4 };
        const outcome = planMemory(graphOf(run), planSettings(run));
        if (!outcome.ok) throw new Error('no plan');
        expect(outcome.plan.forward!.accumulation!.accumulatorBytes).toBe(3 * 41);
    });
});
