// The canary replayed on a worker thread gives the report the serving thread would have given
// (same rows, same disagreements, same candidate errors): the worker builds both versions from
// their recipes, so only where the replay runs changes. Without a recipe or a worker bundle, or
// when the worker cannot answer, the replay falls back to the serving thread.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildMlpGraph } from '../../../engine/ir/mlp.js';
import { parseFormat } from '../../../engine/numeric/index.js';
import { replayCanary, type CanaryInput, type CanaryReport } from '../../../engine/serve/canary.js';
import { defaultCanaryReplayer, inThreadReplayer, workerCanaryReplayer, type CanaryReplayer } from '../../../engine/serve/canary-replayer.js';
import { engineServableModel } from '../../../engine/serve/engine-servable-model.js';
import type { ServableModel } from '../../../engine/serve/servable-model.js';
import type { NumberPatternArray } from '../../../engine/tensor/tensor.js';
import { bundleCli, cliBundleFolder } from './helpers/cli-workspace.js';
import { inputRow } from './helpers/linear-test-model.js';

const graph = buildMlpGraph({ inputs: 64, hidden: [16], classes: 10, format: { name: 'posit16', bytes: 2 } });

/** An MLP version whose weights come from `seed` (deterministic, in [-0.2, 0.2]). */
function mlp(version: number, seed: number, sizes: Record<string, number> = { W1: 64 * 16, b1: 16, W2: 16 * 10, b2: 10 }): ServableModel {
    const format = parseFormat('posit16');
    if (!format) throw new Error('posit16');
    let state = seed;
    const parameters = new Map<string, NumberPatternArray>();
    for (const [name, count] of Object.entries(sizes)) {
        const values = Float64Array.from({ length: count }, () => {
            state = (Math.imul(state, 1103515245) + 12345) >>> 0;
            return ((state >>> 8) / 2 ** 24 - 0.5) * 0.4;
        });
        const patterns = format.allocate(count) as NumberPatternArray;
        format.encodeArray(values, patterns, count);
        parameters.set(name, patterns);
    }
    const built = engineServableModel(version, graph, parameters, { accumulate: 'quire', maxBatch: 16 });
    if (!built.ok) throw new Error(built.message);
    return built.model;
}

const inputs: CanaryInput[] = Array.from({ length: 100 }, (_, index) => new Map([['x', Float64Array.from(inputRow(index).map((value) => value / 16))]]));

const essentials = (report: CanaryReport): Pick<CanaryReport, 'samples' | 'disagreements' | 'candidateErrors'> => ({ samples: report.samples, disagreements: report.disagreements, candidateErrors: report.candidateErrors });

describe('the canary on a worker thread', () => {
    let replayer: CanaryReplayer;
    const fallbacks: string[] = [];

    beforeAll(async () => {
        await bundleCli();
        replayer = workerCanaryReplayer(join(cliBundleFolder(), 'serve-canary-worker.cjs'), (reason) => fallbacks.push(reason));
    }, 60_000);
    afterAll(async () => {
        await replayer?.close();
    });

    it('runs in a worker when the bundle is there', () => {
        expect(replayer).not.toBe(inThreadReplayer);
    });

    it('agrees with the in-thread replay for an identical candidate and for a different one', async () => {
        const active = mlp(1, 1);
        for (const candidate of [mlp(2, 1), mlp(3, 77)]) {
            const inWorker = await replayer.replay(active, candidate, inputs);
            const inThread = await replayCanary(active, candidate, inputs, 0);
            expect(essentials(inWorker)).toEqual(essentials(inThread));
            expect(inWorker.replayedOn).toBe('worker-thread');
        }
        expect(essentials(await replayer.replay(active, mlp(2, 1), inputs))).toEqual({ samples: 100, disagreements: 0, candidateErrors: 0 });
        expect((await replayer.replay(active, mlp(3, 77), inputs)).disagreements).toBeGreaterThan(10);
        expect(fallbacks).toEqual([]);
    });

    it.runIf(existsSync('/proc/thread-self'))('runs the worker thread at the lowest priority, the serving thread at the normal one', async () => {
        await replayer.replay(mlp(1, 1), mlp(2, 1), inputs.slice(0, 8));
        const niceOf = (task: string): number => Number(readFileSync(`/proc/${process.pid}/task/${task}/stat`, 'utf8').split(') ')[1]?.split(' ')[16]);
        const nices = readdirSync(`/proc/${process.pid}/task`).map(niceOf);
        expect(niceOf(String(process.pid))).toBe(0);
        expect(nices.filter((nice) => nice === 19)).toHaveLength(1);
    });

    it('falls back to the serving thread when the worker cannot build a version, and says why', async () => {
        const active = mlp(1, 1);
        const candidate = mlp(4, 5);
        const recipe = candidate.recipe?.();
        if (!recipe) throw new Error('engine models have recipes');
        // The recipe lies about W2 (too few patterns): the worker refuses it; the replay still happens.
        const broken: ServableModel = { ...candidate, interface: candidate.interface, version: candidate.version, predict: (batch) => candidate.predict(batch), dispose: () => candidate.dispose(), recipe: () => ({ ...recipe, parameters: new Map([...recipe.parameters, ['W2', (recipe.parameters.get('W2') as NumberPatternArray).subarray(0, 5)]]) }) };
        const report = await replayer.replay(active, broken, inputs);
        expect(essentials(report)).toEqual(essentials(await replayCanary(active, candidate, inputs, 0)));
        expect(report.replayedOn).toBe('serving-thread');
        expect(fallbacks).toHaveLength(1);
        expect(fallbacks[0]).toMatch(/version 4 could not be built in the canary worker: parameter W2/);
    });

    it('replays on the serving thread for models without a recipe, or when there is no worker bundle', async () => {
        const active = mlp(1, 1);
        const plain: ServableModel = { version: 9, interface: active.interface, predict: (batch) => active.predict(batch), dispose: () => undefined };
        expect(essentials(await replayer.replay(active, plain, inputs))).toEqual({ samples: 100, disagreements: 0, candidateErrors: 0 });
        expect(workerCanaryReplayer(join(cliBundleFolder(), 'no-such-worker.cjs'))).toBe(inThreadReplayer);
    });

    it('is the default from 4 cores up; below, the paced replay on the serving thread is (a worker there competes with the serving thread for a CPU)', async () => {
        const script = join(cliBundleFolder(), 'serve-canary-worker.cjs');
        expect(defaultCanaryReplayer(undefined, 2, script)).toBe(inThreadReplayer);
        expect(defaultCanaryReplayer(undefined, 3, script)).toBe(inThreadReplayer);
        const onFour = defaultCanaryReplayer(undefined, 4, script);
        expect(onFour).not.toBe(inThreadReplayer);
        const active = mlp(1, 1);
        expect((await onFour.replay(active, mlp(2, 1), inputs)).replayedOn).toBe('worker-thread');
        await onFour.close();
    });
});
