// A neuron's step sum with `accumulate quire` is the exact sum of its terms rounded once — checked
// against an exact oracle (BigInt dyadic arithmetic, rounded by the format's own roundDyadic), over
// random terms chosen to hit every path: certified float64 sums, TwoSum-exact sums, and the quire
// fallback (cancellation, terms 2^100 apart). With `rounded` it equals the left-to-right sequence of
// the format's own rounded operations.
import { describe, expect, it } from 'vitest';
import { TrackedAllocator } from '../../../engine/memory/allocator.js';
import { Accumulation } from '../../../engine/kernels/accumulation.js';
import { Xoshiro128 } from '../../../engine/random/xoshiro.js';
import type { Dyadic, NumericFormat } from '../../../engine/numeric/format.js';
import { StepSum } from '../../../engine/spiking/step-sum.js';
import { format } from './support/networks.js';

/** The exact value of a pattern as (numerator, exponent): value = numerator · 2^exponent. */
function exact(f: NumericFormat, pattern: number): { n: bigint; e: number } {
    const d = f.toDyadic(pattern) as Dyadic;
    return { n: d.negative ? -d.magnitude : d.magnitude, e: d.exponent };
}

function exactSum(terms: readonly { n: bigint; e: number }[]): Dyadic {
    const e = Math.min(...terms.map((t) => t.e));
    const n = terms.reduce((sum, t) => sum + (t.n << BigInt(t.e - e)), 0n);
    return { negative: n < 0n, magnitude: n < 0n ? -n : n, exponent: e };
}

/** A random finite, nonzero pattern; `spread` widens the exponent range toward the format's extremes. */
function randomValue(f: NumericFormat, random: Xoshiro128, spread: number): number {
    for (;;) {
        const scale = Math.round((random.nextUniform() * 2 - 1) * spread);
        const magnitude = (1 + random.nextUniform()) * 2 ** scale;
        const value = f.roundValue(random.nextUniform() < 0.5 ? -magnitude : magnitude);
        if (Number.isFinite(value) && value !== 0) return value;
    }
}

describe('a step sum', () => {
    for (const name of ['posit<8>', 'posit<16>', 'posit<32>', 'bposit<16>', 'bposit<32>', 'float16', 'float32', 'float64']) {
        it(`with the quire is the exact sum of its terms rounded once, in ${name}`, () => {
            const f = format(name);
            const acc = new Accumulation(f, 'quire');
            const sum = new StepSum(acc, 16, new TrackedAllocator(), 'test');
            const random = new Xoshiro128(42, name.length);
            const spread = f.bits === 8 ? 6 : f.bits === 16 ? 12 : 40;
            for (let trial = 0; trial < 1500; trial++) {
                const count = 1 + random.nextInt(8);
                const oracleTerms: { n: bigint; e: number }[] = [];
                sum.begin();
                for (let k = 0; k < count; k++) {
                    const a = randomValue(f, random, trial % 3 === 0 ? spread : 3);
                    const b = random.nextUniform() < 0.5 ? 1 : randomValue(f, random, 3);
                    sum.addProduct(a, b);
                    const x = exact(f, f.encode(a) as number);
                    const y = exact(f, f.encode(b) as number);
                    oracleTerms.push({ n: x.n * y.n, e: x.e + y.e });
                }
                // Every fifth sum cancels its first term exactly, leaving the small rest.
                if (trial % 5 === 0) {
                    const first = oracleTerms[0]!;
                    sum.addProduct(-(f.decode(f.encode(Number(first.n) * 2 ** first.e)) as number), 1);
                    const t = exact(f, f.encode(-Number(first.n) * 2 ** first.e) as number);
                    oracleTerms.push(t);
                }
                expect(sum.finishPattern(), `trial ${trial}`).toBe(f.roundDyadic(exactSum(oracleTerms)));
            }
        });
    }

    it('takes the quire when float64 cannot decide, and still rounds exactly (posit<16>, terms 2^100 apart)', () => {
        const f = format('posit<16>');
        const acc = new Accumulation(f, 'quire');
        const sum = new StepSum(acc, 8, new TrackedAllocator(), 'test');
        const big = f.roundValue(2 ** 50);
        const tiny = f.roundValue(2 ** -50);
        sum.begin();
        sum.add(big);
        sum.add(tiny);
        sum.add(-big);
        const before = acc.fallbacks;
        expect(f.decode(sum.finishPattern())).toBe(tiny);
        expect(acc.fallbacks).toBe(before + 1);
    });

    for (const name of ['posit<16>', 'float16', 'bposit<32>']) {
        it(`with rounded accumulation rounds every product and every addition, left to right, in ${name}`, () => {
            const f = format(name);
            const sum = new StepSum(new Accumulation(f, 'rounded'), 16, new TrackedAllocator(), 'test');
            const random = new Xoshiro128(9);
            for (let trial = 0; trial < 500; trial++) {
                sum.begin();
                let expected: number | undefined;
                const count = 1 + random.nextInt(8);
                for (let k = 0; k < count; k++) {
                    const a = f.encode(randomValue(f, random, 8)) as number;
                    const b = f.encode(random.nextUniform() < 0.5 ? 1 : randomValue(f, random, 3)) as number;
                    sum.addProduct(f.decode(a) as number, f.decode(b) as number);
                    const term = f.mul(a, b) as number;
                    expected = expected === undefined ? term : (f.add(expected, term) as number);
                }
                expect(sum.finishPattern()).toBe(expected);
            }
        });
    }
});
