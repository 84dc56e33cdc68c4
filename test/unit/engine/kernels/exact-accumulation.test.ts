// The kernels' `quire` mode against the numeric core's exact quire (itself proven against a BigInt
// rational oracle by the numeric tests): every result must be the same pattern, on random data and
// on data built to defeat the float64 fast path (exact ties, cancellation to zero, huge and tiny
// magnitudes, NaR). `rounded` mode must equal the format's own add/mul applied in index order.
import { describe, expect, it } from 'vitest';
import { parseFormat } from '../../../../engine/numeric/index.js';
import type { Dyadic, NumericFormat } from '../../../../engine/numeric/format.js';
import { dyadicFromNumber } from '../../../../engine/numeric/index.js';
import { TrackedAllocator } from '../../../../engine/memory/allocator.js';
import { Accumulation } from '../../../../engine/kernels/accumulation.js';
import { matmulForward, matmulGeometry, matmulForwardScratch } from '../../../../engine/kernels/matmul.js';
import { matmulBackward, matmulBackwardScratch } from '../../../../engine/kernels/matmul-backward.js';
import { binaryBackward, binaryBackwardScratch } from '../../../../engine/kernels/binary.js';
import { Scratch, scratchBytes } from '../../../../engine/kernels/scratch.js';
import { allocateTensor, tensorFromValues, type Tensor } from '../../../../engine/tensor/tensor.js';
import { Xoshiro128 } from '../../../../engine/random/xoshiro.js';

const formats = ['posit8', 'posit16', 'bposit16', 'bposit32', 'float32'];
type Pattern = 'random' | 'integer ties' | 'cancellation' | 'extremes' | 'zeros';
const patterns: Pattern[] = ['random', 'integer ties', 'cancellation', 'extremes', 'zeros'];

// Values of the format (already rounded) for a data pattern.
function values(format: NumericFormat, kind: Pattern, count: number, rng: Xoshiro128, role: 'left' | 'right'): number[] {
    const round = (x: number): number => format.roundValue(x);
    switch (kind) {
        case 'random': return Array.from({ length: count }, () => round((rng.nextUniform() - 0.5) * 2 ** (rng.nextInt(12) - 6)));
        case 'integer ties': return Array.from({ length: count }, () => (role === 'left' ? rng.nextInt(17) : round((rng.nextUniform() - 0.5) / 2)));
        case 'cancellation': return Array.from({ length: count }, (_, i) => round((i % 2 === 0 ? 1 : -1) * 2 ** (Math.floor(i / 2) % 5 - 2)));
        case 'extremes': return Array.from({ length: count }, (_, i) => (i % 3 === 0 ? format.maxPos : i % 3 === 1 ? format.minPos : round(rng.nextUniform() - 0.5)) * (rng.nextInt(2) === 0 ? 1 : -1));
        case 'zeros': return new Array<number>(count).fill(0);
    }
}

function referenceMatmul(format: NumericFormat, a: Tensor, b: Tensor, m: number, k: number, n: number): number[] {
    const quire = format.createQuire();
    const out: number[] = [];
    for (let row = 0; row < m; row++) {
        for (let col = 0; col < n; col++) {
            quire.clear();
            for (let t = 0; t < k; t++) quire.addProduct(a.data[row * k + t]!, b.data[t * n + col]!);
            out.push(quire.round() as number);
        }
    }
    return out;
}

describe.each(formats)('quire mode in %s equals the exact quire', (name) => {
    const format = parseFormat(name)!;
    for (const kind of patterns) {
        it(`matmul forward and backward, ${kind} data`, () => {
            const rng = new Xoshiro128(kind.length * 31 + name.length);
            const allocator = new TrackedAllocator();
            const [B, K, N] = [9, 23, 7];
            const x = tensorFromValues(allocator, format, [B, K], values(format, kind, B * K, rng, 'left'), 'activation', 'x');
            const w = tensorFromValues(allocator, format, [K, N], values(format, kind === 'integer ties' ? 'integer ties' : kind, K * N, rng, 'right'), 'param', 'w');
            const acc = new Accumulation(format, 'quire');
            const g = matmulGeometry(x.shape, true, w.shape, false);
            const scratch = new Scratch(new ArrayBuffer(Math.max(scratchBytes(matmulForwardScratch(g)), scratchBytes(matmulBackwardScratch(g, true, true)))));
            const y = allocateTensor(allocator, format, [B, N], 'activation', 'y');
            matmulForward(acc, scratch, g, x, w, y);
            expect([...y.data]).toEqual(referenceMatmul(format, x, w, B, K, N));
            // Backward: dW = xᵀ·dy (a reduction over the batch), dx = dy·Wᵀ.
            const dy = tensorFromValues(allocator, format, [B, N], values(format, kind, B * N, rng, 'right'), 'gradient', 'dy');
            const dx = allocateTensor(allocator, format, [B, K], 'gradient', 'dx');
            const dw = allocateTensor(allocator, format, [K, N], 'gradient', 'dw');
            matmulBackward(acc, scratch, g, x, w, dy, dx, dw);
            const xt = transpose(allocator, format, x, B, K);
            const wt = transpose(allocator, format, w, K, N);
            expect([...dw.data]).toEqual(referenceMatmul(format, xt, dy, K, B, N));
            expect([...dx.data]).toEqual(referenceMatmul(format, dy, wt, B, N, K));
        });
    }

    it('bias gradient (a broadcast reduction over the batch)', () => {
        const rng = new Xoshiro128(77);
        const allocator = new TrackedAllocator();
        const acc = new Accumulation(format, 'quire');
        for (const kind of patterns) {
            const dy = tensorFromValues(allocator, format, [40, 5], values(format, kind, 200, rng, 'left'), 'gradient', 'dy');
            const db = allocateTensor(allocator, format, [5], 'gradient', 'db');
            const scratch = new Scratch(new ArrayBuffer(scratchBytes(binaryBackwardScratch([40, 5], [40, 5], [5]))));
            binaryBackward(acc, scratch, 'add', null, [40, 5], null, [5], null, dy, null, db);
            const quire = format.createQuire();
            for (let j = 0; j < 5; j++) {
                quire.clear();
                for (let b = 0; b < 40; b++) quire.addPattern(dy.data[b * 5 + j]!);
                expect(db.data[j]).toBe(quire.round());
            }
        }
    });

    it('a·b + c·d rounds once, exactly (optimizer updates), also with operands of a wider state format', () => {
        const rng = new Xoshiro128(3);
        const acc = new Accumulation(format, 'quire');
        const wider = format.bits < 16 ? parseFormat('posit16')! : format;
        for (let i = 0; i < 20_000; i++) {
            const [a, b, c, d] = [0, 1, 2, 3].map((j) => (j % 2 === 0 ? wider : format).roundValue((rng.nextUniform() - 0.5) * 2 ** (rng.nextInt(16) - 8))) as [number, number, number, number];
            const exact = addDyadic(mulDyadic(dyadicFromNumber(a), dyadicFromNumber(b)), mulDyadic(dyadicFromNumber(c), dyadicFromNumber(d)));
            expect(acc.sumOfTwoProducts(a, b, c, d)).toBe(format.decode(format.roundDyadic(exact)));
        }
    });
});

