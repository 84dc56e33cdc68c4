// `phg plan` as a user runs it: the BUILT CLI (`node dist/cli.cjs`, after `npm run build`). Its JSON
// has the shape, and its byte counts are the ones `phg train --json` and `phg run --json`
// then measure for the same file (examples/spring.phg, copied with its data into a scratch folder).
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';

const repositoryRoot = fileURLToPath(new URL('../../../', import.meta.url));
const cli = fileURLToPath(new URL('../../../dist/cli.cjs', import.meta.url));

/** Runs `phg ARGS...` in a folder. */
function phg(cwd: string, ...args: string[]): { status: number | null; stdout: string; stderr: string } {
    if (!existsSync(cli)) throw new Error(`${cli} is missing: run 'npm run build' first`);
    const result = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', timeout: 120_000 });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

interface Peak {
    readonly peak: number;
    readonly byClass: Record<string, number>;
}

/** The memory of the last event of a JSON Lines stream, without `data` (never part of a plan). */
function measured(stdout: string): Peak {
    const events = stdout.trim().split('\n').map((line) => JSON.parse(line) as { type: string; memory?: { peak: number; byClass: Record<string, number> } });
    const done = events.find((event) => event.type === 'done');
    if (done?.memory === undefined) throw new Error(`no done event in ${stdout}`);
    const { data: _data, ...byClass } = done.memory.byClass;
    return { peak: done.memory.peak, byClass };
}

describe('phg plan', () => {
    const scratch = mkdtempSync(join(tmpdir(), 'phg-plan-'));
    afterAll(() => rmSync(scratch, { recursive: true, force: true }));

    test('--json: one entry per train block, with the byte counts phg run and phg train then measure', () => {
        cpSync(join(repositoryRoot, 'examples/spring.phg'), join(scratch, 'spring.phg'));
        cpSync(join(repositoryRoot, 'examples/data/spring'), join(scratch, 'data/spring'), { recursive: true });
        const planned = phg(scratch, 'plan', 'spring.phg', '--json');
        expect(planned.status).toBe(0);
        const plan = JSON.parse(planned.stdout) as { models: { model: string; batch: number; format: string; inference: Peak; backprop: Peak; forward: Peak & { tangents: number } }[] };
        expect(Object.keys(plan)).toEqual(['models']);
        expect(plan.models.map((m) => Object.keys(m))).toEqual([['model', 'batch', 'format', 'inference', 'backprop', 'forward']]);
        const [spring] = plan.models;
        expect(spring).toMatchObject({ model: 'Spring', batch: 32, format: 'float32', forward: { tangents: 1 } });
        expect(Object.keys(spring!.inference.byClass)).toEqual(['param', 'state', 'activation', 'tape', 'tangent', 'gradient', 'quire']);

        expect(measured(phg(scratch, 'run', 'spring.phg', '--init', '--json').stdout)).toEqual(spring!.inference);
        expect(measured(phg(scratch, 'train', 'spring.phg', '--epochs', '1', '--json').stdout)).toEqual(spring!.backprop);
        const { tangents: _tangents, ...forward } = spring!.forward;
        expect(measured(phg(scratch, 'train', 'spring.phg', '--epochs', '1', '--gradient', 'forward', '--json').stdout)).toEqual(forward);
    });

    test('a table per block: peak and bytes by class for each step, with the ratio to inference', () => {
        const result = phg(repositoryRoot, 'plan', 'examples/digits.phg');
        expect(result.status).toBe(0);
        expect(result.stdout).toBe([
            'train Mlp on train_set — posit<16>, batch 32, trains with backprop, budget 4.0 MiB, ratio 2; bytes:',
            '                peak  param  state  activation  tape  tangent  gradient  quire',
            '  inference    30326   4822      0        8320     0        0         0  17184   29.6 KiB',
            '  backprop     45388   4822   4820         130  6144        0      4096  25376   44.3 KiB (1.50×)',
            '  forward(1)   35154   4822   4820        8320     0        8         0  17184   34.3 KiB (1.16×)',
            '',
            ''
        ].join('\n'));
    });

    test('a block over its budget: the plan, then PHG4101 with what would fit; exit 1', () => {
        const result = phg(repositoryRoot, 'plan', 'test/fixtures/cli/plan/over-budget.phg');
        expect(result.status).toBe(1);
        expect(result.stdout).toContain('  backprop     35918');
        expect(result.stdout).toContain('error PHG4101: training needs 35.1 KiB (backprop at batch 64, float32), over the memory budget of 24.0 KiB');
        expect(result.stdout).toContain('Would fit: forward(1) would need 21.1 KiB; batch 42 would need 24.0 KiB');
    });

    test('a model no block trains: inference only, in float32 at batch 32', () => {
        const result = phg(repositoryRoot, 'plan', 'test/fixtures/cli/plan/untrained.phg', '--json');
        expect(result.status).toBe(0);
        expect(JSON.parse(result.stdout)).toEqual({ models: [{ model: 'Scale', batch: 32, format: 'float32', inference: { peak: 2154, byClass: { param: 32, state: 0, activation: 2048, tape: 0, tangent: 0, gradient: 0, quire: 74 } } }] });
    });

    test('a distill block is planned: the student\'s inference and the peak phg distill measures (no forward entry)', () => {
        const result = phg(repositoryRoot, 'plan', 'examples/clinic.phg', '--json');
        expect(result.status).toBe(0);
        const plan = JSON.parse(result.stdout) as { models: { model: string; backprop?: { peak: number }; forward?: unknown }[]; unplanned?: unknown };
        expect(plan.models.map((m) => m.model)).toEqual(['Mlp', 'Clinic']);
        expect(plan.unplanned).toBeUndefined();
        // Held equal to phg distill --json by test/integration/memory/distill-plan-matches-engine.test.ts.
        expect(plan.models[1]).toMatchObject({ backprop: { peak: 50508 } });
        expect(plan.models[1]!.forward).toBeUndefined();
    });

    test('a model with errors has no plan (exit 1); usage errors exit 2', () => {
        const broken = phg(repositoryRoot, 'plan', 'test/fixtures/cli/dimension-error.phg');
        expect(broken.status).toBe(1);
        expect(broken.stdout).toContain('error PHG1001');
        expect(broken.stdout).toContain('no model to plan');
        expect(phg(repositoryRoot, 'plan').status).toBe(2);
        expect(phg(repositoryRoot, 'plan', 'a.phg', 'b.phg').status).toBe(2);
        expect(phg(repositoryRoot, 'plan', 'missing.phg').status).toBe(2);
    });
});
