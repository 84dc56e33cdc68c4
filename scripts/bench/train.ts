// `npm run bench:train`: the training engine's measurements of issue 4, written to
// bench/results/train.json and bench/results/train.md.
//
// Model: MLP 64-32-10 (inputs scaled by 1/16, relu, softmax + cross-entropy), batch 32, 20 epochs,
// seed 7, on optdigits (train 3823 / test 1797, examples/data/optdigits). For each format and
// gradient mode: test accuracy after 20 epochs, ms per epoch (median over epochs 2..20, wall and
// CPU time), the measured training peak, the measured inference peak (phg run's path over the
// test set with the trained weights, same batch) and their ratio. Then the ratio for depths 2..32,
// and the engine's own float64 epoch on the same model for the speed comparison.
//
// Options: --quick (3 epochs, depth sweep 2/8/32: a smoke run), --epochs N.
import { mkdirSync, writeFileSync } from 'node:fs';
import { buildMlpGraph } from '../../engine/ir/mlp.js';
import { Program } from '../../engine/exec/program.js';
import { TrackedAllocator } from '../../engine/memory/allocator.js';
import { loadCsvDataset, type LoadedDataset } from '../../engine/data/csv-dataset.js';
import { runTraining } from '../../engine/train/trainer.js';
import { runInference } from '../../engine/train/run-inference.js';
import type { TrainSettings } from '../../engine/train/settings.js';
import type { NumberPatternArray } from '../../engine/tensor/tensor.js';
import { parseFormat } from '../../engine/numeric/index.js';
import type { AccumulateMode } from '../../engine/kernels/accumulation.js';

const quick = process.argv.includes('--quick');
const epochsArg = process.argv.indexOf('--epochs');
const epochs = epochsArg > 0 ? Number(process.argv[epochsArg + 1]) : quick ? 3 : 20;
const seed = 7;
const batch = 32;
const backpropLr = 0.05;
// Forward gradients only tolerate small learning rates (TRAINING.md: lr ≲ 5e-4 for K = 1).
const forwardLr = 5e-4;

interface Row {
    readonly format: string;
    readonly accumulate: AccumulateMode;
    readonly stateFormat?: string;
    readonly mode: 'backprop' | 'forward';
    readonly accuracy: number;
    readonly msPerEpoch: number;
    readonly cpuMsPerEpoch: number;
    readonly trainingPeak: number;
    readonly inferencePeak: number;
    readonly ratio: number;
    readonly trainingByClass: Record<string, number>;
    readonly fallbacks: number;
    readonly fault?: string;
}

function datasets(formatName: string, allocator: TrackedAllocator): { train: LoadedDataset; test: LoadedDataset } {
    const format = parseFormat(formatName)!;
    const load = (name: string): LoadedDataset => {
        const result = loadCsvDataset(
            { name, file: `examples/data/optdigits/${name}.csv`, columns: [{ name: 'x', kind: 'values', first: 0, count: 64, range: [0, 16] }, { name: 'label', kind: 'class', column: 64, classes: 10 }] },
            (column) => (column === 'x' ? format : undefined),
            allocator
        );
        if (!result.ok) throw new Error(result.error.message);
        return result.value;
    };
    return { train: load('train'), test: load('test') };
}

function median(values: readonly number[]): number {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted.length === 0 ? NaN : sorted[Math.floor(sorted.length / 2)]!;
}

