// npm run bench:rotation — warm rotation under steady load, measured.
//
// A `phg serve` process serves the digits model; a load process (load-client.mjs, paced open loop
// on loopback) sends predictions at a steady rate; this process performs rotation cycles, each of
// three rotations: a good candidate (the same weights a deterministic retrain gives), one that
// fails its canary (other weights), one with a bad signature. It reports failed or missing
// requests (must be 0), that each bad candidate was rejected with its code, and p99 latency during
// the rotations against steady state (target ≤ 2×). Writes bench/results/rotation.json and .md.
//
//   node scripts/run-ts.mjs scripts/bench/rotation.ts [--cycles N] [--rate R] [--steady S]
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { bundleCli, corruptRecordSignature, createDigitsWorkspace, digitsRows, saveSeededVersion, startServe } from '../../test/integration/serve/helpers/cli-workspace.js';
import { latencyIn, startLoad, type LatencyStats, type TimeWindow } from './load-windows.js';

const { values } = parseArgs({ options: { cycles: { type: 'string', default: '10' }, rate: { type: 'string', default: '400' }, steady: { type: 'string', default: '8' } } });
const cycles = Number(values.cycles);
const rate = Number(values.rate);
const steadySeconds = Number(values.steady);
const root = process.cwd();
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

interface RotationMeasurement {
    readonly kind: 'good' | 'canary-failing' | 'bad-signature';
    readonly version: number;
    readonly window: TimeWindow;
    readonly status: number;
    readonly outcome: string;
    readonly code: string | null;
    readonly stages: readonly string[];
    readonly latency: LatencyStats;
}

await bundleCli();
const workspace = await createDigitsWorkspace();
await saveSeededVersion(workspace, 1);
const plan: { kind: RotationMeasurement['kind']; version: number }[] = [];
for (let cycle = 0; cycle < cycles; cycle++) {
    plan.push({ kind: 'good', version: await saveSeededVersion(workspace, 1) });
    plan.push({ kind: 'canary-failing', version: await saveSeededVersion(workspace, 100 + cycle) });
    const forged = await saveSeededVersion(workspace, 1);
    corruptRecordSignature(workspace, forged);
    plan.push({ kind: 'bad-signature', version: forged });
}
const server = await startServe(workspace, ['--token', 'bench-token', '--grace', '1', '--version', '1']);
const gapMs = 1500;
const seconds = Math.ceil(steadySeconds + (plan.length * (gapMs + 400)) / 1000 + 2);
const { rows } = digitsRows(256);
const load = startLoad(root, {
    url: `${server.url}/v1/models/Mlp:predict`,
    bodies: rows.map((row) => JSON.stringify({ instances: [row] })),
    rate, amount: rate * seconds, connections: 32, engine: 'paced'
});
const startedAt = await load.started;
await sleep(steadySeconds * 1000);
const performed: Omit<RotationMeasurement, 'latency'>[] = [];
for (const step of plan) {
    const from = Date.now();
    const response = await fetch(`${server.url}/v1/models/Mlp:rotate`, { method: 'POST', headers: { authorization: 'Bearer bench-token' }, body: JSON.stringify({ version: step.version }) });
    const to = Date.now();
    const body = await response.json() as { rotation?: { outcome: string; code?: string; stages: { stage: string }[] } };
    performed.push({ ...step, window: { from, to }, status: response.status, outcome: body.rotation?.outcome ?? 'refused', code: body.rotation?.code ?? null, stages: body.rotation?.stages.map((stage) => stage.stage) ?? [] });
    await sleep(gapMs);
}
const result = await load.done;
await server.kill('SIGTERM');

