// Runs the load client (load-client.mjs) in a separate process and splits its latencies into the
// steady window and rotation windows. Shared by the rotation bench and the load test.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** One response: completion time (ms since epoch), latency (ms), HTTP status. */
export type LoadRecord = readonly [number, number, number];

/** What the load client reports when it is done. */
export interface LoadResult {
    readonly records: readonly LoadRecord[];
    readonly errors: readonly string[];
    readonly summary: { readonly expected: number; readonly responses: number; readonly non2xx: number | null; readonly errors: number | null; readonly timeouts: number | null; readonly resets: number | null };
}

/** Settings of one load run. */
export interface LoadSettings {
    readonly url: string;
    readonly bodies: readonly string[];
    readonly rate: number;
    readonly amount: number;
    readonly connections: number;
    /** `paced` (open loop, uniform; default) or `autocannon` (per-second bursts). */
    readonly engine?: 'paced' | 'autocannon';
}

/** A running load client process. */
export interface RunningLoad {
    readonly pid: number;
    /** Resolves when the client has sent its first request batch. */
    readonly started: Promise<number>;
    readonly done: Promise<LoadResult>;
}

/** Where load-client.mjs lives (beside this file in the repository). */
export function loadClientPath(root: string): string {
    return join(root, 'scripts', 'bench', 'load-client.mjs');
}

/** Starts the load client as a child process. */
export function startLoad(root: string, settings: LoadSettings): RunningLoad {
    const child = spawn(process.execPath, [loadClientPath(root), JSON.stringify(settings)], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let buffer = '';
    let stderr = '';
    let resolveStarted: (at: number) => void = () => undefined;
    let resolveDone: (result: LoadResult) => void = () => undefined;
    let rejectDone: (error: Error) => void = () => undefined;
    const started = new Promise<number>((resolve) => { resolveStarted = resolve; });
    const done = new Promise<LoadResult>((resolve, reject) => { resolveDone = resolve; rejectDone = reject; });
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
        buffer += chunk;
        let newline = buffer.indexOf('\n');
        while (newline >= 0) {
            const line = buffer.slice(0, newline);
            buffer = buffer.slice(newline + 1);
            const message = JSON.parse(line) as { type: string; at?: number } & LoadResult;
            if (message.type === 'started') resolveStarted(message.at ?? Date.now());
            if (message.type === 'done') resolveDone(message);
            newline = buffer.indexOf('\n');
        }
    });
    child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
    child.on('exit', (code) => { if (code !== 0) rejectDone(new Error(`load client exited with ${code}: ${stderr}`)); });
    return { pid: child.pid ?? -1, started, done };
}

/** Latency percentiles of a set of responses, in ms. */
export interface LatencyStats {
    readonly count: number;
    readonly p50: number;
    readonly p99: number;
    readonly max: number;
}

/** A time window [from, to] in ms since epoch. */
export interface TimeWindow {
    readonly from: number;
    readonly to: number;
}

/** Stats of the responses whose request started inside any of the windows. */
export function latencyIn(records: readonly LoadRecord[], windows: readonly TimeWindow[]): LatencyStats {
    const latencies = records
        .filter(([end, latency]) => windows.some((window) => end - latency >= window.from && end - latency <= window.to))
        .map(([, latency]) => latency)
        .sort((a, b) => a - b);
    const at = (q: number): number => (latencies.length === 0 ? 0 : latencies[Math.min(latencies.length - 1, Math.ceil(q * latencies.length) - 1)] as number);
    return { count: latencies.length, p50: at(0.5), p99: at(0.99), max: latencies.at(-1) ?? 0 };
}

/**
 * One tick of the event-loop recorder in the served process: when it ran (ms since epoch), how
 * late it was (ms past its 1 ms interval), and the main thread's time on a CPU and waiting in the
 * run queue since the previous tick (ms, from /proc/thread-self/schedstat). A late tick is then
 * explained: CPU time means the thread itself kept the loop busy (work in the service); run-queue
 * time means it was ready but the OS ran something else (a loaded machine); the rest is time
 * blocked in a system call (a synchronous fsync, a disk read).
 */
export type EventLoopTick = readonly [number, number, number, number];

