// Interval propagation through whole lowered models against brute force: the example models, with
// their data ranges and ranges given to their parameters, evaluated in float64 on random samples
// drawn from those ranges (each element independently); every value of every node must lie in the
// node's propagated range.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTrainingModel } from '../../../cli/train-model-loader.js';
import { elementCount, broadcastShapes } from '../../../engine/ir/shapes.js';
import type { IrEdge, IrGraph, IrNode } from '../../../engine/ir/types.js';
import { Xoshiro128 } from '../../../engine/random/xoshiro.js';
import { interval, isBounded, type Interval } from '../../../language/ranges/interval.js';
import { propagateRanges } from '../../../language/ranges/propagate-ranges.js';

const examples = join(import.meta.dirname, '../../../examples');
const rng = new Xoshiro128(31);

/** One sample's values of an edge's target, by the engine's op semantics, in float64. */
function evaluateEdge(edge: IrEdge, nodes: ReadonlyMap<string, IrNode>, values: ReadonlyMap<string, Float64Array>): Float64Array {
    const src = edge.sources.map((name) => values.get(name)!);
    const shapes = edge.sources.map((name) => nodes.get(name)!.shape);
    const [a, b] = src as [Float64Array, Float64Array];
    const unary = (f: (x: number) => number): Float64Array => a.map(f);
    const binary = (f: (x: number, y: number) => number): Float64Array => {
        const out = broadcastShapes(shapes[0]!, shapes[1]!)!;
        const result = new Float64Array(elementCount(out));
        const index = (shape: readonly number[], flat: number): number => {
            let offset = 0;
            let stride = 1;
            let rest = flat;
            const coordinates: number[] = [];
            for (let axis = out.length - 1; axis >= 0; axis--) { coordinates[axis] = rest % out[axis]!; rest = Math.floor(rest / out[axis]!); }
            for (let axis = shape.length - 1, o = out.length - 1; axis >= 0; axis--, o--) { offset += (shape[axis] === 1 ? 0 : coordinates[o]!) * stride; stride *= shape[axis]!; }
            return offset;
        };
        for (let i = 0; i < result.length; i++) result[i] = f(a[index(shapes[0]!, i)]!, b[index(shapes[1]!, i)]!);
        return result;
    };
    switch (edge.op) {
        case 'add': return binary((x, y) => x + y);
        case 'sub': return binary((x, y) => x - y);
        case 'mul': return binary((x, y) => x * y);
        case 'div': return binary((x, y) => x / y);
        case 'max': return binary(Math.max);
        case 'min': return binary(Math.min);
        case 'neg': return unary((x) => -x);
        case 'abs': return unary(Math.abs);
        case 'relu': return unary((x) => Math.max(0, x));
        case 'exp': return unary(Math.exp);
        case 'log': return unary(Math.log);
        case 'sqrt': return unary(Math.sqrt);
        case 'tanh': return unary(Math.tanh);
        case 'sigmoid': return unary((x) => 1 / (1 + Math.exp(-x)));
        case 'sin': return unary(Math.sin);
        case 'cos': return unary(Math.cos);
        case 'pow': return unary((x) => x ** Number(edge.attributes?.['exponent'] ?? 2));
        case 'sum': return Float64Array.of(a.reduce((s, v) => s + v, 0));
        case 'mean': return Float64Array.of(a.reduce((s, v) => s + v, 0) / a.length);
        case 'softmax': {
            const top = Math.max(...a);
            const e = a.map((v) => Math.exp(v - top));
            const total = e.reduce((s, v) => s + v, 0);
            return e.map((v) => v / total);
        }
        case 'matmul': {
            const [sa, sb] = shapes as [readonly number[], readonly number[]];
            const m = sa.length === 2 ? sa[0]! : 1;
            const k = sa[sa.length - 1]!;
            const n = sb.length === 2 ? sb[1]! : 1;
            const out = new Float64Array(m * n);
            for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) { let s = 0; for (let t = 0; t < k; t++) s += a[i * k + t]! * b[t * n + j]!; out[i * n + j] = s; }
            return out;
        }
        case 'mse': return Float64Array.of(binary((x, y) => (x - y) ** 2).reduce((s, v) => s + v, 0) / a.length);
        case 'cross_entropy': return Float64Array.of(-Math.log(a[b[0]!]!));
        default: throw new Error(`no reference for ${edge.op}`);
    }
}

