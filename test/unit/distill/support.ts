// Tiny classifiers, in-memory data and an independent float64 reference of their forward pass,
// for the distillation tests. The reference shares nothing with the engine's kernels.
import { buildMlpGraph } from '../../../engine/ir/mlp.js';
import { Program } from '../../../engine/exec/program.js';
import { parseCsvDataset, type LoadedDataset } from '../../../engine/data/csv-dataset.js';
import type { TrackedAllocator } from '../../../engine/memory/allocator.js';
import { parseFormat } from '../../../engine/numeric/index.js';
import type { NumberPatternArray } from '../../../engine/tensor/tensor.js';
import { Xoshiro128 } from '../../../engine/random/xoshiro.js';

/** A tiny MLP classifier: `inputs` → hidden (relu) → `classes`, softmax + cross-entropy, no input scaling. */
export function tinyClassifier(format: string, inputs: number, hidden: readonly number[], classes: number): Program {
    const spec = parseFormat(format)!;
    const program = Program.compile(buildMlpGraph({ inputs, hidden, classes, format: { name: spec.name, bytes: spec.bytes } }), 'quire');
    if (!(program instanceof Program)) throw new Error(program.problems.map((p) => p.message).join('; '));
    return program;
}

/** Rows of numbers (inputs…, label) as a data set of columns x and label, in the program's formats. */
export function dataset(program: Program, rows: readonly (readonly number[])[], allocator: TrackedAllocator): LoadedDataset {
    const inputs = rows[0]!.length - 1;
    const classes = program.nodes.get('y')!.shape[0]!;
    const loaded = parseCsvDataset(rows.map((row) => row.join(',')).join('\n'), {
        name: 'tiny', file: 'tiny.csv', columns: [{ name: 'x', kind: 'values', first: 0, count: inputs }, { name: 'label', kind: 'class', column: inputs, classes }]
    }, (column) => (column === 'x' ? program.formatOf(program.nodes.get('x')!) : undefined), allocator);
    if (!loaded.ok) throw new Error(loaded.error.message);
    return loaded.value;
}

/** Random rows: inputs uniform in [-1, 1] (as short decimals), labels uniform. */
export function randomRows(count: number, inputs: number, classes: number, seed: number): number[][] {
    const rng = new Xoshiro128(seed, 1);
    return Array.from({ length: count }, () => [...Array.from({ length: inputs }, () => Math.round((2 * rng.nextUniform() - 1) * 1000) / 1000), Math.floor(rng.nextUniform() * classes)]);
}

/** Random weights (normal, std 0.7) for every parameter, as float64 values by name. */
export function randomWeights(program: Program, seed: number): Map<string, Float64Array> {
    const rng = new Xoshiro128(seed, 2);
    return new Map(program.params.map((node) => [node.name, Float64Array.from({ length: node.shape.reduce((a, b) => a * b, 1) }, () => 0.7 * rng.nextNormal())]));
}

/** The same weights as patterns of the program's format (rounded once). */
export function asPatterns(program: Program, weights: ReadonlyMap<string, Float64Array>): Map<string, NumberPatternArray> {
    return new Map(program.params.map((node) => {
        const format = program.formatOf(node)!;
        const values = weights.get(node.name)!;
        const patterns = format.allocate(values.length) as NumberPatternArray;
        format.encodeArray(values, patterns, values.length);
        return [node.name, patterns];
    }));
}

/** Weights decoded back from patterns (what the engine actually computes with). */
export function asValues(program: Program, patterns: ReadonlyMap<string, NumberPatternArray>): Map<string, Float64Array> {
    return new Map(program.params.map((node) => {
        const format = program.formatOf(node)!;
        const data = patterns.get(node.name)!;
        const values = new Float64Array(data.length);
        format.decodeArray(data, values, data.length);
        return [node.name, values];
    }));
}

/** Reference logits of an MLP (W1, b1, …, Wk, bk; relu between layers) in plain float64. */
export function referenceLogits(weights: ReadonlyMap<string, Float64Array>, x: readonly number[], widths: readonly number[]): number[] {
    let a = [...x];
    for (let layer = 1; layer < widths.length; layer++) {
        const W = weights.get(`W${layer}`)!;
        const b = weights.get(`b${layer}`)!;
        const out: number[] = [];
        for (let j = 0; j < widths[layer]!; j++) {
            let s = b[j]!;
            for (let i = 0; i < widths[layer - 1]!; i++) s += a[i]! * W[i * widths[layer]! + j]!;
            out.push(layer < widths.length - 1 ? Math.max(0, s) : s);
        }
        a = out;
    }
    return a;
}

/** log softmax(z / T) in float64. */
export function referenceLogSoftmax(z: readonly number[], temperature = 1): number[] {
    const scaled = z.map((v) => v / temperature);
    const max = Math.max(...scaled);
    const log = Math.log(scaled.reduce((sum, v) => sum + Math.exp(v - max), 0)) + max;
    return scaled.map((v) => v - log);
}

/** Central finite difference of f at every element of every weight (h relative to nothing: absolute). */
export function finiteDifferences(weights: Map<string, Float64Array>, f: () => number, h = 1e-6): Map<string, Float64Array> {
    const out = new Map<string, Float64Array>();
    for (const [name, values] of weights) {
        const d = new Float64Array(values.length);
        for (let i = 0; i < values.length; i++) {
            const keep = values[i]!;
            values[i] = keep + h;
            const up = f();
            values[i] = keep - h;
            const down = f();
            values[i] = keep;
            d[i] = (up - down) / (2 * h);
        }
        out.set(name, d);
    }
    return out;
}
