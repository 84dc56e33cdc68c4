// The prior's term of the objective, Σ cᵢ(wᵢ − μᵢ)²/2 with cᵢ = 1/(σᵢ²N): its gradient element
// g + c·w − c·μ is the exactly rounded value with `quire` (checked against exact dyadic arithmetic
// and the format's own rounding of it), rounds term by term with `rounded`, and training with it
// pulls the student towards the prior mean.
import { describe, expect, it } from 'vitest';
import { Accumulation } from '../../../engine/kernels/accumulation.js';
import { parseFormat, dyadicFromNumber } from '../../../engine/numeric/index.js';
import type { Dyadic } from '../../../engine/numeric/index.js';
import { PriorTerm, priorGradientElement } from '../../../engine/distill/prior-term.js';
import { TrackedAllocator } from '../../../engine/memory/allocator.js';
import { tensorFromValues } from '../../../engine/tensor/tensor.js';
import { Xoshiro128 } from '../../../engine/random/xoshiro.js';
import { runDistillation } from '../../../engine/distill/distillation-trainer.js';
import type { TrainSettings } from '../../../engine/train/settings.js';
import { asValues, dataset, randomRows, tinyClassifier } from './support.js';

function times(a: Dyadic, b: Dyadic): Dyadic {
    return { negative: a.negative !== b.negative, magnitude: a.magnitude * b.magnitude, exponent: a.exponent + b.exponent };
}

function plus(a: Dyadic, b: Dyadic): Dyadic {
    const exponent = Math.min(a.exponent, b.exponent);
    const signed = (d: Dyadic): bigint => (d.negative ? -1n : 1n) * (d.magnitude << BigInt(d.exponent - exponent));
    const sum = signed(a) + signed(b);
    return { negative: sum < 0n, magnitude: sum < 0n ? -sum : sum, exponent };
}

describe('prior term', () => {
    for (const name of ['posit16', 'float32', 'bposit32']) {
        it(`with quire, g + c·w − c·μ is rounded once from the exact value (${name})`, () => {
            const format = parseFormat(name)!;
            const acc = new Accumulation(format, 'quire');
            const rng = new Xoshiro128(7, 1);
            const value = (scale: number): number => format.roundValue(rng.nextNormal() * scale);
            for (let k = 0; k < 2000; k++) {
                const g = value(k % 3 === 0 ? 1e-3 : 0.3);
                const c = value(2);
                const w = value(0.5);
                // Every fourth case puts μ within a few ulps of w, where cancellation makes naive float arithmetic round twice.
                const mu = k % 4 === 0 ? format.decode(format.next(format.encode(w))) : value(0.5);
                const exact = plus(plus(dyadicFromNumber(g), times(dyadicFromNumber(c), dyadicFromNumber(w))), times(dyadicFromNumber(-c), dyadicFromNumber(mu)));
                const expected = format.decode(format.roundDyadic(exact));
                expect(priorGradientElement(acc, g, c, w, mu), `g ${g} c ${c} w ${w} μ ${mu}`).toBe(expected);
            }
        });
    }

    it('breaks a rounding tie by a gradient below float64 resolution, as only an exact sum can (posit16)', () => {
        const format = parseFormat('posit16')!;
        const acc = new Accumulation(format, 'quire');
        // c·(w − μ) = 1·(2 − (1 − 2⁻¹²)) = 1 + 2⁻¹², halfway between the posit16 neighbours 1 and 1 + 2⁻¹¹.
        const [c, w, mu] = [1, 2, 1 - 2 ** -12];
        expect([c, w, mu].map((v) => format.roundValue(v))).toEqual([c, w, mu]);
        const tiny = format.minPos;
        expect(1 + 2 ** -12 + tiny).toBe(1 + 2 ** -12);
        expect(priorGradientElement(acc, tiny, c, w, mu)).toBe(1 + 2 ** -11);
        expect(priorGradientElement(acc, -tiny, c, w, mu)).toBe(1);
    });

    it('with rounded, every operation rounds: g ⊕ (c ⊗ (w ⊖ μ))', () => {
        const format = parseFormat('posit16')!;
        const acc = new Accumulation(format, 'rounded');
        const r = (x: number): number => format.roundValue(x);
        const [g, c, w, mu] = [r(0.013), r(1.7), r(0.41), r(-0.23)];
        expect(priorGradientElement(acc, g, c, w, mu)).toBe(r(g + r(c * r(w - mu))));
    });

    it('adds nothing to parameters without a prior and reports Σ c(w − μ)²/2 for those with one', () => {
        const format = parseFormat('float64')!;
        const allocator = new TrackedAllocator();
        const w0 = tensorFromValues(allocator, format, [3], [1, 2, 3], 'param', 'w0');
        const w1 = tensorFromValues(allocator, format, [2], [5, 6], 'param', 'w1');
        const acc = new Accumulation(format, 'quire');
        const term = new PriorTerm([{ mean: Float64Array.of(0, 2, 1), precision: Float64Array.of(10, 20, 30) }, undefined], 10, [w0, w1], [acc, acc]);
        expect(term.has(0)).toBe(true);
        expect(term.has(1)).toBe(false);
        const data = (i: number): number => i / 4;
        expect([0, 1, 2].map(term.gradient(0, data))).toEqual([0 + 1 * 1, 0.25 + 2 * 0, 0.5 + 3 * 2]);
        expect(term.gradient(1, data)).toBe(data);
        expect(term.penalty()).toBeCloseTo(0.5 * (1 * 1 + 2 * 0 + 3 * 4), 12);
    });

    it('a strong prior keeps the trained student near its mean; without it the student moves away', async () => {
        const program = tinyClassifier('float32', 3, [5], 4);
        const rows = randomRows(32, 3, 4, 41);
        const settings: TrainSettings = { gradient: { mode: 'backprop', tangents: 1 }, optimizer: { kind: 'sgd', lr: 0.05, momentum: 0.9, weightDecay: 0 }, batch: 8, epochs: 20, seed: 3 };
        const mean = program.params.map((node) => new Float64Array(node.shape.reduce((a, b) => a * b, 1)).fill(0.25));
        const train = async (precision: number): Promise<number> => {
            const outcome = await runDistillation({
                program, settings, train: dataset(program, rows, new TrackedAllocator()), allocator: new TrackedAllocator(), alpha: 0,
                softTargets: { temperature: 1, classes: 4, rows: rows.length, values: new Float64Array(rows.length * 4) },
                priors: mean.map((m) => ({ mean: m, precision: new Float64Array(m.length).fill(precision) }))
            });
            if (outcome.kind !== 'done') throw new Error(outcome.kind === 'failed' ? outcome.error.message : outcome.kind);
            const values = asValues(program, new Map(outcome.executor.params.map((t, p) => [program.params[p]!.name, t.data])));
            return Math.max(...program.params.map((node) => Math.max(...values.get(node.name)!.map((v) => Math.abs(v - 0.25)))));
        };
        // precision 1600 over 32 rows: c = 50, and lr·c = 2.5 stays below momentum SGD's stability limit 2(1 + μ).
        expect(await train(1600)).toBeLessThan(0.02);
        expect(await train(0)).toBeGreaterThan(0.3);
    });
});
