// Sparse products against the dense reference: for random multivectors on random and named supports
// in several signatures (degenerate ones included), every coefficient the engine writes with
// `accumulate quire` is the exact result rounded once — bit for bit, in posit, b-posit and IEEE
// formats, through the fast path and the exact fallbacks — and with `rounded` it stays within the
// rounding error of the exact result.
import { describe, expect, it } from 'vitest';
import type { CliffordAlgebra } from '../../../engine/ga/algebra.js';
import { supportFromMask, type BladeSupport } from '../../../engine/ga/blade-support.js';
import { formForward } from '../../../engine/ga/form-forward.js';
import { formFor, type FormOp } from '../../../engine/ga/forms.js';
import { sumForward, sumLayout } from '../../../engine/ga/multivector-sum.js';
import { normForward } from '../../../engine/ga/norm.js';
import { gradeFilterSupport } from '../../../engine/ga/support-inference.js';
import { Accumulation, type AccumulateMode } from '../../../engine/kernels/accumulation.js';
import { TrackedAllocator } from '../../../engine/memory/allocator.js';
import { parseFormat } from '../../../engine/numeric/index.js';
import type { NumericFormat } from '../../../engine/numeric/format.js';
import { Xoshiro128 } from '../../../engine/random/xoshiro.js';
import { allocateTensor, tensorValues, type Tensor } from '../../../engine/tensor/tensor.js';
import { dual, generatorSquares, geometricProduct, gradeParts, leftContraction, outerProduct, reverse, type ReferenceMultivector } from './support/dense-reference.js';
import { SCALE, coefficientOf, randomOperand, referenceOf, roundedPattern, valueOf } from './support/engine-bridge.js';
import { algebraOf, named } from './support/named-algebras.js';

const signatures: [number, number, number][] = [[3, 0, 0], [3, 0, 1], [1, 3, 0], [4, 1, 0], [2, 0, 2], [0, 2, 0], [2, 2, 1]];
const formats = ['posit16', 'bposit16', 'float32', 'posit32', 'posit8'];
const INSTANCES = 3;

function randomSupport(rng: Xoshiro128, algebra: CliffordAlgebra): BladeSupport {
    let mask = 0n;
    while (mask === 0n) for (let b = 0; b < algebra.bladeCount; b++) if (rng.nextUniform() < 0.4) mask |= 1n << BigInt(b);
    return supportFromMask(algebra, mask);
}

/** The exact result of an op on instance i, and the scale of its numerators. */
function reference(op: FormOp, operands: readonly Tensor[], slots: readonly BladeSupport[], binding: readonly number[], i: number, p: number, q: number, r: number): { value: ReferenceMultivector; scale: number } {
    const squares = generatorSquares(p, q, r);
    const instanceOf = (slot: number): number => (operands[binding[slot]!]!.shape[0] === 1 ? 0 : i);
    const x = (slot: number): ReferenceMultivector => referenceOf(operands[binding[slot]!]!, slots[slot]!, instanceOf(slot));
    switch (op) {
        case 'geometric_product': return { value: geometricProduct(x(0), x(1), squares), scale: 2 * SCALE };
        case 'wedge': return { value: outerProduct(x(0), x(1), squares), scale: 2 * SCALE };
        case 'inner': return { value: leftContraction(x(0), x(1), squares), scale: 2 * SCALE };
        case 'reverse': return { value: reverse(x(0)), scale: SCALE };
        case 'dual': return { value: dual(x(0), p + q + r), scale: SCALE };
        case 'grade': return { value: gradeParts(x(0), [1, 2]), scale: SCALE };
        case 'sandwich': return { value: geometricProduct(geometricProduct(x(0), x(1), squares), reverse(x(2)), squares), scale: 3 * SCALE };
        default: throw new Error(`no reference for ${op}`);
    }
}

interface Case {
    readonly op: FormOp;
    readonly slots: BladeSupport[];
    readonly binding: number[];
    readonly output?: BladeSupport;
}

