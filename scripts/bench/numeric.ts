// `npm run bench:numeric`: throughput of the numeric core in one run, so ratios between formats
// are meaningful on a noisy shared machine. Mops/s (dot products: million terms/s), median of
// several repetitions, for scalar calls through the NumericFormat interface and for the
// vectorised kernels. Writes bench/results/numeric.json and bench/results/numeric.md.
//
// Each format is measured in its own child process (the same script with `--format NAME`), as a
// training run uses one format: V8's type feedback would otherwise mix every format's arrays in
// the shared kernels. Time is the process's CPU time, so other jobs on the machine inflate
// nothing but the wall clock.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseFormat, type NumericFormat, type PatternArray } from '../../engine/numeric/index.js';

const quick = process.argv.includes('--quick');
const LENGTH = quick ? 1 << 14 : 1 << 16;
const REPETITIONS = quick ? 3 : 7;
const MIN_ELEMENTS_PER_REPETITION = quick ? 200_000 : 2_000_000;

const formatNames = ['posit8', 'posit16', 'posit32', 'bposit16', 'bposit32', 'float32'] as const;
const operations = ['add', 'mul', 'div', 'sqrt', 'fma', 'dot'] as const;
type Operation = (typeof operations)[number];

interface Row {
    readonly format: string;
    readonly mode: 'scalar' | 'vectorised';
    readonly results: Partial<Record<Operation, number>>;
}

/** Deterministic operands near 1 (magnitudes 2^-8 … 2^8), as NN weights and activations are. */
function sampleValues(length: number, seed: number): Float64Array {
    const values = new Float64Array(length);
    let state = seed >>> 0;
    const next = (): number => {
        state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
        return state / 2 ** 32;
    };
    for (let i = 0; i < length; i++) values[i] = (next() < 0.5 ? -1 : 1) * (1 + next()) * 2 ** Math.floor(next() * 17 - 8);
    return values;
}

/** Runs `body` (which processes `LENGTH` elements) until enough elements passed; returns the median Mops/s. */
function measure(body: () => void): number {
    const rounds = Math.max(1, Math.ceil(MIN_ELEMENTS_PER_REPETITION / LENGTH));
    body(); // warm up (and let the JIT settle)
    body();
    const rates: number[] = [];
    for (let r = 0; r < REPETITIONS; r++) {
        const start = process.cpuUsage();
        for (let i = 0; i < rounds; i++) body();
        const used = process.cpuUsage(start);
        rates.push((rounds * LENGTH) / ((used.user + used.system) / 1e6) / 1e6);
    }
    rates.sort((x, y) => x - y);
    return rates[Math.floor(rates.length / 2)];
}

let sink = 0;

function benchFormat(format: NumericFormat): Row[] {
    const a = format.allocate(LENGTH);
    const b = format.allocate(LENGTH);
    const c = format.allocate(LENGTH);
    const out = format.allocate(LENGTH);
    format.encodeArray(sampleValues(LENGTH, 1), a);
    format.encodeArray(sampleValues(LENGTH, 2), b);
    format.encodeArray(sampleValues(LENGTH, 3), c);
    const positive = format.allocate(LENGTH);
    format.encodeArray(sampleValues(LENGTH, 4).map(Math.abs), positive);
    const va = new Float64Array(LENGTH);
    const vb = new Float64Array(LENGTH);
    format.decodeArray(a, va);
    format.decodeArray(b, vb);
    const o = out as PatternArray & { [i: number]: number };
    const scalar: Row = {
        format: format.name,
        mode: 'scalar',
        results: {
            add: measure(() => { for (let i = 0; i < LENGTH; i++) o[i] = format.add(a[i], b[i]) as number; }),
            mul: measure(() => { for (let i = 0; i < LENGTH; i++) o[i] = format.mul(a[i], b[i]) as number; }),
            div: measure(() => { for (let i = 0; i < LENGTH; i++) o[i] = format.div(a[i], b[i]) as number; }),
            sqrt: measure(() => { for (let i = 0; i < LENGTH; i++) o[i] = format.sqrt(positive[i]) as number; }),
            fma: measure(() => { for (let i = 0; i < LENGTH; i++) o[i] = format.fma(a[i], b[i], c[i]) as number; }),
            dot: measure(() => {
                const quire = format.createQuire();
                for (let i = 0; i < LENGTH; i++) quire.addProduct(a[i], b[i]);
                sink += Number(quire.round());
            })
        }
    };
    const vectorised: Row = {
        format: format.name,
        mode: 'vectorised',
        results: {
            add: measure(() => format.addArrays(a, b, out)),
            mul: measure(() => format.mulArrays(a, b, out)),
            div: measure(() => format.divArrays(a, b, out)),
            sqrt: measure(() => format.sqrtArray(positive, out)),
            fma: measure(() => format.fmaArrays(a, b, c, out)),
            // The engine's form: decoded operands, one exact dot product per row of 1024 terms.
            dot: measure(() => { for (let off = 0; off < LENGTH; off += 1024) sink += format.dotValues(va, off, 1, vb, off, 1, 1024); })
        }
    };
    return [scalar, vectorised];
}