// Steady state is sampled before the first rotation and between rotations (from 700 ms after one
// ends to 100 ms before the next starts), so both sides see the same background load of a shared
// machine.
const firstRotation = performed[0]?.window.from ?? Date.now();
const gaps: TimeWindow[] = [{ from: startedAt + 2000, to: firstRotation - 100 }];
performed.forEach((entry, index) => {
    const next = performed[index + 1];
    if (next) gaps.push({ from: entry.window.to + 700, to: next.window.from - 100 });
});
const steady = latencyIn(result.records, gaps);
const rotations: RotationMeasurement[] = performed.map((entry) => ({ ...entry, latency: latencyIn(result.records, [entry.window]) }));
const during = latencyIn(result.records, performed.map((entry) => entry.window));
const afterwards = latencyIn(result.records, performed.map((entry) => ({ from: entry.window.from, to: entry.window.to + 1000 })));
const failed = result.records.filter(([, , status]) => status !== 200).length + result.errors.length;
const missing = result.summary.expected - result.records.length;
const expected: Record<RotationMeasurement['kind'], [string, string | null]> = { good: ['active', null], 'canary-failing': ['rejected', 'PHG5010'], 'bad-signature': ['rejected', 'PHG5002'] };
const wrongOutcomes = rotations.filter((entry) => entry.outcome !== expected[entry.kind][0] || entry.code !== expected[entry.kind][1]);
const ratio = steady.p99 > 0 ? during.p99 / steady.p99 : NaN;
const ratioWithAftermath = steady.p99 > 0 ? afterwards.p99 / steady.p99 : NaN;

const report = {
    date: new Date().toISOString(),
    machine: `${process.platform} ${process.arch}, node ${process.version}`,
    load: { engine: 'paced open loop (scripts/bench/load-client.mjs), separate process, loopback', rate, requests: result.summary.expected, responses: result.records.length, failed, missing, connections: 32 },
    rotations: rotations.map((entry) => ({ kind: entry.kind, version: entry.version, status: entry.status, outcome: entry.outcome, code: entry.code, ms: entry.window.to - entry.window.from, stages: entry.stages, latency: entry.latency })),
    latencyMs: { steady, duringRotations: during, duringRotationsPlus1s: afterwards },
    p99Ratio: { duringRotations: ratio, duringRotationsPlus1s: ratioWithAftermath, target: 2 },
    verdict: { zeroFailedOrMissing: failed === 0 && missing === 0, badCandidatesRejected: wrongOutcomes.length === 0, p99WithinTarget: ratio <= 2 }
};
mkdirSync(join(root, 'bench', 'results'), { recursive: true });
writeFileSync(join(root, 'bench', 'results', 'rotation.json'), `${JSON.stringify(report, null, 2)}\n`);
const lines = [
    '# Warm rotation under load (npm run bench:rotation)',
    '',
    `${report.date} · ${report.machine} · ${rate} req/s paced from a separate process · ${rotations.length} rotations in ${cycles} cycles`,
    '',
    `requests ${result.summary.expected}, responses ${result.records.length}, failed ${failed}, missing ${missing}`,
    '',
    '| window | requests | p50 ms | p99 ms | max ms |',
    '| --- | ---: | ---: | ---: | ---: |',
    `| steady (before and between rotations) | ${steady.count} | ${steady.p50} | ${steady.p99} | ${steady.max} |`,
    `| during rotations | ${during.count} | ${during.p50} | ${during.p99} | ${during.max} |`,
    `| during rotations + 1 s | ${afterwards.count} | ${afterwards.p50} | ${afterwards.p99} | ${afterwards.max} |`,
    '',
    `p99 during rotations / steady: ${ratio.toFixed(2)}× (with the second after each rotation: ${ratioWithAftermath.toFixed(2)}×; target ≤ 2×)`,
    '',
    '| rotation | version | outcome | code | ms | requests | p99 ms |',
    '| --- | ---: | --- | --- | ---: | ---: | ---: |',
    ...rotations.map((entry) => `| ${entry.kind} | ${entry.version} | ${entry.outcome} | ${entry.code ?? ''} | ${entry.window.to - entry.window.from} | ${entry.latency.count} | ${entry.latency.p99} |`),
    ''
];
writeFileSync(join(root, 'bench', 'results', 'rotation.md'), lines.join('\n'));
process.stdout.write(lines.join('\n'));
process.exitCode = report.verdict.zeroFailedOrMissing && report.verdict.badCandidatesRejected ? 0 : 1;