function casesFor(rng: Xoshiro128, algebra: CliffordAlgebra): Case[] {
    const a = randomSupport(rng, algebra);
    const b = randomSupport(rng, algebra);
    const c = randomSupport(rng, algebra);
    const even = named(algebra, 'even');
    const vector = named(algebra, 'vector');
    return [
        { op: 'geometric_product', slots: [a, b], binding: [0, 1] },
        { op: 'geometric_product', slots: [even, even], binding: [0, 1] },
        { op: 'geometric_product', slots: [a, a], binding: [0, 0] },
        { op: 'wedge', slots: [a, b], binding: [0, 1] },
        { op: 'inner', slots: [a, b], binding: [0, 1] },
        { op: 'reverse', slots: [a], binding: [0] },
        { op: 'dual', slots: [b], binding: [0] },
        { op: 'grade', slots: [c], binding: [0], output: gradeFilterSupport(c, [1, 2]) },
        { op: 'sandwich', slots: [even, vector, even], binding: [0, 1, 0] },
        { op: 'sandwich', slots: [a, b, c], binding: [0, 1, 2] }
    ];
}

function run(format: NumericFormat, mode: AccumulateMode, test: Case, operands: readonly Tensor[]): { form: ReturnType<typeof formFor>; out: Tensor } {
    const form = formFor({ op: test.op, slots: test.slots, binding: test.binding, ...(test.output !== undefined ? { output: test.output } : {}) });
    const out = allocateTensor(new TrackedAllocator(), format, [INSTANCES, form.output.size], 'activation', 'out');
    const scratch = new Float64Array(operands.reduce((s, t) => s + t.size, 0));
    formForward(new Accumulation(format, mode), scratch, form, operands, out);
    return { form, out };
}

function operandsFor(rng: Xoshiro128, format: NumericFormat, test: Case, spread = 3): Tensor[] {
    const count = Math.max(...test.binding) + 1;
    return Array.from({ length: count }, (_, operand) => {
        const support = test.slots[test.binding.indexOf(operand)]!;
        // The first operand of a sandwich is one instance broadcast over the others (a parameter).
        return randomOperand(rng, format, support, test.op === 'sandwich' && operand === 0 ? 1 : INSTANCES, spread);
    });
}

describe('accumulate quire: every coefficient is the exact result rounded once', () => {
    for (const [p, q, r] of signatures) {
        for (const formatName of formats) {
            it(`Cl(${p}, ${q}, ${r}) in ${formatName}`, () => {
                const format = parseFormat(formatName)!;
                const algebra = algebraOf(p, q, r);
                const rng = new Xoshiro128(p * 100 + q * 10 + r, formatName.length);
                let checked = 0;
                // Narrow spreads give exact float64 sums (exact ties included); wide ones inexact sums.
                for (const spread of [3, 3, 12, 20]) {
                    for (const test of casesFor(rng, algebra)) {
                        const operands = operandsFor(rng, format, test, spread);
                        const { form, out } = run(format, 'quire', test, operands);
                        for (let i = 0; i < INSTANCES; i++) {
                            const { value, scale } = reference(test.op, operands, test.slots, test.binding, i, p, q, r);
                            form.output.blades.forEach((blade, k) => {
                                const expected = roundedPattern(format, coefficientOf(value, blade), scale);
                                expect(format.bitsOf(out.data[i * form.output.size + k]!), `${test.op} ${form.output.bladeNames[k]}`).toBe(format.bitsOf(expected));
                                checked++;
                            });
                            // Blades outside the output support are exactly zero in the reference.
                            for (const [key, coefficient] of value) {
                                const blade = key === '' ? 0 : key.split(',').reduce((m, g) => m | (1 << Number(g)), 0);
                                if (!form.output.has(blade) && !(test.op === 'grade')) expect(coefficient, `${test.op}: blade ${key} outside the support`).toBe(0n);
                            }
                        }
                    }
                }
                expect(checked).toBeGreaterThan(100);
            });
        }
    }
});