async function measure(formatName: string, accumulate: AccumulateMode, mode: 'backprop' | 'forward', options: { hidden?: number[]; epochs?: number; stateFormat?: string; lr?: number } = {}): Promise<Row> {
    const format = parseFormat(formatName)!;
    const program = Program.compile(buildMlpGraph({ inputs: 64, hidden: options.hidden ?? [32], classes: 10, format, inputScale: 1 / 16 }), accumulate);
    if (!(program instanceof Program)) throw new Error(program.problems.map((p) => p.message).join('; '));
    const allocator = new TrackedAllocator();
    const { train, test } = datasets(formatName, allocator);
    const settings: TrainSettings = {
        gradient: { mode, tangents: 1 },
        optimizer: { kind: 'sgd', lr: options.lr ?? (mode === 'backprop' ? backpropLr : forwardLr), momentum: 0.9, weightDecay: 0 },
        batch, epochs: options.epochs ?? epochs, seed,
        ...(options.stateFormat !== undefined ? { stateFormat: options.stateFormat } : {})
    };
    const outcome = await runTraining({ program, settings, train, validate: test, allocator });
    const base = { format: format.name, accumulate, mode, ...(options.stateFormat !== undefined ? { stateFormat: options.stateFormat } : {}) };
    if (outcome.kind !== 'done') {
        const message = outcome.kind === 'failed' ? outcome.error.message : outcome.signal;
        return { ...base, accuracy: NaN, msPerEpoch: NaN, cpuMsPerEpoch: NaN, trainingPeak: NaN, inferencePeak: NaN, ratio: NaN, trainingByClass: {}, fallbacks: 0, fault: message };
    }
    const weights = new Map<string, NumberPatternArray>(outcome.executor.params.map((t, i) => [program.params[i]!.name, t.data]));
    const inferenceAllocator = new TrackedAllocator();
    const inference = runInference(program, datasets(formatName, inferenceAllocator).test, batch, { kind: 'patterns', byName: weights }, inferenceAllocator);
    outcome.executor.dispose();
    if (!inference.ok) throw new Error(inference.error.message);
    const later = outcome.history.slice(1);
    const { data: _data, ...byClass } = outcome.memory.byClass;
    return {
        ...base,
        accuracy: outcome.accuracy,
        msPerEpoch: median(later.map((h) => h.ms)),
        cpuMsPerEpoch: median(later.map((h) => h.cpuMs)),
        trainingPeak: outcome.memory.peak,
        inferencePeak: inference.value.memory.peak,
        ratio: outcome.memory.peak / inference.value.memory.peak,
        trainingByClass: byClass,
        fallbacks: outcome.fallbacks
    };
}