describe('the certified fast path hands hard cases on (posit16)', () => {
    const format = parseFormat('posit16')!;
    const dot = (left: number[], right: number[]): { value: number; fallbacks: number } => {
        const allocator = new TrackedAllocator();
        const x = tensorFromValues(allocator, format, [1, left.length], left, 'activation', 'x');
        const w = tensorFromValues(allocator, format, [right.length, 1], right, 'param', 'w');
        const acc = new Accumulation(format, 'quire');
        const g = matmulGeometry(x.shape, true, w.shape, false);
        const y = allocateTensor(allocator, format, [1, 1], 'activation', 'y');
        matmulForward(acc, new Scratch(new ArrayBuffer(scratchBytes(matmulForwardScratch(g)))), g, x, w, y);
        return { value: format.decode(y.data[0]!), fallbacks: acc.fallbacks };
    };

    // posit16 has 11 fraction bits at 1: its neighbours are 1 and 1 + 2^-11, the tie is 1 + 2^-12.
    it('an exact tie (1 + 2^-12, halfway between 1 and 1 + 2^-11) rounds to even without the quire', () => {
        expect(dot([1, 2 ** -12], [1, 1])).toEqual({ value: 1, fallbacks: 0 });
    });

    it('a tie broken by a term float64 drops (minPos = 2^-56) is settled by the quire: it rounds up', () => {
        expect(1 + 2 ** -12 + 2 ** -56).toBe(1 + 2 ** -12);
        expect(dot([1, 2 ** -12, 2 ** -56], [1, 1, 1])).toEqual({ value: 1 + 2 ** -11, fallbacks: 1 });
    });

    it('an exact cancellation to zero gives zero, not ±minPos', () => {
        expect(dot([3, -3, 2 ** -20, -(2 ** -20)], [1, 1, 1, 1]).value).toBe(0);
    });
});

describe('rounded mode rounds every product and every add, in index order', () => {
    for (const name of ['posit16', 'posit8', 'float32']) {
        it(name, () => {
            const format = parseFormat(name)!;
            const rng = new Xoshiro128(8);
            const allocator = new TrackedAllocator();
            const [B, K, N] = [4, 33, 5];
            const x = tensorFromValues(allocator, format, [B, K], values(format, 'random', B * K, rng, 'left'), 'activation', 'x');
            const w = tensorFromValues(allocator, format, [K, N], values(format, 'random', K * N, rng, 'right'), 'param', 'w');
            const g = matmulGeometry(x.shape, true, w.shape, false);
            const y = allocateTensor(allocator, format, [B, N], 'activation', 'y');
            matmulForward(new Accumulation(format, 'rounded'), new Scratch(new ArrayBuffer(scratchBytes(matmulForwardScratch(g)))), g, x, w, y);
            for (let b = 0; b < B; b++) {
                for (let n = 0; n < N; n++) {
                    let running = 0;
                    for (let k = 0; k < K; k++) running = format.addValues(running, format.mulValues(format.decode(x.data[b * K + k]!), format.decode(w.data[k * N + n]!)));
                    expect(format.decode(y.data[b * N + n]!)).toBe(running);
                }
            }
        });
    }
});

function transpose(allocator: TrackedAllocator, format: NumericFormat, t: Tensor, rows: number, cols: number): Tensor {
    const out = allocateTensor(allocator, format, [cols, rows], 'activation', 't');
    for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out.data[c * rows + r] = t.data[r * cols + c]!;
    return out;
}

// Exact BigInt arithmetic on dyadic rationals: the oracle for two-term sums.
function mulDyadic(a: Dyadic, b: Dyadic): Dyadic {
    return { negative: a.negative !== b.negative, magnitude: a.magnitude * b.magnitude, exponent: a.exponent + b.exponent };
}

function addDyadic(a: Dyadic, b: Dyadic): Dyadic {
    const exponent = Math.min(a.exponent, b.exponent);
    const signed = (x: Dyadic): bigint => (x.negative ? -1n : 1n) * (x.magnitude << BigInt(x.exponent - exponent));
    const sum = signed(a) + signed(b);
    return { negative: sum < 0n, magnitude: sum < 0n ? -sum : sum, exponent };
}