describe('accumulate rounded: within the rounding error of the exact result', () => {
    for (const [p, q, r] of [[3, 0, 1], [4, 1, 0]] as const) {
        it(`Cl(${p}, ${q}, ${r}) in float32`, () => {
            const format = parseFormat('float32')!;
            const rng = new Xoshiro128(7, 7);
            for (const test of casesFor(rng, algebraOf(p, q, r))) {
                const operands = operandsFor(rng, format, test);
                const { form, out } = run(format, 'rounded', test, operands);
                const values = tensorValues(out);
                for (let i = 0; i < INSTANCES; i++) {
                    const { value, scale } = reference(test.op, operands, test.slots, test.binding, i, p, q, r);
                    let magnitude = 0;
                    for (const v of value.values()) magnitude += Math.abs(valueOf(v, scale));
                    form.output.blades.forEach((blade, k) => {
                        const exact = valueOf(coefficientOf(value, blade), scale);
                        // n terms: at most (n + 2) float32 roundings of partial sums bounded by the magnitude.
                        expect(Math.abs(values[i * form.output.size + k]! - exact)).toBeLessThanOrEqual(magnitude * (form.termCount + 2) * 2 ** -23);
                    });
                }
            }
        });
    }
});

describe('sums and norms', () => {
    it('a + b and a − b on the union of supports, each coefficient rounded once', () => {
        const format = parseFormat('posit16')!;
        const algebra = algebraOf(3, 0, 1);
        const rng = new Xoshiro128(3, 3);
        for (let round = 0; round < 5; round++) {
            const a = randomSupport(rng, algebra);
            const b = randomSupport(rng, algebra);
            for (const subtract of [false, true]) {
                const layout = sumLayout(a, b, subtract);
                expect(layout.output.mask).toBe(a.mask | b.mask);
                const x = randomOperand(rng, format, a, INSTANCES);
                const y = randomOperand(rng, format, b, 1);
                const out = allocateTensor(new TrackedAllocator(), format, [INSTANCES, layout.output.size], 'activation', 'sum');
                sumForward(new Accumulation(format, 'quire'), new Float64Array(x.size + y.size), layout, x, y, out);
                for (let i = 0; i < INSTANCES; i++) {
                    const rx = referenceOf(x, a, i);
                    const ry = referenceOf(y, b, 0);
                    layout.output.blades.forEach((blade, k) => {
                        const exact = coefficientOf(rx, blade) + (subtract ? -1n : 1n) * coefficientOf(ry, blade);
                        expect(out.data[i * layout.output.size + k]).toBe(roundedPattern(format, exact, SCALE));
                    });
                }
            }
        }
    });

    it('norm(x) = sqrt(|⟨x ~x⟩₀|): the quadratic form rounded once, then the square root', () => {
        for (const [p, q, r] of [[3, 0, 0], [3, 0, 1], [1, 3, 0]] as const) {
            const format = parseFormat('posit16')!;
            const algebra = algebraOf(p, q, r);
            const rng = new Xoshiro128(11, p + q + r);
            const support = randomSupport(rng, algebra);
            const x = randomOperand(rng, format, support, INSTANCES);
            const out = allocateTensor(new TrackedAllocator(), format, [INSTANCES], 'activation', 'norm');
            normForward(new Accumulation(format, 'quire'), new Float64Array(2 * x.size), support, x, out);
            for (let i = 0; i < INSTANCES; i++) {
                const rx = referenceOf(x, support, i);
                const s = coefficientOf(geometricProduct(rx, reverse(rx), generatorSquares(p, q, r)), 0);
                const rounded = roundedPattern(format, s < 0n ? -s : s, 2 * SCALE);
                expect(out.data[i]).toBe(format.sqrt(rounded));
            }
        }
    });
});

