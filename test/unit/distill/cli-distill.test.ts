// `phg distill` and `phg run` on a student, in process, in a fresh workspace: the student's
// version record names the teacher's version and digests (also inside the signed statement), the
// teacher's Fisher is computed once and reused, the posterior is stored and checked by digest,
// and `phg run` reports ECE from the posterior predictive.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { distillCommand } from '../../../cli/commands/distill.js';
import { runCommand } from '../../../cli/commands/run.js';
import { trainCommand } from '../../../cli/commands/train.js';
import type { CliIO } from '../../../cli/io.js';
import type { RunDoneEvent, TrainDoneEvent, TrainEpochEvent, TrainEvent, TrainStartEvent } from '../../../cli/train-events.js';
import { generateSigningKey, privateKeyPem } from '../../../engine/signing/keys.js';
import { writeKeyPair } from '../../../engine/signing/key-files.js';

const root = join(import.meta.dirname, '../../..');
let workspace = '';
let keys = '';
const savedKey = process.env.PHG_SIGNING_KEY;

async function phg(command: typeof trainCommand, ...args: string[]): Promise<{ status: number; events: TrainEvent[]; stderr: string }> {
    return phgWithInput(command, '', ...args);
}

async function phgWithInput(command: typeof trainCommand, input: string, ...args: string[]): Promise<{ status: number; events: TrainEvent[]; stderr: string }> {
    let stdout = '';
    let stderr = '';
    const io: CliIO = { stdout: (text) => { stdout += text; }, stderr: (text) => { stderr += text; }, stdin: async function* () { yield* input.split('\n'); }, cwd: workspace, interactive: false };
    const status = await command.run(args, io);
    return { status, events: stdout.split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as TrainEvent), stderr };
}

const sha256 = (file: string): string => createHash('sha256').update(readFileSync(join(workspace, file))).digest('hex');

function predicate(file: string): { training: Record<string, unknown>; metrics: Record<string, unknown> } {
    const value = JSON.parse(readFileSync(join(workspace, file), 'utf8')) as { payload?: string };
    return typeof value.payload === 'string' ? (JSON.parse(Buffer.from(value.payload, 'base64').toString('utf8')) as { predicate: never }).predicate : (value as never);
}

beforeAll(() => {
    workspace = mkdtempSync(join(tmpdir(), 'phg-distill-'));
    keys = mkdtempSync(join(tmpdir(), 'phg-distill-keys-'));
    cpSync(join(root, 'test/fixtures/distill/clinic-small.phg'), join(workspace, 'clinic.phg'));
    cpSync(join(root, 'examples/data/optdigits'), join(workspace, 'data/optdigits'), { recursive: true });
    cpSync(join(root, 'examples/data/optdigits-shifted'), join(workspace, 'data/optdigits-shifted'), { recursive: true });
});

afterAll(() => {
    if (savedKey === undefined) delete process.env.PHG_SIGNING_KEY;
    else process.env.PHG_SIGNING_KEY = savedKey;
    rmSync(workspace, { recursive: true, force: true });
    rmSync(keys, { recursive: true, force: true });
});

