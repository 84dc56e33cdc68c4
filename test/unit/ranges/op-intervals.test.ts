// Every IR operation's interval rule against brute force: operands drawn from random intervals
// (their ends, critical points and random interior values, each element independently), the
// operation evaluated in float64 as the engine defines it, and every result required inside the
// rule's interval (sound). Sampling the extreme configurations must also reach the interval's
// bounds (tight), exactly where the arithmetic is exact and within 1e-9 of its width elsewhere.
import { describe, expect, it } from 'vitest';
import type { IrEdge, IrNode, IrOp } from '../../../engine/ir/types.js';
import { Xoshiro128 } from '../../../engine/random/xoshiro.js';
import { interval, type Interval } from '../../../language/ranges/interval.js';
import { targetInterval } from '../../../language/ranges/op-intervals.js';

const rng = new Xoshiro128(2024);
const uniform = (lo: number, hi: number): number => lo + (hi - lo) * rng.nextUniform();
/** Multiples of 1/64 in [−40, 40]: products and short sums of them are exact in float64. */
const dyadic = (): number => Math.round(uniform(-40, 40) * 64) / 64;

/** Random operand intervals of every kind: positive, negative, straddling zero, a point. */
function randomInterval(kind: number, scale = 1): Interval {
    const a = dyadic() * scale;
    const b = dyadic() * scale;
    switch (kind % 4) {
        case 0: return interval(Math.abs(a), Math.abs(b));
        case 1: return interval(-Math.abs(a), -Math.abs(b));
        case 2: return interval(-Math.abs(a), Math.abs(b));
        default: return interval(a, a);
    }
}

/** Ends, the interval's zero and random dyadic interior points. */
function samplesOf(x: Interval, extra: readonly number[] = []): number[] {
    const inside = Array.from({ length: 24 }, () => Math.round(uniform(x.lo, x.hi) * 64) / 64).filter((v) => v >= x.lo && v <= x.hi);
    return [x.lo, x.hi, ...(x.lo <= 0 && x.hi >= 0 ? [0] : []), ...extra.filter((v) => v >= x.lo && v <= x.hi), ...inside];
}

function node(name: string, shape: number[]): IrNode {
    return { name, role: 'value', shape, batched: true, dimension: {}, format: 'float64', lifetime: 'activation', bytes: 0 };
}

interface Sampled {
    readonly lo: number;
    readonly hi: number;
}

/** Checks soundness for every sample and tightness of the sampled hull. */
function check(rule: Interval, values: readonly number[], exact: boolean, what: string): void {
    const sampled: Sampled = { lo: Math.min(...values), hi: Math.max(...values) };
    for (const value of values) {
        if (!(value >= rule.lo && value <= rule.hi)) throw new Error(`${what}: ${value} outside [${rule.lo}, ${rule.hi}]`);
    }
    const width = Math.max(rule.hi - rule.lo, 1e-300);
    const slack = exact ? 0 : 1e-9 * Math.max(width, Math.abs(rule.lo), Math.abs(rule.hi));
    expect(sampled.lo - rule.lo, `${what}: lower bound reached`).toBeLessThanOrEqual(slack);
    expect(rule.hi - sampled.hi, `${what}: upper bound reached`).toBeLessThanOrEqual(slack);
}

const elementwise: readonly { op: IrOp; f: (x: number) => number; critical?: (x: Interval) => number[]; exponent?: number; exact?: boolean; scale?: number }[] = [
    { op: 'neg', f: (x) => -x, exact: true },
    { op: 'abs', f: Math.abs, exact: true },
    { op: 'relu', f: (x) => Math.max(0, x), exact: true },
    { op: 'exp', f: Math.exp, scale: 0.25 },
    { op: 'tanh', f: Math.tanh, scale: 0.1 },
    { op: 'sigmoid', f: (x) => 1 / (1 + Math.exp(-x)), scale: 0.1 },
    { op: 'log', f: Math.log },
    { op: 'sqrt', f: Math.sqrt },
    { op: 'sin', f: Math.sin, critical: (x) => crests(x, Math.PI / 2), scale: 0.1 },
    { op: 'cos', f: Math.cos, critical: (x) => crests(x, 0), scale: 0.1 },
    { op: 'pow', f: (x) => x * x * x, exponent: 3, exact: true, scale: 0.25 },
    { op: 'pow', f: (x) => x * x, exponent: 2, exact: true },
    { op: 'pow', f: (x) => 1 / (x * x), exponent: -2 }
];