describe('near-ties are decided by the exact sum, not by float64', () => {
    it('e1·e1 + e2·e2 + e3·e3 = 1 + 2^-12 ± 2^-60 rounds away from the posit16 tie towards the tiny term', () => {
        const format = parseFormat('posit16')!;
        const algebra = algebraOf(3, 0, 0);
        const vector = named(algebra, 'vector');
        const form = formFor({ op: 'geometric_product', slots: [vector, vector], binding: [0, 1] });
        const allocator = new TrackedAllocator();
        for (const sign of [1, -1]) {
            // Posit16 (es = 2) has 11 fraction bits at 1: 1 + 2^-12 is the midpoint between 1 and 1 + 2^-11.
            const a = allocateTensor(allocator, format, [1, 3], 'activation', 'a');
            const b = allocateTensor(allocator, format, [1, 3], 'activation', 'b');
            [1, 2 ** -7, 2 ** -30].forEach((v, i) => { a.data[i] = format.encode(v) as number; });
            [1, 2 ** -5, sign * 2 ** -30].forEach((v, i) => { b.data[i] = format.encode(v) as number; });
            const out = allocateTensor(allocator, format, [1, form.output.size], 'activation', 'out');
            formForward(new Accumulation(format, 'quire'), new Float64Array(6), form, [a, b], out);
            const scalar = format.decode(out.data[form.output.positionOf(0)]!);
            expect(scalar).toBe(sign > 0 ? 1 + 2 ** -11 : 1);
        }
    });

    it('posit32 (products not exact in float64): (1 + 2^-14)² + 2^-60 rounds up from the tie 1 + 2^-13 + 2^-28', () => {
        const format = parseFormat('posit32')!;
        const vector = named(algebraOf(3, 0, 0), 'vector');
        const form = formFor({ op: 'geometric_product', slots: [vector, vector], binding: [0, 1] });
        const allocator = new TrackedAllocator();
        const a = allocateTensor(allocator, format, [1, 3], 'activation', 'a');
        const b = allocateTensor(allocator, format, [1, 3], 'activation', 'b');
        // Posit32 has 27 fraction bits at 1: 1 + 2^-13 + 2^-28 is a midpoint.
        [1 + 2 ** -14, 2 ** -30, 0].forEach((v, i) => { a.data[i] = format.encode(v) as number; });
        [1 + 2 ** -14, 2 ** -30, 0].forEach((v, i) => { b.data[i] = format.encode(v) as number; });
        const out = allocateTensor(allocator, format, [1, form.output.size], 'activation', 'out');
        formForward(new Accumulation(format, 'quire'), new Float64Array(6), form, [a, b], out);
        expect(format.decode(out.data[form.output.positionOf(0)]!)).toBe(1 + 2 ** -13 + 2 ** -27);
    });

    it('the sandwich (s + b e12) e3 ~(s + b e12) = (s² + b²) e3 with a float32 tie in s² decided by b² = 2^-60', () => {
        const format = parseFormat('float32')!;
        const algebra = algebraOf(3, 0, 0);
        const rotor = supportFromMask(algebra, (1n << 0n) | (1n << 3n));
        const e3 = supportFromMask(algebra, 1n << 4n);
        const form = formFor({ op: 'sandwich', slots: [rotor, e3, rotor], binding: [0, 1, 0] });
        expect(form.output.bladeNames).toEqual(['e3']);
        const allocator = new TrackedAllocator();
        const r = allocateTensor(allocator, format, [2], 'param', 'R');
        // s² = 1 + 2^-11 + 2^-24: the midpoint between two float32 neighbours.
        r.data[0] = 1 + 2 ** -12;
        r.data[1] = 2 ** -30;
        const x = allocateTensor(allocator, format, [1, 1], 'activation', 'x');
        x.data[0] = 1;
        const out = allocateTensor(allocator, format, [1, 1], 'activation', 'out');
        formForward(new Accumulation(format, 'quire'), new Float64Array(3), form, [r, x], out);
        expect(out.data[0]).toBe(1 + 2 ** -11 + 2 ** -23);
    });
});
