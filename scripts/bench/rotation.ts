// npm run bench:rotation — warm rotation under steady load, measured.
//
// A `phg serve` process serves the digits model; a load process (load-client.mjs, paced open loop
// on loopback) sends predictions at a steady rate; this process performs rotation cycles, each of
// three rotations: a good candidate (the same weights a deterministic retrain gives), one that
// fails its canary (other weights), one with a bad signature. It reports failed or missing
// requests (must be 0), that each bad candidate was rejected with its code, and p99 latency during
// the rotations against steady state (target ≤ 2×), per trial and over all trials (a shared 2-core
// machine is noisy: compare within a trial). Writes bench/results/rotation.json and .md.
//
//   node scripts/run-ts.mjs scripts/bench/rotation.ts [--trials T] [--cycles N] [--rate R] [--steady S]
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { bundleCli, corruptRecordSignature, createDigitsWorkspace, digitsRows, saveSeededVersion, startServe } from '../../test/integration/serve/helpers/cli-workspace.js';
import { eventLoopIn, eventLoopRecorder, latencyIn, startLoad, type EventLoopStats, type LatencyStats, type LoadRecord, type TimeWindow } from './load-windows.js';

const { values } = parseArgs({ options: { trials: { type: 'string', default: '3' }, cycles: { type: 'string', default: '10' }, rate: { type: 'string', default: '400' }, steady: { type: 'string', default: '6' } } });
const trials = Number(values.trials);
const cycles = Number(values.cycles);
const rate = Number(values.rate);
const steadySeconds = Number(values.steady);
const root = process.cwd();
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
type Kind = 'good' | 'canary-failing' | 'bad-signature';
const expectedOutcome: Record<Kind, [string, string | null]> = { good: ['active', null], 'canary-failing': ['rejected', 'PHG5010'], 'bad-signature': ['rejected', 'PHG5002'] };

interface Rotation {
    readonly kind: Kind;
    readonly version: number;
    readonly window: TimeWindow;
    readonly status: number;
    readonly outcome: string;
    readonly code: string | null;
}

interface Trial {
    readonly loadAverage: number;
    readonly requests: number;
    readonly responses: number;
    readonly failed: number;
    readonly missing: number;
    readonly wrongOutcomes: number;
    readonly steady: LatencyStats;
    readonly during: LatencyStats;
    readonly duringPlus1s: LatencyStats;
    readonly ratio: number;
    /** Event-loop delay of the served process, steady and during rotations. */
    readonly eventLoop: { readonly steady: EventLoopStats; readonly during: EventLoopStats };
    readonly rotationMs: readonly number[];
    readonly records: readonly LoadRecord[];
    readonly steadyWindows: readonly TimeWindow[];
    readonly rotationWindows: readonly TimeWindow[];
}

