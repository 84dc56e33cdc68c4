// `npm run bench:workers`: data-parallel training speed-up (issue 11), written to
// bench/results/workers.json and bench/results/workers.md.
//
// Model: MLP 64-256-256-10 (inputs scaled by 1/16, relu, softmax + cross-entropy), posit16,
// `accumulate quire`, backprop, SGD(lr 0.05, momentum 0.9), seed 7, on optdigits train (3823 rows),
// no validation set (epochs time training steps only). For each configuration: wall ms per epoch
// and CPU ms per epoch (median over the epochs after the first, which pays the JIT), and
//  - one thread: the main thread's own CPU time per epoch (Linux schedstat);
//  - W workers: each thread's CPU time and the critical path Σ over steps of (main thread + slowest
//    worker), i.e. what an epoch would take with one idle core per thread;
// the CPU-based speed-up (one thread's CPU ÷ the critical path) beside the wall-time one, how long
// the threads waited for a CPU (schedstat) and the load average: the machine is shared, so wall time
// measures the other engineers as much as this code. The weights of every configuration are hashed:
// with quire they must be identical.
//
// Options: --quick (2 epochs, batch 128 only), --epochs N, --batch B (repeatable).
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { buildMlpGraph } from '../../engine/ir/mlp.js';
import { Program } from '../../engine/exec/program.js';
import { TrackedAllocator } from '../../engine/memory/allocator.js';
import { loadCsvDataset, type LoadedDataset } from '../../engine/data/csv-dataset.js';
import { runTraining } from '../../engine/train/trainer.js';
import type { TrainSettings } from '../../engine/train/settings.js';
import { parseFormat } from '../../engine/numeric/index.js';
import { threadTimes } from '../../engine/parallel/thread-cpu.js';

const quick = process.argv.includes('--quick');
const epochsArg = process.argv.indexOf('--epochs');
const epochs = epochsArg > 0 ? Number(process.argv[epochsArg + 1]) : quick ? 2 : 4;
const batches = process.argv.flatMap((arg, i) => (arg === '--batch' ? [Number(process.argv[i + 1])] : []));
const batchSizes = batches.length > 0 ? batches : quick ? [128] : [64, 128, 256];
const hidden = [256, 256];
const formatName = 'posit16';

interface Row {
    readonly batch: number;
    readonly workers: number;
    readonly wallMsPerEpoch: number;
    /** process.cpuUsage over the epoch: every thread of the process. */
    readonly processCpuMsPerEpoch: number;
    /** The main thread's CPU per epoch (one thread: all the work). */
    readonly mainCpuMsPerEpoch: number;
    /** Workers: Σ over steps of (main + slowest worker); one thread: the main thread's CPU. */
    readonly criticalPathMsPerEpoch: number;
    readonly workerCpuMsPerEpoch: readonly number[];
    /** Time the main thread waited runnable for a CPU, per epoch (contention). */
    readonly mainWaitMsPerEpoch: number;
    readonly accuracy: number;
    readonly weightsDigest: string;
    readonly peakBytes: number;
    readonly quireBytes: number;
}

function median(values: readonly number[]): number {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted.length === 0 ? NaN : sorted[Math.floor(sorted.length / 2)]!;
}

function dataset(allocator: TrackedAllocator): LoadedDataset {
    const format = parseFormat(formatName)!;
    const result = loadCsvDataset(
        { name: 'train', file: 'examples/data/optdigits/train.csv', columns: [{ name: 'x', kind: 'values', first: 0, count: 64, range: [0, 16] }, { name: 'label', kind: 'class', column: 64, classes: 10 }] },
        (column) => (column === 'x' ? format : undefined),
        allocator
    );
    if (!result.ok) throw new Error(result.error.message);
    return result.value;
}

async function bundleWorker(): Promise<string> {
    mkdirSync('.cache/bench', { recursive: true });
    const outfile = resolve('.cache/bench/train-worker.cjs');
    await build({ entryPoints: [join('engine', 'parallel', 'train-worker.ts')], outfile, bundle: true, platform: 'node', target: 'node20', format: 'cjs', logLevel: 'warning' });
    return outfile;
}

async function measure(batch: number, workers: number, workerScript: string): Promise<Row> {
    const program = Program.compile(buildMlpGraph({ inputs: 64, hidden, classes: 10, format: parseFormat(formatName)!, inputScale: 1 / 16 }), 'quire');
    if (!(program instanceof Program)) throw new Error(program.problems.map((p) => p.message).join('; '));
    const allocator = new TrackedAllocator();
    const train = dataset(allocator);
    const settings: TrainSettings = { gradient: { mode: 'backprop', tangents: 1 }, optimizer: { kind: 'sgd', lr: 0.05, momentum: 0.9, weightDecay: 0 }, batch, epochs, seed: 7, workers };
    const mainCpu: number[] = [];
    const mainWait: number[] = [];
    let last = threadTimes();
    const outcome = await runTraining({
        program, settings, train, allocator, workerScript,
        observer: {
            epoch: () => {
                const now = threadTimes();
                if (now !== undefined && last !== undefined) {
                    mainCpu.push((now.cpuNs - last.cpuNs) / 1e6);
                    mainWait.push((now.waitNs - last.waitNs) / 1e6);
                }
                last = now;
            }
        }
    });
    if (outcome.kind !== 'done') throw new Error(outcome.kind === 'failed' ? outcome.error.message : 'interrupted');
    const measured = outcome.history.slice(1);
    const hash = createHash('sha256');
    for (const p of outcome.executor.params) hash.update(new Uint8Array(p.data.buffer, p.data.byteOffset, p.data.byteLength));
    outcome.executor.dispose();
    const later = <T>(values: readonly T[]): T[] => values.slice(1);
    return {
        batch, workers,
        wallMsPerEpoch: median(measured.map((r) => r.ms)),
        processCpuMsPerEpoch: median(measured.map((r) => r.cpuMs)),
        mainCpuMsPerEpoch: median(later(mainCpu)),
        criticalPathMsPerEpoch: workers === 1 ? median(later(mainCpu)) : median(measured.map((r) => r.threadCpu?.criticalPathMs ?? NaN)),
        workerCpuMsPerEpoch: workers === 1 ? [] : Array.from({ length: workers }, (_, w) => median(measured.map((r) => r.threadCpu?.workersMs[w] ?? NaN))),
        mainWaitMsPerEpoch: median(later(mainWait)),
        accuracy: outcome.history[outcome.history.length - 1]!.accuracy,
        weightsDigest: `sha256:${hash.digest('hex')}`,
        peakBytes: outcome.memory.peak,
        quireBytes: outcome.memory.byClass.quire
    };
}

