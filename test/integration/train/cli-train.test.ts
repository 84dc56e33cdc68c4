// `phg train` and `phg run` as a user runs them: the BUILT CLI (`node dist/cli.cjs`, after `npm run
// build`) in a fresh workspace holding test/fixtures/train-models. Covers resume after a real
// SIGKILL (bit-identical final weights), SIGINT (clean stop, resumable), numeric faults (named node
// and step, nothing saved overwritten), user errors (codes, no stack traces) and the JSON stream.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import type { TrainEvent } from '../../../cli/train-events.js';

const cli = fileURLToPath(new URL('../../../dist/cli.cjs', import.meta.url));
const fixtures = fileURLToPath(new URL('../../fixtures/train-models/', import.meta.url));
const workspaces: string[] = [];

/** A fresh workspace with the fixture models and their data. */
function workspace(): string {
    const dir = mkdtempSync(join(tmpdir(), 'phg-train-'));
    cpSync(fixtures, dir, { recursive: true });
    rmSync(join(dir, '.phg'), { recursive: true, force: true });
    workspaces.push(dir);
    return dir;
}

afterAll(() => {
    for (const dir of workspaces) rmSync(dir, { recursive: true, force: true });
});

/** Runs `phg ARGS` to completion in `cwd`. */
function phg(cwd: string, ...args: string[]): { status: number | null; stdout: string; stderr: string; events: TrainEvent[] } {
    if (!existsSync(cli)) throw new Error(`${cli} is missing: run 'npm run build' first`);
    const result = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', timeout: 120_000 });
    const events = args.includes('--json') ? result.stdout.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as TrainEvent) : [];
    return { status: result.status, stdout: result.stdout, stderr: result.stderr, events };
}

/** Starts `phg ARGS` and sends `signal` once an event satisfies `when`; resolves with every event and the exit. */
function phgUntil(cwd: string, args: string[], when: (event: TrainEvent) => boolean, signal: NodeJS.Signals): Promise<{ events: TrainEvent[]; code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
    return new Promise((resolve) => {
        const child = spawn(process.execPath, [cli, ...args], { cwd });
        const events: TrainEvent[] = [];
        let buffered = '';
        let stderr = '';
        let sent = false;
        child.stdout.on('data', (chunk: Buffer) => {
            buffered += chunk.toString('utf8');
            const lines = buffered.split('\n');
            buffered = lines.pop() ?? '';
            for (const line of lines) {
                if (line === '') continue;
                const event = JSON.parse(line) as TrainEvent;
                events.push(event);
                if (!sent && when(event)) {
                    sent = true;
                    child.kill(signal);
                }
            }
        });
        child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString('utf8'); });
        child.on('exit', (code, exitSignal) => resolve({ events, code, signal: exitSignal, stderr }));
    });
}

const done = (events: TrainEvent[]): Extract<TrainEvent, { type: 'done' }> => {
    const event = events.find((e) => e.type === 'done');
    if (event?.type !== 'done') throw new Error(`no done event in ${JSON.stringify(events.slice(-2))}`);
    return event;
};
const runIdOf = (events: TrainEvent[]): string => {
    const start = events.find((e) => e.type === 'start');
    if (start?.type !== 'start') throw new Error('no start event');
    return start.runId;
};

