// The interval rule of every IR operation: from the ranges of an edge's sources (one interval per
// node, holding every element of it) to the range of its target. Each rule is sound — every value
// the operation can produce from values in its operands' ranges lies in the result — and, for
// independent operands, as tight as an interval can be (the bounds are reached). An operation
// without a rule gives the whole real line.
import { elementCount } from '../../engine/ir/shapes.js';
import type { IrEdge, IrNode } from '../../engine/ir/types.js';
import {
    abs, add, containsZero, div, increasing, interval, isBounded, magnitude, max, min, mul, mulRounded, neg, point, square, sub, times,
    unbounded, widen, type Interval
} from './interval.js';

const unit: Interval = { lo: 0, hi: 1 };
const signedUnit: Interval = { lo: -1, hi: 1 };

/** The range of an edge's target from its sources' ranges. */
export function targetInterval(edge: IrEdge, sources: readonly IrNode[], ranges: readonly Interval[]): Interval {
    const [a, b] = ranges as [Interval, Interval];
    switch (edge.op) {
        case 'add': return add(a, b);
        case 'sub': return sub(a, b);
        // The same value on both sides (x·x, as norm lowers to) is a square, never negative.
        case 'mul': return edge.sources[0] === edge.sources[1] ? square(a) : mul(a, b);
        case 'div': return edge.sources[0] === edge.sources[1] && !containsZero(a) ? point(1) : div(a, b);
        case 'max': return max(a, b);
        case 'min': return min(a, b);
        case 'neg': return neg(a);
        case 'abs': return abs(a);
        case 'relu': return { lo: Math.max(0, a.lo), hi: Math.max(0, a.hi) };
        case 'exp': return increasing(a, Math.exp, { lo: 0, hi: Infinity });
        case 'tanh': return increasing(a, Math.tanh, signedUnit);
        case 'sigmoid': return increasing(a, (x) => 1 / (1 + Math.exp(-x)), unit);
        case 'log': return a.hi < 0 ? unbounded : increasing({ lo: Math.max(0, a.lo), hi: a.hi }, Math.log);
        case 'sqrt': return a.hi < 0 ? unbounded : increasing({ lo: Math.max(0, a.lo), hi: a.hi }, Math.sqrt, { lo: 0, hi: Infinity });
        case 'sin': return periodic(a, Math.sin, Math.PI / 2);
        case 'cos': return periodic(a, Math.cos, 0);
        case 'pow': return power(a, Number(edge.attributes?.['exponent'] ?? 2));
        case 'softmax': return softmax(a, lastAxis(sources[0]!));
        case 'sum': return times(a, elementCount(sources[0]!.shape));
        case 'mean': return a;
        case 'matmul': return times(mul(a, b), lastAxis(sources[0]!));
        case 'mse': return square(sub(a, b));
        case 'cross_entropy': return crossEntropy(a);
        default: return unbounded;
    }
}

/** The values of a node no edge computes: class labels 0 … N−1. */
export function classLabelInterval(node: IrNode): Interval | undefined {
    const classes = /^class\((\d+)\)$/.exec(node.format);
    return classes !== null ? interval(0, Number(classes[1]) - 1) : undefined;
}

function lastAxis(node: IrNode): number {
    return node.shape[node.shape.length - 1] ?? 1;
}

// sin and cos over an interval: the values at its ends, or ±1 where it contains a crest or a
// trough. `crest` is where the function is 1 (π/2 for sin, 0 for cos), troughs are π further.
function periodic(a: Interval, f: (x: number) => number, crest: number): Interval {
    if (!isBounded(a) || a.hi - a.lo >= 2 * Math.PI) return signedUnit;
    // A crest counted that is not quite inside only widens the result: stay generous at the edges.
    const contains = (at: number): boolean => Math.ceil((a.lo - at) / (2 * Math.PI) - 1e-9) <= Math.floor((a.hi - at) / (2 * Math.PI) + 1e-9);
    const ends = widen(interval(f(a.lo), f(a.hi)));
    return { lo: contains(crest + Math.PI) ? -1 : Math.max(-1, ends.lo), hi: contains(crest) ? 1 : Math.min(1, ends.hi) };
}

// x^k for an integer k, by repeated products rounded outward.
function power(a: Interval, k: number): Interval {
    if (k === 0) return point(1);
    if (k < 0) return containsZero(a) ? unbounded : div(point(1), power(a, -k));
    if (k % 2 === 0) {
        const low = containsZero(a) ? 0 : Math.min(Math.abs(a.lo), Math.abs(a.hi));
        return { lo: powerOf(low, k, -1), hi: powerOf(magnitude(a), k, 1) };
    }
    const signed = (x: number, direction: -1 | 1): number => (x < 0 ? -powerOf(-x, k, direction === 1 ? -1 : 1) : powerOf(x, k, direction));
    return { lo: signed(a.lo, -1), hi: signed(a.hi, 1) };
}

// x^k for x ≥ 0, rounded toward −∞ (−1) or +∞ (+1): products of non-negative numbers only grow.
function powerOf(x: number, k: number, direction: -1 | 1): number {
    let result = 1;
    for (let i = 0; i < k; i++) result = mulRounded(result, x, direction);
    return result;
}

// Each of C probabilities over logits in [lo, hi]: smallest when its own logit is lo and every
// other is hi, largest the other way round.
function softmax(a: Interval, classes: number): Interval {
    if (classes <= 1) return point(1);
    if (!isBounded(a)) return unit;
    const spread = a.hi - a.lo;
    const lowest = 1 / (1 + (classes - 1) * Math.exp(spread));
    const highest = 1 / (1 + (classes - 1) * Math.exp(-spread));
    const widened = widen(interval(lowest, highest), 4);
    return { lo: Math.max(0, widened.lo), hi: Math.min(1, widened.hi) };
}

// −log p of the label's probability p: large where p is small, 0 at p = 1.
function crossEntropy(p: Interval): Interval {
    const highest = Math.min(1, p.hi);
    const lowest = Math.max(0, p.lo);
    if (highest <= 0) return { lo: 0, hi: Infinity };
    const values = widen(interval(-Math.log(highest), lowest > 0 ? -Math.log(lowest) : Infinity));
    return { lo: Math.max(0, values.lo), hi: values.hi };
}