function sampleOf(range: Interval, node: IrNode): Float64Array {
    if (node.format.startsWith('class(')) return Float64Array.of(Math.floor(rng.nextUniform() * (range.hi + 1)));
    return Float64Array.from({ length: elementCount(node.shape) }, () => range.lo + (range.hi - range.lo) * rng.nextUniform());
}

function checkModel(graph: IrGraph, declared: ReadonlyMap<string, Interval>, samples: number): string[] {
    const ranges = propagateRanges(graph, declared);
    const nodes = new Map(graph.nodes.map((node) => [node.name, node]));
    const problems: string[] = [];
    for (let s = 0; s < samples; s++) {
        const values = new Map<string, Float64Array>();
        for (const node of graph.nodes) {
            if (node.role === 'constant') values.set(node.name, Float64Array.of(node.value ?? 0));
            else if (node.role !== 'value' && node.role !== 'output' && node.role !== 'loss') values.set(node.name, sampleOf(ranges.get(node.name)!, node));
        }
        for (const edge of graph.edges) values.set(edge.target, evaluateEdge(edge, nodes, values));
        for (const [name, value] of values) {
            const range = ranges.get(name)!;
            const slack = 1e-12 * Math.max(1, Math.abs(range.lo), Math.abs(range.hi));
            for (const v of value) if (!(v >= range.lo - slack && v <= range.hi + slack)) problems.push(`${name}: ${v} outside [${range.lo}, ${range.hi}]`);
        }
    }
    // Bounded ranges only say something: the check must not pass by leaving everything unbounded.
    if (![...ranges.values()].some((range) => isBounded(range) && range.hi > range.lo)) problems.push('no bounded range to check');
    return problems;
}

async function declaredOf(file: string, params: Readonly<Record<string, Interval>>): Promise<{ graph: IrGraph; declared: Map<string, Interval> }> {
    const loaded = await loadTrainingModel(join(examples, file), examples, {});
    if (!loaded.ok) throw new Error(loaded.error.message);
    const { graph, train } = loaded.value.lowered;
    const declared = new Map<string, Interval>(Object.entries(params));
    for (const column of train.columns) if (column.kind === 'values' && column.range !== undefined) declared.set(column.name, interval(column.range[0], column.range[1]));
    return { graph, declared };
}

describe('propagated ranges hold every value of every node, on random samples of the examples', () => {
    it('spring.phg (k, c and the measured acceleration in given ranges)', async () => {
        const { graph, declared } = await declaredOf('spring.phg', { k: interval(0, 80), c: interval(0, 3), acc: interval(-100, 100) });
        expect(checkModel(graph, declared, 400)).toEqual([]);
    });

    it('drag.phg (norm, products, negation; C_d, b and the measured force in given ranges)', async () => {
        const { graph, declared } = await declaredOf('drag.phg', { Cd: interval(0.1, 1), b: interval(0, 2), force: interval(-1000, 1000) });
        expect(checkModel(graph, declared, 400)).toEqual([]);
    });

    it('digits.phg (matmul, relu, softmax, cross-entropy; weights in [−0.5, 0.5])', async () => {
        const weights = interval(-0.5, 0.5);
        const { graph, declared } = await declaredOf('digits.phg', { W1: weights, b1: weights, W2: weights, b2: weights });
        expect(checkModel(graph, declared, 60)).toEqual([]);
    });
});