async function main(): Promise<void> {
    const started = Date.now();
    const log = (line: string): void => { process.stdout.write(`${line}\n`); };
    // Speed first, back to back, so they share the machine's conditions: float64 is the engine's own
    // baseline (native IEEE arithmetic, `rounded` = every add rounds, as float64 always does).
    log(`bench:train — ${epochs} epochs, batch ${batch}, seed ${seed}`);
    const float64 = await measure('float64', 'rounded', 'backprop');
    log(`  float64 rounded backprop: ${float64.msPerEpoch.toFixed(1)} ms/epoch (cpu ${float64.cpuMsPerEpoch.toFixed(1)}), accuracy ${(100 * float64.accuracy).toFixed(2)}%`);
    const configs: { format: string; accumulate: AccumulateMode; stateFormat?: string }[] = [
        { format: 'float32', accumulate: 'quire' },
        { format: 'posit16', accumulate: 'quire' },
        { format: 'posit16', accumulate: 'rounded' },
        { format: 'bposit32', accumulate: 'quire' },
        { format: 'posit8', accumulate: 'quire', stateFormat: 'posit<16>' }
    ];
    const rows: Row[] = [];
    for (const config of configs) {
        for (const mode of ['backprop', 'forward'] as const) {
            const row = await measure(config.format, config.accumulate, mode, config.stateFormat !== undefined ? { stateFormat: config.stateFormat } : {});
            rows.push(row);
            log(`  ${row.format} ${row.accumulate}${row.stateFormat ? ` (state ${row.stateFormat})` : ''} ${row.mode}: accuracy ${(100 * row.accuracy).toFixed(2)}%, ${row.msPerEpoch.toFixed(1)} ms/epoch (cpu ${row.cpuMsPerEpoch.toFixed(1)}), peak ${row.trainingPeak} / inference ${row.inferencePeak} = ${row.ratio.toFixed(3)}${row.fault ? ` — ${row.fault}` : ''}`);
        }
    }
    // The float64 baseline again after the table, to see how much the machine drifted.
    const float64Again = await measure('float64', 'rounded', 'backprop');
    const posit16Again = await measure('posit16', 'quire', 'backprop');
    log(`  float64 again: ${float64Again.msPerEpoch.toFixed(1)} ms/epoch (cpu ${float64Again.cpuMsPerEpoch.toFixed(1)}); posit16 quire backprop again: ${posit16Again.msPerEpoch.toFixed(1)} (cpu ${posit16Again.cpuMsPerEpoch.toFixed(1)})`);

    const depths = quick ? [2, 8, 32] : [2, 4, 8, 16, 32];
    const sweep: { depth: number; inferencePeak: number; forwardPeak: number; backpropPeak: number; forwardRatio: number; backpropRatio: number }[] = [];
    for (const depth of depths) {
        const hidden = new Array<number>(depth).fill(32);
        const forward = await measure('posit16', 'quire', 'forward', { hidden, epochs: 1, lr: 1e-4 });
        const backprop = await measure('posit16', 'quire', 'backprop', { hidden, epochs: 1, lr: 1e-3 });
        sweep.push({ depth, inferencePeak: forward.inferencePeak, forwardPeak: forward.trainingPeak, backpropPeak: backprop.trainingPeak, forwardRatio: forward.ratio, backpropRatio: backprop.ratio });
        log(`  depth ${depth}: inference ${forward.inferencePeak} B, forward(K=1) ${forward.trainingPeak} B (${forward.ratio.toFixed(3)}×), backprop ${backprop.trainingPeak} B (${backprop.ratio.toFixed(3)}×)`);
    }

    const posit16 = rows.find((r) => r.format === 'posit<16>' && r.accumulate === 'quire' && r.mode === 'backprop')!;
    const float32 = rows.find((r) => r.format === 'float32' && r.mode === 'backprop')!;
    // Each speed was measured twice; the faster measurement is the one less disturbed by other load.
    const speed = {
        posit16Wall: Math.min(posit16.msPerEpoch, posit16Again.msPerEpoch),
        posit16Cpu: Math.min(posit16.cpuMsPerEpoch, posit16Again.cpuMsPerEpoch),
        float64Wall: Math.min(float64.msPerEpoch, float64Again.msPerEpoch),
        float64Cpu: Math.min(float64.cpuMsPerEpoch, float64Again.cpuMsPerEpoch)
    };
    const targets = {
        posit16QuireBackpropAccuracyAtLeast95: posit16.accuracy >= 0.95,
        withinHalfPointOfFloat32: Math.abs(posit16.accuracy - float32.accuracy) <= 0.005,
        forwardRatioAtMost2AtEveryDepth: sweep.every((s) => s.forwardRatio <= 2),
        backpropRatioGrowsWithDepth: sweep.every((s, i) => i === 0 || s.backpropRatio > sweep[i - 1]!.backpropRatio),
        posit16EpochAtMost3xFloat64Wall: speed.posit16Wall <= 3 * speed.float64Wall,
        posit16EpochAtMost3xFloat64Cpu: speed.posit16Cpu <= 3 * speed.float64Cpu,
        posit16EpochAtMost100msWall: speed.posit16Wall <= 100,
        posit16EpochAtMost100msCpu: speed.posit16Cpu <= 100
    };
    const result = {
        generatedAt: new Date().toISOString(),
        node: process.version,
        machine: { cpus: (await import('node:os')).cpus().length, loadAverage: (await import('node:os')).loadavg() },
        setup: { model: 'MLP 64-32-10, inputs × 1/16, relu, softmax + cross_entropy', batch, epochs, seed, backpropLr, forwardLr, momentum: 0.9, data: 'optdigits train 3823 / test 1797' },
        float64: { first: float64, again: float64Again },
        posit16Again,
        speed,
        rows,
        depthSweep: sweep,
        targets,
        seconds: (Date.now() - started) / 1000
    };
    mkdirSync('bench/results', { recursive: true });
    writeFileSync('bench/results/train.json', `${JSON.stringify(result, null, 2)}\n`);
    writeFileSync('bench/results/train.md', markdown(result));
    log(`wrote bench/results/train.json and train.md (${result.seconds.toFixed(0)} s)`);
}

