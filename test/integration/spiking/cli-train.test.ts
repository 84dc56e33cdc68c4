// `phg train` on a spiking model, as a user runs it: the BUILT CLI (`node dist/cli.cjs`, after `npm
// run build`) in a fresh workspace. The JSON stream carries the spiking fields (firing rates, a
// raster, the memory plan), the measured peak equals the plan, a run stopped by SIGINT mid-epoch or
// killed by SIGKILL after an epoch resumes to the same weights as an uninterrupted run, and
// gradient-only flags are refused.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import type { TrainEvent } from '../../../cli/train-events.js';

const cli = fileURLToPath(new URL('../../../dist/cli.cjs', import.meta.url));
const fixtures = fileURLToPath(new URL('../../fixtures/spiking-models/', import.meta.url));
const data = fileURLToPath(new URL('../../fixtures/train-models/data/', import.meta.url));
const workspaces: string[] = [];

function workspace(): string {
    const dir = mkdtempSync(join(tmpdir(), 'phg-spiking-'));
    cpSync(fixtures, dir, { recursive: true });
    cpSync(data, join(dir, 'data'), { recursive: true });
    workspaces.push(dir);
    return dir;
}

afterAll(() => {
    for (const dir of workspaces) rmSync(dir, { recursive: true, force: true });
});

function phg(cwd: string, ...args: string[]): { status: number | null; stderr: string; events: TrainEvent[] } {
    if (!existsSync(cli)) throw new Error(`${cli} is missing: run 'npm run build' first`);
    const result = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', timeout: 300_000 });
    const events = args.includes('--json') ? result.stdout.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as TrainEvent) : [];
    return { status: result.status, stderr: result.stderr, events };
}

function phgUntil(cwd: string, args: string[], when: (event: TrainEvent) => boolean, signal: NodeJS.Signals): Promise<{ events: TrainEvent[]; code: number | null }> {
    return new Promise((resolve) => {
        const child = spawn(process.execPath, [cli, ...args], { cwd });
        const events: TrainEvent[] = [];
        let buffered = '';
        let sent = false;
        child.stdout.on('data', (chunk: Buffer) => {
            buffered += chunk.toString('utf8');
            const lines = buffered.split('\n');
            buffered = lines.pop() ?? '';
            for (const line of lines.filter((l) => l !== '')) {
                const event = JSON.parse(line) as TrainEvent;
                events.push(event);
                if (!sent && when(event)) {
                    sent = true;
                    child.kill(signal);
                }
            }
        });
        child.on('exit', (code) => resolve({ events, code }));
    });
}

function last<T extends TrainEvent['type']>(events: TrainEvent[], type: T): Extract<TrainEvent, { type: T }> {
    const found = events.filter((e) => e.type === type).at(-1);
    if (found === undefined) throw new Error(`no ${type} event in ${JSON.stringify(events.slice(-2))}`);
    return found as Extract<TrainEvent, { type: T }>;
}