describe('phg distill', () => {
    it('refuses a student whose teacher has no trained version yet', async () => {
        process.env.PHG_SIGNING_KEY = join(keys, 'missing.key');
        const result = await phg(distillCommand, 'clinic.phg', '--json');
        expect(result.status).toBe(1);
        expect(result.events).toEqual([expect.objectContaining({ type: 'error', code: 'PHG7302', message: expect.stringContaining('run phg train clinic.phg --model Mlp first') })]);
    });

    it('records the teacher’s version and digests in the student’s signed version record', async () => {
        expect((await phg(trainCommand, 'clinic.phg', '--model', 'Mlp', '--json')).status).toBe(0);
        const written = writeKeyPair(keys, 'default', generateSigningKey());
        if (!written.ok) throw new Error(written.message);
        process.env.PHG_SIGNING_KEY = join(keys, 'default.key');
        const result = await phg(distillCommand, 'clinic.phg', '--json');
        expect(result.stderr).toBe('');
        expect(result.status).toBe(0);
        const start = result.events[0] as TrainStartEvent;
        expect(start.type).toBe('start');
        expect(start.distill).toMatchObject({ teacher: 'Mlp', teacherVersion: join('.phg', 'versions', '1'), teacherWeightsDigest: `sha256:${sha256('.phg/versions/1/weights.bin')}`, priorParams: ['W1', 'b1', 'W2', 'b2'], softLabelOnlyParams: [], temperature: 2, alpha: 0.1 });
        expect(start.distill?.prior).toMatchObject({ scale: 10, damping: 1, fisherRows: 300, fisherReused: false });
        expect(start.distill!.prior!.medianSigma).toBeGreaterThan(0);
        const epochs = result.events.filter((event): event is TrainEpochEvent => event.type === 'epoch');
        expect(epochs).toHaveLength(5);
        expect(epochs.every((epoch) => epoch.distill !== undefined && epoch.distill.softLoss > 0 && epoch.distill.priorPenalty >= 0)).toBe(true);
        const done = result.events[result.events.length - 1] as TrainDoneEvent;
        expect(done).toMatchObject({ type: 'done', version: join('.phg', 'versions', '2'), signature: 'signed' });
        expect(done.ece).toBeGreaterThanOrEqual(0);
        expect(done.ece).toBeLessThan(1);

        const record = predicate('.phg/versions/2/record.json');
        expect(record.training['distill']).toMatchObject({
            teacher: { model: 'Mlp', version: 1, weightsSha256: sha256('.phg/versions/1/weights.bin'), recordSha256: sha256('.phg/versions/1/record.json'), recordSigned: true },
            prior: { kind: 'gaussian', scale: 10, damping: 1, fisher: { sha256: sha256('.phg/versions/1/fisher.bin'), rows: 300, dataSha256: sha256('data/optdigits/train.csv') } }
        });
        expect(record.training['posterior']).toMatchObject({ file: 'posterior.bin', sha256: sha256('.phg/versions/2/posterior.bin'), scale: 0.03, samples: 8, scaleChosenOn: 'block' });
        expect(record.metrics).toMatchObject({ accuracy: done.accuracy, ece: done.ece, scoredOn: 'clinic_val' });
    });

    it('computes the teacher’s Fisher once and reuses it for the next student', async () => {
        const before = sha256('.phg/versions/1/fisher.bin');
        const result = await phg(distillCommand, 'clinic.phg', '--json', '--seed', '2');
        expect(result.status).toBe(0);
        expect((result.events[0] as TrainStartEvent).distill?.prior?.fisherReused).toBe(true);
        expect(sha256('.phg/versions/1/fisher.bin')).toBe(before);
        expect((predicate('.phg/versions/3/record.json').training['distill'] as { prior: { fisher: { sha256: string } } }).prior.fisher.sha256).toBe(before);
    });

    it('phg run reports accuracy and ECE from the student’s posterior, and refuses a tampered posterior', async () => {
        const run = await phg(runCommand, 'clinic.phg', '--model', 'Clinic', '--data', 'shifted_test', '--json');
        expect(run.status).toBe(0);
        const done = run.events.find((event) => event.type === 'done') as unknown as RunDoneEvent;
        expect(done.predictive).toBe('laplace');
        expect(done.accuracy).toBeGreaterThan(0.5);
        expect(done.ece).toBeGreaterThanOrEqual(0);
        const teacher = await phg(runCommand, 'clinic.phg', '--model', 'Mlp', '--data', 'shifted_test', '--json');
        expect(teacher.events.find((event) => event.type === 'done')).toMatchObject({ predictive: 'softmax' });
        const file = join(workspace, '.phg/versions/3/posterior.bin');
        const bytes = readFileSync(file);
        bytes[bytes.length - 1] = bytes[bytes.length - 1]! ^ 1;
        writeFileSync(file, bytes);
        const tampered = await phg(runCommand, 'clinic.phg', '--model', 'Clinic', '--data', 'shifted_test', '--json');
        expect(tampered.status).toBe(1);
        expect(tampered.events[tampered.events.length - 1]).toMatchObject({ type: 'error', code: 'PHG7302', message: expect.stringContaining('does not match the digest in its record') });
    });

    it('--key - signs the student’s version with the PEM key on stdin (the editor’s secret storage), not the default key', async () => {
        const key = generateSigningKey();
        const result = await phgWithInput(distillCommand, privateKeyPem(key), 'clinic.phg', '--json', '--seed', '3', '--key', '-');
        expect(result.status, result.stderr).toBe(0);
        expect(result.events[result.events.length - 1]).toMatchObject({ type: 'done', version: join('.phg', 'versions', '4'), signature: 'signed' });
        const envelope = JSON.parse(readFileSync(join(workspace, '.phg/versions/4/record.json'), 'utf8')) as { signatures: { keyid: string }[] };
        expect(envelope.signatures.map((signature) => signature.keyid)).toEqual([key.publicKey.fingerprint]);
        const bad = await phgWithInput(distillCommand, 'not a key', 'clinic.phg', '--json', '--key', '-');
        expect(bad.status).toBe(2);
        expect(bad.events).toEqual([expect.objectContaining({ type: 'error', code: 'PHG7201', message: expect.stringContaining('--key: the key on stdin') })]);
    });
});
