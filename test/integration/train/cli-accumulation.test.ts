// `phg train` with gradient accumulation and data-parallel workers, as a user runs it: the CLI and
// its worker bundled side by side (as `npm run build` lays them out in dist/), in a fresh workspace
// of test/fixtures/train-models. Equality is checked from outside, through the `weightsDigest` of
// the saved versions.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { TrainEvent } from '../../../cli/train-events.js';

const repository = fileURLToPath(new URL('../../../', import.meta.url));
const fixtures = fileURLToPath(new URL('../../fixtures/train-models/', import.meta.url));
// One bundle folder per process: test files run in parallel.
const bundles = join(repository, '.cache', 'test-workers', `cli-${process.pid}`);
const cli = join(bundles, 'cli.cjs');
const workspaces: string[] = [];

beforeAll(async () => {
    mkdirSync(bundles, { recursive: true });
    const common = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', logLevel: 'error', banner: { js: 'const __import_meta_url = require("url").pathToFileURL(__filename).href;' }, define: { 'import.meta.url': '__import_meta_url' } } as const;
    await build({ ...common, entryPoints: [join(repository, 'cli', 'main.ts')], outfile: cli });
    await build({ ...common, entryPoints: [join(repository, 'engine', 'parallel', 'train-worker.ts')], outfile: join(bundles, 'train-worker.cjs') });
});

afterAll(() => {
    rmSync(bundles, { recursive: true, force: true });
    for (const dir of workspaces) rmSync(dir, { recursive: true, force: true });
});

function workspace(): string {
    const dir = mkdtempSync(join(tmpdir(), 'phg-accumulate-'));
    cpSync(fixtures, dir, { recursive: true });
    rmSync(join(dir, '.phg'), { recursive: true, force: true });
    workspaces.push(dir);
    return dir;
}

function phg(cwd: string, ...args: string[]): { status: number | null; stderr: string; events: TrainEvent[] } {
    const result = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', timeout: 120_000 });
    const events = result.stdout.split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as TrainEvent);
    return { status: result.status, stderr: result.stderr, events };
}

function digestOf(run: { status: number | null; stderr: string; events: TrainEvent[] }): string {
    expect(run.status, run.stderr).toBe(0);
    const done = run.events.find((e) => e.type === 'done');
    if (done?.type !== 'done') throw new Error(`no done event: ${run.stderr}`);
    expect(done.weightsDigest).toMatch(/^sha256:[0-9a-f]{64}$/);
    return done.weightsDigest;
}

describe('phg train --workers W', () => {
    test('saves the same weights with 1, 2 and 4 workers (weightsDigest), backprop and forward(2)', () => {
        const dir = workspace();
        for (const model of ['digits-small.phg', 'digits-forward.phg']) {
            const digests = [1, 2, 4].map((workers) => digestOf(phg(dir, 'train', model, '--json', '--epochs', '2', '--workers', String(workers))));
            expect(new Set(digests).size).toBe(1);
        }
    });

    test('a run killed with SIGKILL while 2 workers train resumes on 1 worker to the same weights', async () => {
        const reference = digestOf(phg(workspace(), 'train', 'digits-small.phg', '--json', '--epochs', '6'));
        const dir = workspace();
        const events: TrainEvent[] = [];
        await new Promise<void>((resolve) => {
            const child = spawn(process.execPath, [cli, 'train', 'digits-small.phg', '--json', '--epochs', '6', '--workers', '2'], { cwd: dir });
            let buffered = '';
            child.stdout.on('data', (chunk: Buffer) => {
                buffered += chunk.toString('utf8');
                const lines = buffered.split('\n');
                buffered = lines.pop() ?? '';
                for (const line of lines.filter((l) => l !== '')) {
                    const event = JSON.parse(line) as TrainEvent;
                    events.push(event);
                    if (event.type === 'step' && event.epoch === 3) child.kill('SIGKILL');
                }
            });
            child.on('exit', () => resolve());
        });
        const start = events[0];
        if (start?.type !== 'start') throw new Error('no start event');
        expect(start.workers).toBe(2);
        expect(events.some((e) => e.type === 'done')).toBe(false);
        const resumed = phg(dir, 'train', 'digits-small.phg', '--json', '--resume', start.runId, '--workers', '1');
        expect(resumed.events[0]).toMatchObject({ type: 'start', firstEpoch: 3 });
        expect(digestOf(resumed)).toBe(reference);
    });
});

describe('phg train --accumulate-steps N', () => {
    test('N micro-batches of B save the weights of --batch N×B (quire), in the file or by flags', () => {
        const dir = workspace();
        const oneBatch = digestOf(phg(dir, 'train', 'digits-small.phg', '--json', '--batch', '32'));
        expect(digestOf(phg(dir, 'train', 'digits-small.phg', '--json', '--batch', '8', '--accumulate-steps', '4'))).toBe(oneBatch);
        const fromFile = phg(dir, 'train', 'digits-accumulate.phg', '--json');
        expect(fromFile.events[0]).toMatchObject({ type: 'start', batch: 16, accumulateSteps: 2, workers: 2, stepsPerEpoch: 10 });
        expect(digestOf(fromFile)).toBe(oneBatch);
    });

    test('with accumulate rounded, N micro-batches save other weights than one batch', () => {
        const dir = workspace();
        const oneBatch = digestOf(phg(dir, 'train', 'digits-small.phg', '--json', '--accumulate', 'rounded', '--batch', '32'));
        expect(digestOf(phg(dir, 'train', 'digits-small.phg', '--json', '--accumulate', 'rounded', '--batch', '8', '--accumulate-steps', '4'))).not.toBe(oneBatch);
    });

    test('rejects a value below 1 as a usage error (PHG7201)', () => {
        const run = phg(workspace(), 'train', 'digits-small.phg', '--json', '--workers', '0');
        expect(run.status).toBe(2);
        expect(run.events[0]).toMatchObject({ type: 'error', code: 'PHG7201', message: '--workers must be an integer ≥ 1, not \'0\'' });
    });
});
