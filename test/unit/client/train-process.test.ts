import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { TrainEvent } from '../../../cli/train-events.js';
import type { CliLaunch } from '../../../client/training/cli-launch.js';
import type { ProcessExit } from '../../../client/training/run-state.js';
import { TrainProcess } from '../../../client/training/train-process.js';

const fakeCli = fileURLToPath(new URL('../../fixtures/training/fake-phg-train.mjs', import.meta.url));
const stream = fileURLToPath(new URL('../../fixtures/training/documented-shapes-3-epochs.jsonl', import.meta.url));

function launch(delayMs: number): CliLaunch {
    return { executable: process.execPath, args: [fakeCli, stream], cwd: process.cwd(), env: { ...process.env, PHG_FAKE_DELAY_MS: String(delayMs) } };
}

interface Outcome { readonly events: TrainEvent[]; readonly exit: ProcessExit }

function runToExit(delayMs: number, onEvent: (event: TrainEvent, process: TrainProcess) => void = () => undefined): Promise<Outcome> {
    return new Promise((resolve, reject) => {
        const events: TrainEvent[] = [];
        const child: TrainProcess = new TrainProcess(launch(delayMs), {
            onLine: (parsed) => {
                if (parsed.kind !== 'event') return reject(new Error(parsed.reason));
                events.push(parsed.event);
                onEvent(parsed.event, child);
            },
            onStderr: () => undefined,
            onLaunchError: (message) => reject(new Error(message)),
            onExit: (exit) => resolve({ events, exit })
        });
    });
}

describe('a phg train child process', () => {
    it('delivers every line of the stream as an event before it reports the exit', async () => {
        const { events, exit } = await runToExit(2);
        expect(events.map((e) => e.type).join(' ')).toBe('start step step step epoch step step step epoch step step step epoch done');
        expect(exit).toEqual({ code: 0, signal: null, stderrTail: '' });
    });

    it('sends SIGINT on interrupt and the CLI ends with an interrupted done event', async () => {
        const { events, exit } = await runToExit(30, (event, child) => { if (event.type === 'epoch' && event.epoch === 1) child.interrupt(); });
        const last = events.at(-1);
        expect(last).toMatchObject({ type: 'done', interrupted: 'SIGINT', epochs: 1 });
        expect(exit.code).toBe(130);
    });

    it('reports a runtime that cannot be started as a launch error', async () => {
        const message = await new Promise<string>((resolve) => {
            new TrainProcess({ executable: '/nonexistent/node', args: [], cwd: process.cwd(), env: {} }, {
                onLine: () => undefined, onStderr: () => undefined, onExit: () => resolve('exit'), onLaunchError: resolve
            });
        });
        expect(message).toMatch(/^could not start \/nonexistent\/node: spawn \/nonexistent\/node ENOENT/);
    });
});
