// `phg train --lr` overrides the file's learning rate, and a forward-gradient run that diverges says
// that forward gradients need a small learning rate and which flag sets it. Runs the BUILT CLI
// (`npm run build` first) in a fresh workspace holding test/fixtures/train-models.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import type { ErrorEvent, TrainEvent, TrainStartEvent } from '../../../cli/train-events.js';

const cli = fileURLToPath(new URL('../../../dist/cli.cjs', import.meta.url));
const fixtures = fileURLToPath(new URL('../../fixtures/train-models/', import.meta.url));
const workspaces: string[] = [];

afterAll(() => {
    for (const dir of workspaces) rmSync(dir, { recursive: true, force: true });
});

function train(...args: string[]): { status: number | null; events: TrainEvent[]; stderr: string } {
    const dir = mkdtempSync(join(tmpdir(), 'phg-lr-'));
    workspaces.push(dir);
    cpSync(fixtures, dir, { recursive: true });
    rmSync(join(dir, '.phg'), { recursive: true, force: true });
    const result = spawnSync(process.execPath, [cli, 'train', 'digits-small.phg', '--json', ...args], { cwd: dir, encoding: 'utf8', timeout: 120_000 });
    const events = result.stdout.split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as TrainEvent);
    return { status: result.status, events, stderr: result.stderr };
}

describe('phg train --lr', () => {
    test('overrides the optimizer learning rate of the train block', () => {
        const run = train('--epochs', '1', '--lr', '0.001');
        expect(run.status, run.stderr).toBe(0);
        const start = run.events.find((event): event is TrainStartEvent => event.type === 'start');
        expect(start?.optimizer).toBe('sgd(lr: 0.001, momentum: 0.9)');
    });

    test('a forward-gradient run that diverges names the learning rate and the flag that lowers it', () => {
        const run = train('--epochs', '2', '--gradient', 'forward:1', '--lr', '50');
        expect(run.status).toBe(1);
        const error = run.events.find((event): event is ErrorEvent => event.type === 'error');
        expect(error?.code).toBe('PHG7101');
        expect(error?.message).toMatch(/Forward gradients tolerate only small learning rates \(this run used lr 50; about 5e-4 suits K = 1 on digits\): try --lr 0\.0005$/);
    });

    test('rejects a learning rate that is not a positive number', () => {
        const run = train('--lr', '-1');
        expect(run.status).toBe(2);
    });
});