/** Event-loop delay of a set of ticks, in ms. */
export interface EventLoopStats {
    readonly ticks: number;
    readonly p99: number;
    readonly max: number;
    /** p99 and max over ticks of min(delay, CPU time): how long the service's own work held the loop. */
    readonly p99OnCpu: number;
    readonly maxOnCpu: number;
    /** max over ticks of min(delay, run-queue time): how long the OS kept the ready thread waiting. */
    readonly maxRunQueue: number;
    /** max over ticks of what is left of the delay: time blocked in a system call. */
    readonly maxBlocked: number;
    /** Run-queue time per second of wall time in these windows (ms/s): how contended the CPUs were. */
    readonly runQueueMsPerSecond: number;
}

// Preloaded into the served process (NODE_OPTIONS=--require): a 1 ms timer notes how late each tick
// is and the main thread's scheduler statistics meanwhile, and writes the ticks when the process exits.
const recorderSource = `
const { readFileSync, writeFileSync } = require('node:fs');
const file = process.env.PHG_BENCH_EVENT_LOOP_FILE;
if (file && process.argv.includes('serve')) {
    const schedstat = () => {
        try {
            const fields = readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ');
            return [Number(fields[0]) / 1e6, Number(fields[1]) / 1e6];
        } catch {
            return [0, 0];
        }
    };
    const round = (value) => Math.round(value * 100) / 100;
    const ticks = [];
    let last = performance.now();
    let [cpu, wait] = schedstat();
    setInterval(() => {
        const now = performance.now();
        const [cpuNow, waitNow] = schedstat();
        ticks.push([round(performance.timeOrigin + now), round(Math.max(0, now - last - 1)), round(cpuNow - cpu), round(waitNow - wait)]);
        last = now;
        cpu = cpuNow;
        wait = waitNow;
    }, 1).unref();
    process.on('exit', () => writeFileSync(file, JSON.stringify(ticks)));
}
`;

/** A recorder of a child process's event-loop delay: pass `env` to the child, `read()` after it exits. */
export interface EventLoopRecorder {
    readonly env: Record<string, string>;
    read(): readonly EventLoopTick[];
}

/** Sets up an event-loop recorder for one `phg serve` child (its files live in a temp folder). */
export function eventLoopRecorder(): EventLoopRecorder {
    const folder = mkdtempSync(join(tmpdir(), 'phg-event-loop-'));
    const script = join(folder, 'recorder.cjs');
    const output = join(folder, 'ticks.json');
    writeFileSync(script, recorderSource);
    return {
        env: { NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --require ${script}`.trim(), PHG_BENCH_EVENT_LOOP_FILE: output },
        read(): readonly EventLoopTick[] {
            const ticks = existsSync(output) ? JSON.parse(readFileSync(output, 'utf8')) as EventLoopTick[] : [];
            rmSync(folder, { recursive: true, force: true });
            return ticks;
        }
    };
}

/** Event-loop delay of the ticks inside any of the windows. */
export function eventLoopIn(ticks: readonly EventLoopTick[], windows: readonly TimeWindow[]): EventLoopStats {
    // A tick stands for the interval it waited through: it counts in a window it overlaps.
    const inside = ticks.filter(([at, delay]) => windows.some((window) => at >= window.from && at - delay - 1 <= window.to));
    const quantile = (values: number[], q: number): number => {
        values.sort((a, b) => a - b);
        return values.length === 0 ? 0 : values[Math.min(values.length - 1, Math.ceil(q * values.length) - 1)] as number;
    };
    const round = (value: number): number => Math.round(value * 100) / 100;
    const delays = inside.map(([, delay]) => delay);
    const onCpu = inside.map(([, delay, cpu]) => Math.min(delay, cpu));
    const runQueue = inside.map(([, delay, , wait]) => Math.min(delay, wait));
    const blocked = inside.map(([, delay, cpu, wait]) => Math.max(0, delay - cpu - wait));
    const elapsed = inside.reduce((total, [, delay]) => total + delay + 1, 0);
    const waited = inside.reduce((total, [, , , wait]) => total + wait, 0);
    return {
        ticks: inside.length,
        p99: round(quantile(delays, 0.99)),
        max: round(Math.max(0, ...delays)),
        p99OnCpu: round(quantile(onCpu, 0.99)),
        maxOnCpu: round(Math.max(0, ...onCpu)),
        maxRunQueue: round(Math.max(0, ...runQueue)),
        maxBlocked: round(Math.max(0, ...blocked)),
        runQueueMsPerSecond: elapsed === 0 ? 0 : round((waited / elapsed) * 1000)
    };
}