function markdown(r: { generatedAt: string; node: string; machine: { cpus: number; loadAverage: number[] }; float64: { first: Row; again: Row }; posit16Again: Row; speed: { posit16Wall: number; posit16Cpu: number; float64Wall: number; float64Cpu: number }; rows: Row[]; depthSweep: { depth: number; inferencePeak: number; forwardPeak: number; backpropPeak: number; forwardRatio: number; backpropRatio: number }[]; targets: Record<string, boolean> }): string {
    const pct = (x: number): string => (Number.isFinite(x) ? `${(100 * x).toFixed(2)}%` : '—');
    const ms = (x: number): string => (Number.isFinite(x) ? x.toFixed(1) : '—');
    const lines = [
        '# bench:train — training engine (issue 4)',
        '',
        `Generated ${r.generatedAt} by \`npm run bench:train\` (Node ${r.node}, ${r.machine.cpus} cores, load average ${r.machine.loadAverage.map((l) => l.toFixed(2)).join(' / ')} — a shared machine: compare by ratio within this run).`,
        '',
        'MLP 64-32-10 on optdigits (train 3823 / test 1797), inputs × 1/16, batch 32, seed 7, SGD momentum 0.9',
        `(lr ${backpropLr} backprop, ${forwardLr} forward), ${epochs} epochs. ms/epoch is the median over epochs 2..${epochs} of the training steps' wall time;`,
        'CPU is the same steps\' process CPU time. Peaks are measured by the tracked allocator (data set excluded);',
        'inference peak is `phg run`\'s path over the test set with the trained weights at the same batch size.',
        '',
        '| format | accumulate | gradient | test accuracy | ms/epoch | CPU ms/epoch | training peak (B) | inference peak (B) | ratio |',
        '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
        ...r.rows.map((row) => `| ${row.format}${row.stateFormat ? ` (state ${row.stateFormat})` : ''} | ${row.accumulate} | ${row.mode === 'forward' ? 'forward(K=1)' : 'backprop'} | ${pct(row.accuracy)}${row.fault ? ` (stopped: ${row.fault})` : ''} | ${ms(row.msPerEpoch)} | ${ms(row.cpuMsPerEpoch)} | ${row.trainingPeak} | ${row.inferencePeak} | ${Number.isFinite(row.ratio) ? row.ratio.toFixed(3) : '—'} |`),
        '',
        `Engine's own float64 (rounded = native IEEE) backprop epoch on the same model: ${ms(r.float64.first.msPerEpoch)} ms (CPU ${ms(r.float64.first.cpuMsPerEpoch)}), test accuracy ${pct(r.float64.first.accuracy)};`,
        `measured again after the table: ${ms(r.float64.again.msPerEpoch)} ms (CPU ${ms(r.float64.again.cpuMsPerEpoch)}); posit16 quire backprop again: ${ms(r.posit16Again.msPerEpoch)} ms (CPU ${ms(r.posit16Again.cpuMsPerEpoch)}).`,
        `Speed comparison (the faster of the two measurements of each): posit16+quire backprop ${ms(r.speed.posit16Wall)} ms/epoch (CPU ${ms(r.speed.posit16Cpu)}) vs float64 ${ms(r.speed.float64Wall)} ms (CPU ${ms(r.speed.float64Cpu)}): ${(r.speed.posit16Wall / r.speed.float64Wall).toFixed(2)}× wall, ${(r.speed.posit16Cpu / r.speed.float64Cpu).toFixed(2)}× CPU.`,
        '',
        '## Training peak / inference peak by depth (posit16, quire, hidden layers of 32, batch 32)',
        '',
        '| hidden layers | inference peak (B) | forward(K=1)+momentum peak (B) | ratio | backprop+momentum peak (B) | ratio |',
        '| --- | --- | --- | --- | --- | --- |',
        ...r.depthSweep.map((s) => `| ${s.depth} | ${s.inferencePeak} | ${s.forwardPeak} | ${s.forwardRatio.toFixed(3)} | ${s.backpropPeak} | ${s.backpropRatio.toFixed(3)} |`),
        '',
        '## Targets',
        '',
        ...Object.entries(r.targets).map(([name, ok]) => `- ${ok ? '✓' : '✗'} ${name}`),
        ''
    ];
    return lines.join('\n');
}

await main();