describe('phg train', () => {
    test('streams start, step, epoch and done events of the documented shapes, and saves a version', () => {
        const dir = workspace();
        const result = phg(dir, 'train', 'digits-small.phg', '--json');
        expect(result.status).toBe(0);
        expect(result.stderr).toBe('');
        const types = result.events.map((e) => e.type);
        expect(types[0]).toBe('start');
        expect(types.filter((t) => t === 'epoch')).toHaveLength(3);
        expect(types[types.length - 1]).toBe('done');
        const epoch = result.events.find((e) => e.type === 'epoch')!;
        expect(Object.keys(epoch)).toEqual(['type', 'epoch', 'epochs', 'loss', 'accuracy', 'trainAccuracy', 'ms', 'cpuMs', 'memory']);
        const final = done(result.events);
        expect(final.version).toBe(join('.phg', 'versions', '1'));
        expect(final.weightsDigest).toMatch(/^sha256:[0-9a-f]{64}$/);
        expect(Object.keys(final.memory.byClass).sort()).toEqual(['activation', 'data', 'gradient', 'param', 'quire', 'state', 'tangent', 'tape']);
        expect(final.memory.peak).toBe(Object.entries(final.memory.byClass).filter(([k]) => k !== 'data').reduce((s, [, v]) => s + v, 0));
        const record = JSON.parse(readFileSync(join(dir, '.phg/versions/1/record.json'), 'utf8')) as { weights: { sha256: string }; parent: unknown };
        expect(`sha256:${record.weights.sha256}`).toBe(final.weightsDigest);
        expect(record.parent).toBeNull();
        const metrics = readFileSync(join(dir, '.phg/runs', final.runId, 'metrics.jsonl'), 'utf8').trim().split('\n');
        expect(metrics).toHaveLength(3);
        // phg run on the saved version reproduces the last epoch's test accuracy.
        const run = phg(dir, 'run', 'digits-small.phg', '--json');
        expect(run.status).toBe(0);
        const runDone = run.events.find((e) => e.type === 'done');
        expect(runDone).toMatchObject({ type: 'done', accuracy: final.accuracy, samples: 100 });
    });

    test.each([
        ['backprop, sgd with momentum', 'digits-small.phg'],
        ['forward gradient with two tangents', 'digits-forward.phg']
    ])('a run killed with SIGKILL and resumed ends with the same weights bit for bit (%s)', async (_mode, model) => {
        const epochs = ['--epochs', '12'];
        const reference = phg(workspace(), 'train', model, '--json', ...epochs);
        expect(reference.status).toBe(0);
        const dir = workspace();
        const killed = await phgUntil(dir, ['train', model, '--json', ...epochs], (e) => e.type === 'step' && e.epoch === 4 && e.step === 5, 'SIGKILL');
        expect(killed.signal).toBe('SIGKILL');
        expect(killed.events.some((e) => e.type === 'done')).toBe(false);
        const resumed = phg(dir, 'train', model, '--json', '--resume', runIdOf(killed.events), ...epochs);
        expect(resumed.status).toBe(0);
        expect(resumed.events[0]).toMatchObject({ type: 'start', firstEpoch: 4, resumedFrom: runIdOf(killed.events) });
        expect(done(resumed.events).weightsDigest).toBe(done(reference.events).weightsDigest);
        expect(done(resumed.events).accuracy).toBe(done(reference.events).accuracy);
    });

    test('SIGINT stops cleanly with a checkpoint mid-epoch; --resume continues to the same weights', async () => {
        const epochs = ['--epochs', '30'];
        const reference = phg(workspace(), 'train', 'digits-small.phg', '--json', ...epochs);
        const dir = workspace();
        const stopped = await phgUntil(dir, ['train', 'digits-small.phg', '--json', ...epochs], (e) => e.type === 'step' && e.epoch === 2 && e.step === 3, 'SIGINT');
        expect(stopped.code).toBe(0);
        expect(stopped.stderr).toBe('');
        expect(done(stopped.events)).toMatchObject({ interrupted: 'SIGINT', version: '' });
        expect(existsSync(join(dir, '.phg/versions'))).toBe(false);
        const resumed = phg(dir, 'train', 'digits-small.phg', '--json', '--resume', runIdOf(stopped.events));
        expect(resumed.status).toBe(0);
        // The signal lands in epoch 2 or, on a busy machine, a little later: the run resumes in the
        // epoch it was stopped in, whichever that was.
        const stoppedIn = Math.max(...stopped.events.filter((e) => e.type === 'step').map((e) => (e as { epoch: number }).epoch));
        expect(stoppedIn).toBeGreaterThanOrEqual(2);
        expect(resumed.events[0]).toMatchObject({ type: 'start' });
        expect([stoppedIn, stoppedIn + 1]).toContain((resumed.events[0] as { firstEpoch?: number }).firstEpoch);
        expect(done(resumed.events).weightsDigest).toBe(done(reference.events).weightsDigest);
    });

    test('SIGTERM stops the same way: a checkpoint, an interrupted done event, exit 0', async () => {
        const dir = workspace();
        const stopped = await phgUntil(dir, ['train', 'digits-small.phg', '--json', '--epochs', '30'], (e) => e.type === 'epoch' && e.epoch === 1, 'SIGTERM');
        expect(stopped.code).toBe(0);
        expect(done(stopped.events)).toMatchObject({ interrupted: 'SIGTERM' });
        expect(existsSync(join(dir, '.phg/runs', runIdOf(stopped.events), 'checkpoint.bin'))).toBe(true);
    });

    test('a NaR names the node and the step, exits 1, and saves nothing', () => {
        const dir = workspace();
        const result = phg(dir, 'train', 'nar-at-first-step.phg', '--json');
        expect(result.status).toBe(1);
        expect(result.events[result.events.length - 1]).toMatchObject({ type: 'error', code: 'PHG7101', node: 'lx', epoch: 1, step: 1 });
        expect(existsSync(join(dir, '.phg/versions'))).toBe(false);
    });

    test('a fault in epoch 2 leaves the checkpoint of epoch 1 in place (resuming starts at epoch 2 and meets the same fault), and no version', () => {
        const dir = workspace();
        const result = phg(dir, 'train', 'diverging.phg', '--json');
        expect(result.status).toBe(1);
        const error = result.events[result.events.length - 1];
        expect(error).toMatchObject({ type: 'error', code: 'PHG7101', node: 'loss', epoch: 2 });
        const runDir = join(dir, '.phg/runs', runIdOf(result.events));
        // The checkpoint holds position epoch 1 done: resuming starts at epoch 2 again.
        const resumed = phg(dir, 'train', 'diverging.phg', '--json', '--resume', runIdOf(result.events));
        expect(resumed.events[0]).toMatchObject({ type: 'start', firstEpoch: 2 });
        expect(resumed.events[resumed.events.length - 1]).toEqual(error);
        expect(readdirSync(runDir).sort()).toEqual(['checkpoint.bin', 'metrics.jsonl', 'run.json']);
        expect(readFileSync(join(runDir, 'metrics.jsonl'), 'utf8').trim().split('\n')).toHaveLength(1);
        expect(existsSync(join(dir, '.phg/versions'))).toBe(false);
    });

    test('user errors are one line with a code — missing data, bad flags, unknown model — never a stack trace', () => {
        const dir = workspace();
        const missing = phg(dir, 'train', 'missing-data.phg');
        expect(missing.status).toBe(1);
        expect(missing.stderr).toMatch(/^phg train: PHG7001 data file .*no-such-file\.csv of 'train_set' does not exist\n$/);
        const json = phg(dir, 'train', 'missing-data.phg', '--json');
        expect(json.events).toEqual([expect.objectContaining({ type: 'error', code: 'PHG7001' })]);
        const flag = phg(dir, 'train', 'digits-small.phg', '--gradient', 'sideways', '--json');
        expect(flag.status).toBe(2);
        expect(flag.events).toEqual([{ type: 'error', code: 'PHG7201', message: "--gradient must be backprop, forward or forward:K with K ≥ 1, not 'sideways'" }]);
        const model = phg(dir, 'train', 'digits-small.phg', '--model', 'Nope');
        expect(model.stderr).toBe("phg train: PHG7202 digits-small.phg: no train block for model 'Nope' (trained models: Mlp)\n");
        const noVersion = phg(dir, 'run', 'digits-small.phg');
        expect(noVersion.status).toBe(1);
        expect(noVersion.stderr).toMatch(/^phg run: PHG7302 no trained version of Mlp/);
        for (const r of [missing, flag, model, noVersion]) expect(r.stderr + r.stdout).not.toMatch(/\n\s+at /);
    });
});
