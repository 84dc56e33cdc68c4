// Runs the load client (load-client.mjs) in a separate process and splits its latencies into the
// steady window and rotation windows. Shared by the rotation bench and the load test.
import { spawn } from 'node:child_process';
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
