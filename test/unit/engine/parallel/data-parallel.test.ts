// Data-parallel training: each batch split across W worker threads that share nothing mutable, each
// computing exact partial sums over its slice, reduced exactly on the main thread. With
// `accumulate quire`, W = 1, 2, 3 and 4 (alone or with gradient accumulation) give bit-identical
// weights; the workers start once per run; a missing worker bundle is an error value.
import { describe, expect, it } from 'vitest';
import { buildMlpGraph } from '../../../../engine/ir/mlp.js';
import { parseFormat } from '../../../../engine/numeric/index.js';
import { TrackedAllocator } from '../../../../engine/memory/allocator.js';
import { WorkerPool } from '../../../../engine/parallel/worker-pool.js';
import { datasetData, packedParamBytes, type UpdateRequest } from '../../../../engine/parallel/worker-protocol.js';
import { Executor } from '../../../../engine/exec/executor.js';
import { compile } from '../support/harness.js';
import { loadDigits } from '../support/digits.js';
import { bundledTrainWorker } from '../support/worker-bundle.js';
import { differingBytes, train, type ShardedRun } from '../train/support/sharded-runs.js';

describe('workers W with accumulate quire', () => {
    const cases: { run: Omit<ShardedRun, 'workers' | 'workerScript'>; workers: number[] }[] = [
        { run: { model: 'digits', format: 'posit16', accumulate: 'quire', gradient: 'backprop', batch: 32 }, workers: [2, 4] },
        { run: { model: 'digits', format: 'posit16', accumulate: 'quire', gradient: 'forward', batch: 24, accumulateSteps: 2 }, workers: [3] },
        { run: { model: 'digits', format: 'float32', accumulate: 'quire', gradient: 'backprop', batch: 16, accumulateSteps: 3 }, workers: [2] },
        { run: { model: 'regression', format: 'bposit16', accumulate: 'quire', gradient: 'backprop', batch: 10 }, workers: [2, 3] }
    ];
    for (const c of cases) {
        it(`gives the weights of one thread bit for bit (${c.run.model}, ${c.run.format}, ${c.run.gradient}, B = ${c.run.batch}, N = ${c.run.accumulateSteps ?? 1}, W = ${c.workers.join(', ')})`, async () => {
            const workerScript = await bundledTrainWorker();
            const single = await train({ ...c.run, workers: 1 });
            expect(single.outcome.kind).toBe('done');
            for (const workers of c.workers) {
                const parallel = await train({ ...c.run, workers, workerScript });
                expect(parallel.outcome.kind, parallel.outcome.kind === 'failed' ? parallel.outcome.error.message : '').toBe('done');
                expect(differingBytes(parallel.weights, single.weights)).toBe(0);
            }
        });
    }

    it('reports the workers\' memory beside the main thread\'s, with one quire per parameter element in each worker', async () => {
        const workerScript = await bundledTrainWorker();
        const run = await train({ model: 'digits', format: 'posit16', accumulate: 'quire', gradient: 'backprop', batch: 32, workers: 2, workerScript });
        if (run.outcome.kind !== 'done') throw new Error('run failed');
        const quires = 2 * 1374 * (8 + 32 + 1);
        expect(run.outcome.memory.byClass.quire).toBeGreaterThan(quires);
        // The main thread keeps no activations: the steps ran in the workers.
        expect(run.allocator.snapshot().peakByClass.activation).toBe(0);
        expect(run.outcome.memory.byClass.activation + run.outcome.memory.byClass.tape).toBeGreaterThan(0);
    });
});

describe('workers W with accumulate rounded', () => {
    it('trains, but the weights depend on W (each worker\'s rounded sum is rounded again)', async () => {
        const workerScript = await bundledTrainWorker();
        const base = { model: 'digits', format: 'posit8', accumulate: 'rounded', gradient: 'backprop', batch: 32 } as const;
        const single = await train({ ...base, workers: 1 });
        const parallel = await train({ ...base, workers: 2, workerScript });
        expect(parallel.outcome.kind).toBe('done');
        expect(differingBytes(parallel.weights, single.weights)).toBeGreaterThan(0);
    });
});

describe('the worker pool', () => {
    it('starts each worker once per run: every update is answered by the thread that started', async () => {
        const workerScript = await bundledTrainWorker();
        const program = compile(buildMlpGraph({ inputs: 64, hidden: [8], classes: 10, format: parseFormat('posit16')!, inputScale: 1 / 16 }), 'quire');
        const allocator = new TrackedAllocator();
        const data = loadDigits(program, allocator, 'train-300');
        const settings = { gradient: { mode: 'backprop', tangents: 1 }, optimizer: { kind: 'sgd', lr: 0.05, momentum: 0, weightDecay: 0 }, batch: 8, epochs: 1, seed: 1, workers: 2 } as const;
        const pool = await WorkerPool.start(workerScript, 2, { graph: program.graph, accumulate: 'quire', settings, maxRows: 4, dataset: datasetData(data) });
        if (!pool.ok) throw new Error(pool.error.message);
        const executor = new Executor(program, allocator, 'inference', 1);
        executor.allocateParams();
        const bytes = packedParamBytes(executor.params);
        let returned: (readonly ArrayBuffer[] | undefined)[] = [undefined, undefined];
        const slots = program.params.length;
        try {
            for (let update = 0; update < 3; update++) {
                const requests: UpdateRequest[] = [0, 1].map((w) => ({ type: 'update', step: update, updateRows: 8, rows: Uint32Array.from({ length: 4 }, (_, i) => update * 8 + w * 4 + i), slices: [4], params: new ArrayBuffer(bytes), ...(returned[w] !== undefined ? { accumulator: returned[w] } : {}) }));
                const received: ArrayBuffer[][] = [[], []];
                const ahead: number[] = [];
                const replies = await pool.value.update(requests, (slot) => {
                    received[slot.worker]![slot.slot] = slot.buffer;
                    ahead.push(slot.slot);
                });
                if (!replies.ok) throw new Error(replies.error.message);
                expect(replies.value.map((reply) => reply.threadId)).toEqual(pool.value.threadIds);
                expect(replies.value.map((reply) => reply.rows)).toEqual([4, 4]);
                // Backprop sends every parameter's slot ahead, the last layer's first.
                expect(ahead).toHaveLength(2 * slots);
                expect(program.params[ahead[0]!]!.name).toBe('b2');
                for (const reply of replies.value) for (const entry of reply.slots) received[reply.worker]![entry.slot] = entry.buffer;
                returned = received;
            }
        } finally {
            await pool.value.terminate();
        }
    });

    it('is an error value (PHG7103) when the worker bundle is missing', async () => {
        const run = await train({ model: 'regression', format: 'posit16', accumulate: 'quire', gradient: 'backprop', batch: 8, workers: 2, workerScript: '/nonexistent/train-worker.cjs' });
        expect(run.outcome.kind).toBe('failed');
        if (run.outcome.kind === 'failed') {
            expect(run.outcome.error.code).toBe('PHG7103');
            expect(run.outcome.error.message).toContain('npm run build');
        }
    });
});