function benchNativeFloat64(): Row {
    const a = sampleValues(LENGTH, 1);
    const b = sampleValues(LENGTH, 2);
    const c = sampleValues(LENGTH, 3);
    const positive = sampleValues(LENGTH, 4).map(Math.abs);
    const out = new Float64Array(LENGTH);
    return {
        format: 'float64 (plain JS)',
        mode: 'vectorised',
        results: {
            add: measure(() => { for (let i = 0; i < LENGTH; i++) out[i] = a[i] + b[i]; }),
            mul: measure(() => { for (let i = 0; i < LENGTH; i++) out[i] = a[i] * b[i]; }),
            div: measure(() => { for (let i = 0; i < LENGTH; i++) out[i] = a[i] / b[i]; }),
            sqrt: measure(() => { for (let i = 0; i < LENGTH; i++) out[i] = Math.sqrt(positive[i]); }),
            // No fused multiply-add in JS: a*b + c rounds twice.
            fma: measure(() => { for (let i = 0; i < LENGTH; i++) out[i] = a[i] * b[i] + c[i]; }),
            dot: measure(() => { let s = 0; for (let i = 0; i < LENGTH; i++) s += a[i] * b[i]; sink += s; })
        }
    };
}

function measureInChild(name: string): Row[] {
    const args = [fileURLToPath(import.meta.url), '--format', name, ...(quick ? ['--quick'] : [])];
    return JSON.parse(execFileSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 20 })) as Row[];
}

const only = process.argv.indexOf('--format');
if (only >= 0) {
    const name = process.argv[only + 1];
    const rowsOfOne = name === 'float64' ? [benchNativeFloat64()] : benchFormat(parseFormat(name) ?? failUnknown(name));
    process.stdout.write(JSON.stringify(rowsOfOne));
    process.exit(0);
}

function failUnknown(name: string): never {
    throw new Error(`unknown format ${name}`);
}

const rows: Row[] = [];
for (const name of [...formatNames, 'float64']) {
    rows.push(...measureInChild(name));
    process.stderr.write(`measured ${name}\n`);
}

const environment = { node: process.version, cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, length: LENGTH, repetitions: REPETITIONS, date: new Date().toISOString() };
const header = `| format | mode | ${operations.join(' | ')} |`;
const rule = `| --- | --- | ${operations.map(() => '---:').join(' | ')} |`;
const lines = rows.map((row) => `| ${row.format} | ${row.mode} | ${operations.map((op) => (row.results[op] === undefined ? '—' : row.results[op]!.toFixed(1))).join(' | ')} |`);
const markdown = [
    '# Numeric core throughput',
    '',
    `Mops/s (dot: million terms/s) per CPU second, median of ${REPETITIONS} repetitions over ${LENGTH} operands near 1; one run of \`npm run bench:numeric\`, each format in its own process.`,
    'Scalar: one interface call per element (dot: quire.addProduct per term, one rounding). Vectorised: the typed-array kernels',
    '(dot: `dotValues` on decoded operands, rows of 1024 terms). Every result is correctly rounded (fma: one rounding) except',
    'plain JS float64 fma (two roundings) and its dot (a float64 running sum, not exact).',
    '',
    `Node ${environment.node}, ${environment.cpu} (${environment.cores} cores, shared), ${environment.date}.`,
    '',
    header,
    rule,
    ...lines,
    ''
].join('\n');
mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/numeric.json', JSON.stringify({ environment, unit: 'Mops/s', rows }, null, 2) + '\n');
writeFileSync('bench/results/numeric.md', markdown);
process.stdout.write(markdown);
if (sink === 0.123456789) process.stdout.write('\n');
