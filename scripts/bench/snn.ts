// `npm run bench:snn`: the spiking measurements of issue 9, written to bench/results/snn.json and
// bench/results/snn.md.
//
// Model: examples/spiking-digits.phg as the language lowers it (100 LIF neurons with lateral
// inhibition and adaptive thresholds, pair-based STDP with weight normalisation, Poisson input at
// up to 200 Hz for 50 ms per sample, dt 1 ms, posit<16> with the quire), on optdigits (3823
// training and 1797 test samples), one epoch of unsupervised STDP, then label assignment on the
// training set and accuracy on the test set. Rows: the example as written; the same with 400
// neurons; 400 neurons with theta_plus doubled (a wider layer spreads the wins over more neurons,
// so each threshold grows more slowly); and the 100-neuron model in other formats and with
// rounded accumulation. For each: test accuracy, simulated time per wall second and per CPU
// second, synaptic events per second, presentations, the measured peak memory against
// engine/spiking's plan, and the process RSS.
//
// Options: --quick (300 training and 200 test samples: a smoke run), --only N (one row).
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { TrackedAllocator } from '../../engine/memory/allocator.js';
import { parseFormat } from '../../engine/numeric/index.js';
import type { AccumulateMode } from '../../engine/kernels/accumulation.js';
import { SpikingNetwork } from '../../engine/spiking/spiking-network.js';
import { runSpikingTraining } from '../../engine/spiking/unsupervised-trainer.js';
import { planSpikingMemory } from '../../engine/spiking/spiking-memory-plan.js';
import type { SpikingNetworkSpec } from '../../engine/spiking/network-spec.js';
import type { SpikeDataset } from '../../engine/spiking/spike-dataset.js';
import { loadSpikeData, loadSpikingTraining } from '../../cli/spiking/spiking-model-loader.js';

const quick = process.argv.includes('--quick');
const onlyArg = process.argv.indexOf('--only');
const only = onlyArg > 0 ? Number(process.argv[onlyArg + 1]) : undefined;
const example = 'examples/spiking-digits.phg';

interface Variant {
    readonly title: string;
    readonly neurons: number;
    readonly format: string;
    readonly accumulate: AccumulateMode;
    /** Multiplies the example's theta_plus. */
    readonly thetaScale: number;
}

interface Row extends Variant {
    readonly accuracy: number;
    readonly silentNeurons: number;
    readonly meanFiringRate: number;
    readonly trainingWallMs: number;
    readonly trainingCpuMs: number;
    readonly evaluationWallMs: number;
    readonly simulatedSeconds: number;
    readonly simulatedPerWallSecond: number;
    readonly simulatedPerCpuSecond: number;
    readonly synapticEvents: number;
    readonly synapticEventsPerSecond: number;
    readonly synapticEventsPerCpuSecond: number;
    readonly presentations: number;
    readonly quireFallbacks: number;
    readonly measuredPeak: number;
    readonly plannedPeak: number;
    readonly measuredByClass: Record<string, number>;
    readonly learningStateBytes: number;
    readonly rss: number;
}

const variants: readonly Variant[] = [
    { title: 'example (100 neurons)', neurons: 100, format: 'posit<16>', accumulate: 'quire', thetaScale: 1 },
    { title: '400 neurons', neurons: 400, format: 'posit<16>', accumulate: 'quire', thetaScale: 1 },
    { title: '400 neurons, theta_plus × 2', neurons: 400, format: 'posit<16>', accumulate: 'quire', thetaScale: 2 },
    { title: '100 neurons, rounded', neurons: 100, format: 'posit<16>', accumulate: 'rounded', thetaScale: 1 },
    { title: '100 neurons, float32', neurons: 100, format: 'float32', accumulate: 'quire', thetaScale: 1 },
    { title: '100 neurons, bposit<16>', neurons: 100, format: 'bposit<16>', accumulate: 'quire', thetaScale: 1 },
    { title: '100 neurons, posit<8>', neurons: 100, format: 'posit<8>', accumulate: 'quire', thetaScale: 1 }
];

function limited(dataset: SpikeDataset, rows: number): SpikeDataset {
    return quick ? { ...dataset, rows: Math.min(rows, dataset.rows) } : dataset;
}

