// Gradient accumulation: N micro-batches of B rows per update. With `accumulate quire` each
// parameter's gradient sum lives in quires across the micro-batches (forward mode: each tangent's
// L̇, the directions regenerated from the update's step), so the weights are bit-identical to
// training with one batch of N×B rows — including the short last update of an epoch. With
// `rounded` they are not: docs/training.md records by how much.
import { describe, expect, it } from 'vitest';
import { Executor } from '../../../../engine/exec/executor.js';
import { TrackedAllocator } from '../../../../engine/memory/allocator.js';
import { compile } from '../support/harness.js';
import { differingBytes, graphOf, train, type ShardedRun } from './support/sharded-runs.js';

const cases: { model: ShardedRun['model']; format: string; gradient: ShardedRun['gradient']; batch: number; steps: number }[] = [
    { model: 'digits', format: 'posit16', gradient: 'backprop', batch: 16, steps: 3 },
    { model: 'digits', format: 'posit16', gradient: 'forward', batch: 12, steps: 5 },
    { model: 'digits', format: 'posit8', gradient: 'backprop', batch: 8, steps: 4 },
    { model: 'digits', format: 'bposit16', gradient: 'forward', batch: 10, steps: 2 },
    { model: 'digits', format: 'float32', gradient: 'backprop', batch: 20, steps: 2 },
    { model: 'digits', format: 'posit32', gradient: 'backprop', batch: 30, steps: 2 },
    { model: 'regression', format: 'posit16', gradient: 'backprop', batch: 7, steps: 4 },
    { model: 'regression', format: 'bposit32', gradient: 'backprop', batch: 4, steps: 3 },
    { model: 'regression', format: 'float16', gradient: 'forward', batch: 9, steps: 3 }
];

describe('accumulate_steps N with accumulate quire', () => {
    for (const c of cases) {
        it(`gives the weights of one batch of N×B bit for bit (${c.model}, ${c.format}, ${c.gradient}, B = ${c.batch}, N = ${c.steps})`, async () => {
            const base = { model: c.model, format: c.format, accumulate: 'quire', gradient: c.gradient } as const;
            const oneBatch = await train({ ...base, batch: c.batch * c.steps });
            const accumulated = await train({ ...base, batch: c.batch, accumulateSteps: c.steps });
            expect(oneBatch.outcome.kind).toBe('done');
            expect(accumulated.outcome.kind).toBe('done');
            expect(oneBatch.weights.length).toBeGreaterThan(0);
            expect(differingBytes(accumulated.weights, oneBatch.weights)).toBe(0);
            // And training moved the weights at all (a run that never updates would also agree).
            const untrained = await train({ ...base, batch: c.batch * c.steps, epochs: 0 });
            expect(differingBytes(untrained.weights, oneBatch.weights)).toBeGreaterThan(0);
        });
    }

    it('keeps activations of B rows instead of N×B, and one quire per parameter element, in the allocator', async () => {
        const base = { model: 'digits', format: 'posit16', accumulate: 'quire', gradient: 'backprop' } as const;
        const big = await train({ ...base, batch: 64 });
        const small = await train({ ...base, batch: 8, accumulateSteps: 8 });
        if (big.outcome.kind !== 'done' || small.outcome.kind !== 'done') throw new Error('runs failed');
        expect(small.outcome.memory.byClass.activation + small.outcome.memory.byClass.tape).toBeLessThan((big.outcome.memory.byClass.activation + big.outcome.memory.byClass.tape) / 4);
        // 64·16 + 16 + 16·12 + 12 + 12·10 + 10 = 1374 elements; a posit16 quire is 256 bits = 8 limbs,
        // plus the float64 head and a flag: 41 bytes an element. The quire class also holds the
        // kernel arena, which shrinks with the batch.
        const quireBytes = 1374 * (8 + 32 + 1);
        const program = compile(graphOf(base), 'quire');
        const arena = (batch: number): number => new Executor(program, new TrackedAllocator(), 'backprop', batch).arenaBytes;
        expect(small.outcome.memory.byClass.quire).toBe(big.outcome.memory.byClass.quire - arena(64) + arena(8) + quireBytes);
    });
});

describe('accumulate_steps N with accumulate rounded', () => {
    for (const format of ['posit8', 'posit16']) {
        it(`changes the weights (${format}): each micro-batch's gradient is rounded, then the sums round again`, async () => {
            const base = { model: 'digits', format, accumulate: 'rounded', gradient: 'backprop' } as const;
            const oneBatch = await train({ ...base, batch: 32 });
            const accumulated = await train({ ...base, batch: 8, accumulateSteps: 4 });
            expect(accumulated.outcome.kind).toBe('done');
            expect(differingBytes(accumulated.weights, oneBatch.weights)).toBeGreaterThan(0);
        });
    }
});

describe('programs accumulation cannot split exactly', () => {
    it('are refused before training with backprop and quire, naming the parameter (float64 has no quire array)', async () => {
        const run = await train({ model: 'regression', format: 'float64', accumulate: 'quire', gradient: 'backprop', batch: 8, accumulateSteps: 2 });
        expect(run.outcome.kind).toBe('failed');
        if (run.outcome.kind !== 'failed') return;
        expect(run.outcome.error.code).toBe('PHG7102');
        expect(run.outcome.error.message).toContain('parameter W is float64');
    });

    it('still train with accumulate rounded', async () => {
        const run = await train({ model: 'regression', format: 'float64', accumulate: 'rounded', gradient: 'backprop', batch: 8, accumulateSteps: 2 });
        expect(run.outcome.kind).toBe('done');
    });
});