async function runTrial(): Promise<Trial> {
    const workspace = await createDigitsWorkspace();
    await saveSeededVersion(workspace, 1);
    const plan: { kind: Kind; version: number }[] = [];
    for (let cycle = 0; cycle < cycles; cycle++) {
        plan.push({ kind: 'good', version: await saveSeededVersion(workspace, 1) });
        plan.push({ kind: 'canary-failing', version: await saveSeededVersion(workspace, 100 + cycle) });
        const forged = await saveSeededVersion(workspace, 1);
        corruptRecordSignature(workspace, forged);
        plan.push({ kind: 'bad-signature', version: forged });
    }
    const recorder = eventLoopRecorder();
    const server = await startServe(workspace, ['--token', 'bench-token', '--grace', '1', '--version', '1'], recorder.env);
    const gapMs = 1500;
    const seconds = Math.ceil(steadySeconds + (plan.length * (gapMs + 300)) / 1000 + 2);
    const { rows } = digitsRows(256);
    const load = startLoad(root, {
        url: `${server.url}/v1/models/Mlp:predict`,
        bodies: rows.map((row) => JSON.stringify({ instances: [row] })),
        rate, amount: rate * seconds, connections: 32, engine: 'paced'
    });
    const startedAt = await load.started;
    const loadAverage = loadavg()[0] ?? 0;
    await sleep(steadySeconds * 1000);
    const performed: Rotation[] = [];
    for (const step of plan) {
        const from = Date.now();
        const response = await fetch(`${server.url}/v1/models/Mlp:rotate`, { method: 'POST', headers: { authorization: 'Bearer bench-token' }, body: JSON.stringify({ version: step.version }) });
        const to = Date.now();
        const body = await response.json() as { rotation?: { outcome: string; code?: string } };
        performed.push({ ...step, window: { from, to }, status: response.status, outcome: body.rotation?.outcome ?? 'refused', code: body.rotation?.code ?? null });
        await sleep(gapMs);
    }
    const result = await load.done;
    await server.kill('SIGTERM');
    const ticks = recorder.read();
    // Steady state is sampled before the first rotation and between rotations (from 700 ms after
    // one ends to 100 ms before the next starts), so both sides see the same background load.
    const steadyWindows: TimeWindow[] = [{ from: startedAt + 2000, to: (performed[0]?.window.from ?? Date.now()) - 100 }];
    performed.forEach((entry, index) => {
        const next = performed[index + 1];
        if (next) steadyWindows.push({ from: entry.window.to + 700, to: next.window.from - 100 });
    });
    const rotationWindows = performed.map((entry) => entry.window);
    const steady = latencyIn(result.records, steadyWindows);
    const during = latencyIn(result.records, rotationWindows);
    return {
        loadAverage,
        requests: result.summary.expected,
        responses: result.records.length,
        failed: result.records.filter(([, , status]) => status !== 200).length + result.errors.length,
        missing: result.summary.expected - result.records.length,
        wrongOutcomes: performed.filter((entry) => entry.outcome !== expectedOutcome[entry.kind][0] || entry.code !== expectedOutcome[entry.kind][1]).length,
        steady, during,
        duringPlus1s: latencyIn(result.records, rotationWindows.map((window) => ({ from: window.from, to: window.to + 1000 }))),
        ratio: during.p99 / steady.p99,
        eventLoop: { steady: eventLoopIn(ticks, steadyWindows), during: eventLoopIn(ticks, rotationWindows) },
        rotationMs: performed.map((entry) => entry.window.to - entry.window.from),
        records: result.records, steadyWindows, rotationWindows
    };
}

await bundleCli();
const results: Trial[] = [];
for (let trial = 0; trial < trials; trial++) results.push(await runTrial());