/** Where sin/cos turn: crest + kπ inside the interval. */
function crests(x: Interval, crest: number): number[] {
    const out: number[] = [];
    for (let k = Math.ceil((x.lo - crest) / Math.PI); crest + k * Math.PI <= x.hi; k++) out.push(crest + k * Math.PI);
    return out;
}

describe('interval rules are sound and tight against brute force', () => {
    for (const { op, f, critical, exponent, exact, scale } of elementwise) {
        it(`${op}${exponent !== undefined ? `(x, ${exponent})` : ''}`, () => {
            const edge: IrEdge = { op, sources: ['a'], target: 't', ...(exponent !== undefined ? { attributes: { exponent } } : {}) };
            for (let trial = 0; trial < 200; trial++) {
                let x = randomInterval(trial, scale ?? 1);
                // Domains: log and sqrt of non-negative values, 1/x² away from zero.
                if (op === 'log' || op === 'sqrt') x = interval(Math.abs(x.lo) + (op === 'log' ? 1 / 64 : 0), Math.abs(x.hi) + (op === 'log' ? 1 / 64 : 0));
                if (exponent === -2 && x.lo <= 0 && x.hi >= 0) x = interval(Math.abs(x.hi) + 1, Math.abs(x.hi) + 2);
                const rule = targetInterval(edge, [node('a', [4])], [x]);
                check(rule, samplesOf(x, critical?.(x)).map(f), exact === true, `${op} over [${x.lo}, ${x.hi}]`);
            }
        });
    }

    for (const op of ['add', 'sub', 'mul', 'div', 'max', 'min'] as const) {
        it(op, () => {
            const edge: IrEdge = { op, sources: ['a', 'b'], target: 't' };
            const f = { add: (a: number, b: number) => a + b, sub: (a: number, b: number) => a - b, mul: (a: number, b: number) => a * b, div: (a: number, b: number) => a / b, max: Math.max, min: Math.min }[op];
            for (let trial = 0; trial < 200; trial++) {
                const a = randomInterval(trial);
                let b = randomInterval(trial >> 2);
                if (op === 'div' && b.lo <= 0 && b.hi >= 0) b = interval(1 / 8 + Math.abs(b.lo), 1 + Math.abs(b.hi));
                const rule = targetInterval(edge, [node('a', [3]), node('b', [3])], [a, b]);
                const values = samplesOf(a).flatMap((x) => samplesOf(b).map((y) => f(x, y)));
                check(rule, values, op !== 'div', `${op} of [${a.lo}, ${a.hi}] and [${b.lo}, ${b.hi}]`);
            }
        });
    }

    it('mul of a value by itself is a square: never negative', () => {
        const edge: IrEdge = { op: 'mul', sources: ['a', 'a'], target: 't' };
        for (let trial = 0; trial < 200; trial++) {
            const a = randomInterval(trial);
            check(targetInterval(edge, [node('a', [3]), node('a', [3])], [a, a]), samplesOf(a).map((x) => x * x), true, `[${a.lo}, ${a.hi}]²`);
        }
    });

    it('matmul over k products of independent elements', () => {
        for (let trial = 0; trial < 100; trial++) {
            const k = 1 + (trial % 7);
            const a = randomInterval(trial);
            const b = randomInterval(trial >> 2);
            const rule = targetInterval({ op: 'matmul', sources: ['a', 'b'], target: 't' }, [node('a', [k]), node('b', [k, 3])], [a, b]);
            // The extremes: every product at the same corner; plus random mixtures.
            const corners = [a.lo, a.hi].flatMap((x) => [b.lo, b.hi].map((y) => k * x * y));
            const mixtures = Array.from({ length: 50 }, () => {
                let sum = 0;
                for (let i = 0; i < k; i++) sum += samplesOf(a)[Math.floor(rng.nextUniform() * 3)]! * samplesOf(b)[Math.floor(rng.nextUniform() * 3)]!;
                return sum;
            });
            check(rule, [...corners, ...mixtures], true, `matmul k=${k} of [${a.lo}, ${a.hi}] and [${b.lo}, ${b.hi}]`);
        }
    });

    it('sum over the elements of a sample, and mean', () => {
        for (let trial = 0; trial < 100; trial++) {
            const n = 1 + (trial % 9);
            const a = randomInterval(trial);
            const draws = (): number[] => Array.from({ length: n }, () => samplesOf(a)[Math.floor(rng.nextUniform() * 4)] ?? a.lo);
            const sums = [n * a.lo, n * a.hi, ...Array.from({ length: 40 }, () => draws().reduce((s, v) => s + v, 0))];
            check(targetInterval({ op: 'sum', sources: ['a'], target: 't' }, [node('a', [n])], [a]), sums, true, `sum of ${n} in [${a.lo}, ${a.hi}]`);
            const means = [a.lo, a.hi, ...Array.from({ length: 40 }, () => draws().reduce((s, v) => s + v, 0) / n)];
            check(targetInterval({ op: 'mean', sources: ['a'], target: 't' }, [node('a', [n])], [a]), means, false, `mean of ${n} in [${a.lo}, ${a.hi}]`);
        }
    });

    it('softmax over C logits', () => {
        for (let trial = 0; trial < 100; trial++) {
            const classes = 1 + (trial % 10);
            const a = randomInterval(trial, 0.1);
            const softmax = (z: number[]): number => {
                const top = Math.max(...z);
                const e = z.map((v) => Math.exp(v - top));
                return e[0]! / e.reduce((s, v) => s + v, 0);
            };
            // Extremes: the element's own logit at one end, all others at the other end.
            const extremes = [softmax([a.lo, ...Array<number>(classes - 1).fill(a.hi)]), softmax([a.hi, ...Array<number>(classes - 1).fill(a.lo)])];
            const random = Array.from({ length: 50 }, () => softmax(Array.from({ length: classes }, () => uniform(a.lo, a.hi))));
            check(targetInterval({ op: 'softmax', sources: ['a'], target: 't' }, [node('a', [classes])], [a]), [...extremes, ...random], false, `softmax of ${classes} in [${a.lo}, ${a.hi}]`);
        }
    });

    it('mse over a prediction and a target', () => {
        for (let trial = 0; trial < 100; trial++) {
            const y = randomInterval(trial);
            const t = randomInterval(trial >> 2);
            // Where the ranges overlap, a prediction can equal its target.
            const overlap = Math.max(y.lo, t.lo) <= Math.min(y.hi, t.hi) ? [Math.max(y.lo, t.lo)] : [];
            const values = samplesOf(y, overlap).flatMap((p) => samplesOf(t, overlap).map((q) => (p - q) ** 2));
            check(targetInterval({ op: 'mse', sources: ['y', 't'], target: 'loss' }, [node('y', [2]), node('t', [2])], [y, t]), values, true, `mse of [${y.lo}, ${y.hi}] and [${t.lo}, ${t.hi}]`);
        }
    });

    it('cross_entropy of the label\'s probability', () => {
        for (let trial = 0; trial < 100; trial++) {
            const p = interval(uniform(1e-6, 1), uniform(1e-6, 1));
            const values = [p.lo, p.hi, ...Array.from({ length: 30 }, () => uniform(p.lo, p.hi))].map((v) => -Math.log(v));
            check(targetInterval({ op: 'cross_entropy', sources: ['p', 'label'], target: 'loss' }, [node('p', [5]), node('label', [])], [p, interval(0, 4)]), values, false, `cross_entropy over [${p.lo}, ${p.hi}]`);
        }
    });
});