async function measure(variant: Variant): Promise<Row> {
    const loaded = await loadSpikingTraining(example, process.cwd(), { format: variant.format, accumulate: variant.accumulate });
    if (loaded === undefined || !loaded.ok) throw new Error(loaded === undefined ? `${example} is not a spiking model` : loaded.error.message);
    const lowered = loaded.value.lowered;
    const spec: SpikingNetworkSpec = {
        ...lowered.spec,
        layers: lowered.spec.layers.map((l) => ({ ...l, size: variant.neurons, ...(l.thetaPlus !== undefined ? { thetaPlus: l.thetaPlus * variant.thetaScale } : {}) }))
    };
    const format = parseFormat(variant.format)!;
    const settings = { dt: lowered.dt, format, accumulate: variant.accumulate };
    const allocator = new TrackedAllocator();
    const train = loadSpikeData(lowered.train, lowered, allocator);
    const test = loadSpikeData(lowered.validate!, lowered, allocator);
    if (!train.ok || !test.ok) throw new Error('cannot load optdigits');
    const network = SpikingNetwork.create(spec, settings, allocator);
    if (!network.ok) throw new Error(network.error.message);
    const outcome = await runSpikingTraining({ network: network.value, encoding: lowered.encoding, train: limited(train.value, 300), validate: limited(test.value, 200), epochs: 1, seed: lowered.seed, allocator });
    if (outcome.kind !== 'done') throw new Error(`run ended ${outcome.kind}`);
    const record = outcome.history[0]!;
    const plan = planSpikingMemory(spec, settings, lowered.classes);
    const measured = allocator.snapshot();
    const { data: _data, ...byClass } = measured.peakByClass;
    const wall = record.ms / 1000;
    const cpu = record.cpuMs / 1000;
    return {
        ...variant, accuracy: record.accuracy, silentNeurons: record.silentNeurons, meanFiringRate: record.meanFiringRate,
        trainingWallMs: record.ms, trainingCpuMs: record.cpuMs, evaluationWallMs: record.evaluationMs,
        simulatedSeconds: record.simulatedSeconds, simulatedPerWallSecond: record.simulatedSeconds / wall, simulatedPerCpuSecond: record.simulatedSeconds / cpu,
        synapticEvents: record.synapticEvents, synapticEventsPerSecond: record.synapticEvents / wall, synapticEventsPerCpuSecond: record.synapticEvents / cpu,
        presentations: record.presentations, quireFallbacks: record.quireFallbacks,
        measuredPeak: measured.peak, plannedPeak: plan.peak, measuredByClass: byClass, learningStateBytes: plan.learningState, rss: process.memoryUsage.rss()
    };
}

function kib(bytes: number): string {
    return `${(bytes / 1024).toFixed(1)} KiB`;
}

function markdown(rows: readonly Row[], started: Date): string {
    const lines = [
        '# Spiking digits (issue 9)',
        '',
        `\`npm run bench:snn\`${quick ? ' --quick (300 training / 200 test samples)' : ''}: ${example} on optdigits (${quick ? 'subset' : '3823 training, 1797 test samples'}), one epoch of unsupervised STDP, label assignment on the training set, accuracy on the test set. dt 1 ms, 50 ms per presentation (repeated faster when the layer fires fewer than 5 spikes), seed 7.`,
        'Speeds are of the learning presentations only (evaluation excluded); wall time is shared with other work on 2 cores, CPU time (this process) is the steadier figure.',
        '',
        `Node ${process.version}, ${cpus()[0]?.model ?? 'unknown CPU'} (${cpus().length} cores, shared), load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} at the end, ${started.toISOString()}.`,
        '',
        '| run | format | accumulate | neurons | test accuracy | silent neurons | simulated s / wall s | simulated s / CPU s | synaptic events / s (wall) | events / CPU s | presentations | peak measured | peak planned | learning state | tape |',
        '| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |'
    ];
    for (const r of rows) {
        lines.push(`| ${r.title} | ${r.format} | ${r.accumulate} | ${r.neurons} | ${(100 * r.accuracy).toFixed(2)}% | ${r.silentNeurons} | ${r.simulatedPerWallSecond.toFixed(1)} | ${r.simulatedPerCpuSecond.toFixed(1)} | ${r.synapticEventsPerSecond.toExponential(2)} | ${r.synapticEventsPerCpuSecond.toExponential(2)} | ${r.presentations} | ${kib(r.measuredPeak)} | ${kib(r.plannedPeak)} | ${r.learningStateBytes} B | ${r.measuredByClass['tape'] ?? 0} B |`);
    }
    lines.push('', 'Peak memory is the tracked allocator\'s (weights as `param`; membranes, traces, thresholds as `state`; spike lists, counts and the readout as `activation`; step sums and the quire as `quire`), data set excluded; "peak planned" is engine/spiking/spiking-memory-plan.ts from the spec alone. Process RSS (whole JS runtime) at the end: ' + `${(rows[rows.length - 1]!.rss / 1048576).toFixed(0)} MiB.`, '');
    return lines.join('\n');
}

const started = new Date();
const rows: Row[] = [];
for (const [index, variant] of variants.entries()) {
    if (only !== undefined && only !== index) continue;
    const row = await measure(variant);
    rows.push(row);
    console.log(`${row.title}: accuracy ${(100 * row.accuracy).toFixed(2)}%, ${row.simulatedPerWallSecond.toFixed(1)} simulated s per wall s (${row.simulatedPerCpuSecond.toFixed(1)} per CPU s), ${row.synapticEventsPerSecond.toExponential(2)} synaptic events/s, peak ${row.measuredPeak} B measured / ${row.plannedPeak} B planned`);
}
mkdirSync('bench/results', { recursive: true });
// Partial runs go to *.tmp files (git-ignored) so they never replace the full results.
const partial = quick || only !== undefined;
const json = partial ? 'bench/results/snn.json.tmp' : 'bench/results/snn.json';
const md = partial ? 'bench/results/snn.md.tmp' : 'bench/results/snn.md';
writeFileSync(json, `${JSON.stringify({ started: started.toISOString(), quick, node: process.version, loadavg: loadavg(), rows }, null, 2)}\n`);
writeFileSync(md, markdown(rows, started));
console.log(`wrote ${json} and ${md}`);