const allRecords = results.flatMap((trial) => trial.records);
const pooledSteady = latencyIn(allRecords, results.flatMap((trial) => trial.steadyWindows));
const pooledDuring = latencyIn(allRecords, results.flatMap((trial) => trial.rotationWindows));
const ratios = results.map((trial) => trial.ratio).sort((a, b) => a - b);
const medianRatio = ratios[Math.floor(ratios.length / 2)] ?? NaN;
const totals = { requests: sum(results.map((trial) => trial.requests)), responses: sum(results.map((trial) => trial.responses)), failed: sum(results.map((trial) => trial.failed)), missing: sum(results.map((trial) => trial.missing)), wrongOutcomes: sum(results.map((trial) => trial.wrongOutcomes)) };
const rotationMs = results.flatMap((trial) => trial.rotationMs).sort((a, b) => a - b);
const report = {
    date: new Date().toISOString(),
    machine: `${process.platform} ${process.arch}, node ${process.version}`,
    settings: { trials, cycles, rotationsPerTrial: cycles * 3, rate, connections: 32, load: 'paced open loop, separate process, loopback (scripts/bench/load-client.mjs)' },
    totals,
    trials: results.map((trial) => ({ loadAverage: round(trial.loadAverage), steady: trial.steady, during: trial.during, duringPlus1s: trial.duringPlus1s, p99Ratio: round(trial.ratio), eventLoop: trial.eventLoop, failed: trial.failed, missing: trial.missing, wrongOutcomes: trial.wrongOutcomes })),
    pooled: { steady: pooledSteady, during: pooledDuring, p99Ratio: round(pooledDuring.p99 / pooledSteady.p99) },
    medianTrialP99Ratio: round(medianRatio),
    rotationMs: { median: rotationMs[Math.floor(rotationMs.length / 2)] ?? 0, max: rotationMs.at(-1) ?? 0 },
    verdict: { zeroFailedOrMissing: totals.failed === 0 && totals.missing === 0, badCandidatesRejected: totals.wrongOutcomes === 0, medianP99RatioWithinTarget: medianRatio <= 2 }
};
mkdirSync(join(root, 'bench', 'results'), { recursive: true });
writeFileSync(join(root, 'bench', 'results', 'rotation.json'), `${JSON.stringify(report, null, 2)}\n`);
const lines = [
    '# Warm rotation under load (npm run bench:rotation)',
    '',
    `${report.date} · ${report.machine} · ${rate} req/s paced from a separate process · ${trials} trials × ${cycles * 3} rotations (good / canary-failing / bad signature)`,
    '',
    `requests ${totals.requests}, responses ${totals.responses}, failed ${totals.failed}, missing ${totals.missing}; rotations with an unexpected outcome: ${totals.wrongOutcomes}`,
    `rotation time (rotate request to answer): median ${report.rotationMs.median} ms, max ${report.rotationMs.max} ms`,
    '',
    '| trial | load avg | steady n | steady p50 | steady p99 | during n | during p50 | during p99 | p99 ratio |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...results.map((trial, index) => `| ${index + 1} | ${round(trial.loadAverage)} | ${trial.steady.count} | ${trial.steady.p50} | ${trial.steady.p99} | ${trial.during.count} | ${trial.during.p50} | ${trial.during.p99} | ${round(trial.ratio)}× |`),
    `| pooled | | ${pooledSteady.count} | ${pooledSteady.p50} | ${pooledSteady.p99} | ${pooledDuring.count} | ${pooledDuring.p50} | ${pooledDuring.p99} | ${report.pooled.p99Ratio}× |`,
    '',
    `median p99 ratio over trials: ${report.medianTrialP99Ratio}× (target ≤ 2×). Latencies in ms, counted from each request's scheduled send time.`,
    '',
    'Event loop of the served process, steady → during rotations (ms; a 1 ms timer, its lateness split by the main thread\'s scheduler statistics):',
    '',
    '| trial | loop delay p99 | loop delay max | on CPU p99 | on CPU max | run queue max | blocked max | run queue ms/s |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...results.map((trial, index) => {
        const { steady, during } = trial.eventLoop;
        const pair = (key: keyof EventLoopStats): string => `${steady[key]} → ${during[key]}`;
        return `| ${index + 1} | ${pair('p99')} | ${pair('max')} | ${pair('p99OnCpu')} | ${pair('maxOnCpu')} | ${pair('maxRunQueue')} | ${pair('maxBlocked')} | ${pair('runQueueMsPerSecond')} |`;
    }),
    '',
    'On CPU: the part of a late tick the main thread spent running (the service\'s own work holding the loop). Run queue: the part it was ready but waiting for a CPU the OS gave to other processes. Blocked: the rest, in a system call (a synchronous fsync or read). Run queue ms/s: waiting time per second, how contended the machine was.',
    ''
];
writeFileSync(join(root, 'bench', 'results', 'rotation.md'), lines.join('\n'));
process.stdout.write(lines.join('\n'));
process.exitCode = report.verdict.zeroFailedOrMissing && report.verdict.badCandidatesRejected ? 0 : 1;

function sum(values: readonly number[]): number {
    return values.reduce((total, value) => total + value, 0);
}

function round(value: number): number {
    return Math.round(value * 100) / 100;
}