describe('phg train on a spiking model', () => {
    test('streams start, sample steps and epochs with firing rates, a raster and the memory plan, and saves a version with the label assignment', () => {
        const dir = workspace();
        const result = phg(dir, 'train', 'spiking-small.phg', '--json');
        expect(result.status, result.stderr).toBe(0);
        const start = last(result.events, 'start');
        expect(start.gradient).toEqual({ mode: 'stdp', tangents: 0 });
        expect(start.spiking).toMatchObject({ dt: 0.001, window: 0.02, maxRate: 200, inputs: 64, layers: [{ name: 'exc', size: 10, source: 'x', plastic: true }] });
        expect(start.spiking?.memoryPlan).toMatchObject({ weights: 64 * 10 * 2, traces: (64 + 10) * 2, learningState: (64 + 10 + 10) * 2, tape: 0 });
        const steps = result.events.filter((e) => e.type === 'step');
        expect(steps.length).toBeGreaterThan(10);
        expect(steps.every((s) => s.type === 'step' && s.loss === -1 && s.stepsPerEpoch === 300 && (s.spiking?.outputSpikes ?? -1) >= 0)).toBe(true);
        const epochs = result.events.filter((e) => e.type === 'epoch');
        expect(epochs.map((e) => e.type === 'epoch' && e.epoch)).toEqual([1, 2]);
        const epoch = last(result.events, 'epoch');
        expect(epoch.accuracy).toBeGreaterThan(0.2);
        expect(epoch.spiking?.firingRates).toHaveLength(10);
        expect(epoch.spiking?.assignedNeurons).toHaveLength(10);
        expect(epoch.spiking?.simulatedSeconds).toBeGreaterThanOrEqual(300 * 0.02);
        const raster = epoch.spiking!.raster;
        expect(raster.populations.map((p) => [p.name, p.size])).toEqual([['x', 64], ['exc', 10]]);
        expect(raster.stepCount).toBe(20);
        expect(raster.populations[0]!.steps.length).toBe(raster.populations[0]!.neurons.length);
        expect(raster.populations[0]!.steps.length).toBeGreaterThan(0);
        const done = last(result.events, 'done');
        // The measured peak (tracked allocator) is the planned one.
        expect(done.memory.peak).toBe(start.spiking?.memoryPlan.peak);
        expect(done.memory.byClass.tape).toBe(0);
        const record = JSON.parse(readFileSync(join(dir, done.version, 'record.json'), 'utf8')) as { metrics: { assignment: number[] }; training: { learning: string } };
        expect(record.training.learning).toBe('stdp');
        expect(record.metrics.assignment).toHaveLength(10);
    });

    test('phg run reads the saved version out by its label assignment, keeping no STDP state, and reproduces the training\'s accuracy; phg plan prints the spiking plan', () => {
        const dir = workspace();
        const trained = phg(dir, 'train', 'spiking-small.phg', '--json');
        expect(trained.status).toBe(0);
        const trainingPeak = last(trained.events, 'done').memory;
        const run = spawnSync(process.execPath, [cli, 'run', 'spiking-small.phg', '--json'], { cwd: dir, encoding: 'utf8' });
        expect(run.status, run.stderr).toBe(0);
        const events = run.stdout.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as { type: string; weights?: string; samples?: number; accuracy?: number; memory?: { peak: number; byClass: Record<string, number> } });
        expect(events[0]).toMatchObject({ type: 'start', weights: '.phg/versions/1', samples: 100 });
        const done = events[1]!;
        // Same weights, labels, thresholds and Poisson spike trains as the training's last evaluation.
        expect(done.accuracy).toBe(last(trained.events, 'done').accuracy);
        // Inference keeps membranes, thresholds and refractory counters, but no traces (64 + 10 posit16 values).
        expect(done.memory!.byClass['state']).toBe(trainingPeak.byClass.state - (64 + 10) * 2);
        expect(done.memory!.peak).toBeLessThan(trainingPeak.peak);
        const plan = spawnSync(process.execPath, [cli, 'plan', 'spiking-small.phg'], { cwd: dir, encoding: 'utf8' });
        expect(plan.status).toBe(0);
        expect(plan.stdout).toContain(`train Small on train_set (spiking, STDP, posit<16>, quire): peak ${trainingPeak.peak} B, learning state ${(64 + 10 + 10) * 2} B, tape 0 B`);
        expect(plan.stdout).toMatch(/exc\.pre traces\s+state\s+64 per input channel\s+128 B/);
    });

    test('a run stopped by SIGINT mid-epoch, then killed by SIGKILL after an epoch, resumes to the weights of an uninterrupted run', async () => {
        const whole = phg(workspace(), 'train', 'spiking-small.phg', '--json');
        expect(whole.status).toBe(0);
        const dir = workspace();
        const stopped = await phgUntil(dir, ['train', 'spiking-small.phg', '--json'], (e) => e.type === 'step' && e.step >= 120, 'SIGINT');
        expect(stopped.code).toBe(0);
        expect(last(stopped.events, 'done').interrupted).toBe('SIGINT');
        const runId = last(stopped.events, 'start').runId;
        const killed = await phgUntil(dir, ['train', 'spiking-small.phg', '--json', '--resume', runId], (e) => e.type === 'epoch' && e.epoch === 1, 'SIGKILL');
        expect(killed.code).toBe(null);
        expect(last(killed.events, 'start').resumedFrom).toBe(runId);
        const resumed = phg(dir, 'train', 'spiking-small.phg', '--json', '--resume', runId);
        expect(resumed.status, resumed.stderr).toBe(0);
        expect(last(resumed.events, 'start').firstEpoch).toBe(2);
        expect(last(resumed.events, 'done').weightsDigest).toBe(last(whole.events, 'done').weightsDigest);
        expect(last(resumed.events, 'done').accuracy).toBe(last(whole.events, 'done').accuracy);
    }, 300_000);

    test('refuses gradient-only flags with a usage error', () => {
        const result = phg(workspace(), 'train', 'spiking-small.phg', '--json', '--gradient', 'forward');
        expect(result.status).toBe(2);
        expect(last(result.events, 'error')).toMatchObject({ code: 'PHG7201', message: expect.stringContaining('a spiking model learns by STDP') });
    });
});