function markdown(result: { machine: { cpus: number; loadBefore: number[]; loadAfter: number[] }; epochs: number; rows: Row[]; speedups: Speedup[] }): string {
    const ms = (x: number): string => (Number.isFinite(x) ? x.toFixed(0) : '—');
    const lines = [
        '# Data-parallel training: speed-up (`npm run bench:workers`)',
        '',
        `MLP 64-256-256-10, ${formatName}, accumulate quire, backprop, SGD(0.05, momentum 0.9), optdigits train (3823 rows), ${result.epochs} epochs (medians over epochs 2..${result.epochs}).`,
        `Machine: ${result.machine.cpus} CPUs, shared; load average ${result.machine.loadBefore.map((x) => x.toFixed(2)).join(' / ')} (1/5/15 min) before, ${result.machine.loadAfter.map((x) => x.toFixed(2)).join(' / ')} after.`,
        '',
        '| batch | workers | wall ms/epoch | process CPU ms/epoch | main-thread CPU ms | worker CPU ms | critical path ms | main waited for a CPU (ms) | peak bytes | quire bytes | weights |',
        '| ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: | --- |',
        ...result.rows.map((r) => `| ${r.batch} | ${r.workers} | ${ms(r.wallMsPerEpoch)} | ${ms(r.processCpuMsPerEpoch)} | ${ms(r.mainCpuMsPerEpoch)} | ${r.workerCpuMsPerEpoch.map(ms).join(', ') || '—'} | ${ms(r.criticalPathMsPerEpoch)} | ${ms(r.mainWaitMsPerEpoch)} | ${r.peakBytes} | ${r.quireBytes} | ${r.weightsDigest.slice(7, 19)}… |`),
        '',
        '| batch | workers | wall-time speed-up | CPU-time speed-up (1 thread CPU ÷ critical path) | same weights as 1 thread |',
        '| ---: | ---: | ---: | ---: | --- |',
        ...result.speedups.map((s) => `| ${s.batch} | ${s.workers} | ${s.wall.toFixed(2)}× | ${s.cpu.toFixed(2)}× | ${s.identical ? 'yes' : 'NO'} |`),
        '',
        'Wall time on a shared 2-core machine includes time the threads spent waiting for a CPU; the',
        'critical path is each thread\'s own CPU time, so it says what the split achieves on idle cores.',
        ''
    ];
    return lines.join('\n');
}

interface Speedup {
    readonly batch: number;
    readonly workers: number;
    readonly wall: number;
    readonly cpu: number;
    readonly identical: boolean;
}

async function main(): Promise<void> {
    const workerScript = await bundleWorker();
    const loadBefore = loadavg();
    const rows: Row[] = [];
    for (const batch of batchSizes) {
        for (const workers of [1, 2, 4]) {
            if (quick && workers === 4) continue;
            const row = await measure(batch, workers, workerScript);
            console.log(`batch ${batch}, ${workers} worker(s): wall ${row.wallMsPerEpoch.toFixed(0)} ms/epoch, critical path ${row.criticalPathMsPerEpoch.toFixed(0)} ms, process CPU ${row.processCpuMsPerEpoch.toFixed(0)} ms, weights ${row.weightsDigest.slice(0, 19)}…`);
            rows.push(row);
        }
    }
    const speedups: Speedup[] = rows.filter((r) => r.workers > 1).map((r) => {
        const single = rows.find((s) => s.batch === r.batch && s.workers === 1)!;
        return { batch: r.batch, workers: r.workers, wall: single.wallMsPerEpoch / r.wallMsPerEpoch, cpu: single.criticalPathMsPerEpoch / r.criticalPathMsPerEpoch, identical: r.weightsDigest === single.weightsDigest };
    });
    const result = { machine: { cpus: cpus().length, loadBefore, loadAfter: loadavg() }, epochs, model: `64-${hidden.join('-')}-10`, format: formatName, rows, speedups };
    mkdirSync('bench/results', { recursive: true });
    writeFileSync('bench/results/workers.json', `${JSON.stringify(result, null, 2)}\n`);
    writeFileSync('bench/results/workers.md', markdown(result));
    console.log(markdown(result));
}

await main();
