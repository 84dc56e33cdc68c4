// Reverse-mode rule of `@`: dA = dC·Bᵀ and dB = Aᵀ·dC per instance, summed over the batch for a
// shared operand (a parameter's gradient is one exact reduction over every sample). All operands
// the rule reads are decoded in full into the scratch arena (docs/memory.md: dC, then A when dB is
// wanted, then B when dA is wanted); every gradient element is one contraction, rounded once with
// `quire`, so it does not depend on the order of the samples.
import type { Tensor } from '../tensor/tensor.js';
import type { Accumulation } from './accumulation.js';
import { contractPattern, type Strided2 } from './dot.js';
import type { MatmulGeometry } from './matmul.js';
import { decodeRange, type Scratch, type ScratchNeed } from './scratch.js';

/**
 * Scratch of the backward kernel for the wanted gradients: dC, A (for dB) and B (for dA) decoded,
 * then the magnitude bounds of the certified path (max |dC| per row and Σ|B| per row of B for dA;
 * max |A| and Σ|dC| per column for dB).
 */
export function matmulBackwardScratch(g: MatmulGeometry, wantA: boolean, wantB: boolean): ScratchNeed {
    const out = g.samples * g.m * g.n;
    const a = wantB ? (g.aBatched ? g.samples : 1) * g.m * g.k : 0;
    const b = wantA ? (g.bBatched ? g.samples : 1) * g.k * g.n : 0;
    const bounds = (wantA ? g.samples * g.m + g.k : 0) + (wantB ? g.k + g.n : 0);
    return { f64: out + a + b + bounds, words: 0 };
}

/** Writes dA and/or dB (null: not wanted) from dOut; A is read only for dB and B only for dA. */
export function matmulBackward(acc: Accumulation, scratch: Scratch, g: MatmulGeometry, a: Tensor | null, b: Tensor | null, dOut: Tensor, dA: Tensor | null, dB: Tensor | null): void {
    const { samples, m, k, n } = g;
    const f64 = scratch.f64;
    const dOutAt = 0;
    const aAt = samples * m * n;
    const aSize = dB !== null ? (g.aBatched ? samples : 1) * m * k : 0;
    const bAt = aAt + aSize;
    decodeRange(dOut, 0, samples * m * n, f64, dOutAt);
    if (dB !== null) decodeRange(a!, 0, aSize, f64, aAt);
    if (dA !== null) decodeRange(b!, 0, (g.bBatched ? samples : 1) * k * n, f64, bAt);
    const boundsAt = bAt + (dA !== null ? (g.bBatched ? samples : 1) * k * n : 0);
    if (acc.mode === 'quire' && acc.exactProducts && g.aBatched && !g.bBatched) {
        batchedTimesShared(acc, f64, g, dOutAt, aAt, bAt, boundsAt, dA, dB);
        return;
    }
    const index: Strided2 = { xo: 0, xOuter: 0, xInner: 0, yo: 0, yOuter: 0, yInner: 0, outer: 0, inner: 0 };
    if (dA !== null) {
        // dA[s, row, t] = Σ_(s') Σ_col dOut[s', row, col] · B[s', t, col]
        const instances = g.aBatched ? samples : 1;
        const data = dA.data;
        index.xOuter = m * n;
        index.xInner = 1;
        index.yOuter = g.bBatched ? k * n : 0;
        index.yInner = 1;
        index.outer = g.aBatched ? 1 : samples;
        index.inner = n;
        for (let s = 0; s < instances; s++) {
            for (let row = 0; row < m; row++) {
                for (let t = 0; t < k; t++) {
                    index.xo = dOutAt + s * m * n + row * n;
                    index.yo = bAt + (g.bBatched && g.aBatched ? s * k * n : 0) + t * n;
                    data[s * m * k + row * k + t] = contraction(acc, f64, index);
                }
            }
        }
    }
    if (dB !== null) {
        // dB[s, t, col] = Σ_(s') Σ_row A[s', row, t] · dOut[s', row, col]
        const instances = g.bBatched ? samples : 1;
        const data = dB.data;
        index.xOuter = g.aBatched ? m * k : 0;
        index.xInner = k;
        index.yOuter = m * n;
        index.yInner = n;
        index.outer = g.bBatched ? 1 : samples;
        index.inner = m;
        for (let s = 0; s < instances; s++) {
            for (let t = 0; t < k; t++) {
                for (let col = 0; col < n; col++) {
                    index.xo = aAt + (g.aBatched && g.bBatched ? s * m * k : 0) + t;
                    index.yo = dOutAt + s * m * n + col;
                    data[s * k * n + t * n + col] = contraction(acc, f64, index);
                }
            }
        }
    }
}

// One gradient element. The common shapes (a single level of the index, quire with exact float64
// products) run an inlined loop and certify; everything else, and every uncertified result, goes
// through the general contraction (tracked retry, then the quire).
function contraction(acc: Accumulation, f64: Float64Array, index: Strided2): number {
    if (acc.mode !== 'quire' || !acc.exactProducts || (index.inner !== 1 && index.outer !== 1)) return contractPattern(acc, f64, f64, index);
    const single = index.inner === 1;
    const count = single ? index.outer : index.inner;
    const xs = single ? index.xOuter : index.xInner;
    const ys = single ? index.yOuter : index.yInner;
    let xi = index.xo;
    let yi = index.yo;
    let sum = 0;
    let magnitude = 0;
    for (let i = 0; i < count; i++, xi += xs, yi += ys) {
        const p = f64[xi]! * f64[yi]!;
        sum += p;
        magnitude += Math.abs(p);
    }
    const pattern = acc.certifyPattern(sum, magnitude, count);
    return pattern === pattern ? pattern : contractPattern(acc, f64, f64, index);
}

// The layer case (batched A, shared B: x @ W), quire with exact products: both contractions are
// single strided loops, and Σ|xᵢyᵢ| ≤ max|x|·Σ|y| comes from per-vector bounds computed once, so the
// inner loops only multiply and add. Uncertified elements take the general path.
function batchedTimesShared(acc: Accumulation, f64: Float64Array, g: MatmulGeometry, dOutAt: number, aAt: number, bAt: number, boundsAt: number, dA: Tensor | null, dB: Tensor | null): void {
    const { samples, m, k, n } = g;
    const rows = samples * m;
    const index: Strided2 = { xo: 0, xOuter: 0, xInner: 0, yo: 0, yOuter: 0, yInner: 0, outer: 1, inner: 0 };
    let at = boundsAt;
    if (dA !== null) {
        // dA[r, t] = Σ_col dOut[r, col] · B[t, col]
        const maxD = at;
        const sumB = at + rows;
        at += rows + k;
        for (let r = 0; r < rows; r++) f64[maxD + r] = maxAbs(f64, dOutAt + r * n, 1, n);
        for (let t = 0; t < k; t++) f64[sumB + t] = absSum(f64, bAt + t * n, 1, n);
        index.xInner = 1;
        index.yInner = 1;
        index.inner = n;
        const data = dA.data;
        for (let r = 0; r < rows; r++) {
            const xo = dOutAt + r * n;
            for (let t = 0; t < k; t++) {
                const yo = bAt + t * n;
                let sum = 0;
                for (let c = 0; c < n; c++) sum += f64[xo + c]! * f64[yo + c]!;
                const pattern = acc.certifyPattern(sum, f64[maxD + r]! * f64[sumB + t]!, n);
                if (pattern === pattern) {
                    data[r * k + t] = pattern;
                } else {
                    index.xo = xo;
                    index.yo = yo;
                    data[r * k + t] = contractPattern(acc, f64, f64, index);
                }
            }
        }
    }
    if (dB !== null) {
        // dB[t, col] = Σ_r A[r, t] · dOut[r, col]
        const maxA = at;
        const sumD = at + k;
        for (let t = 0; t < k; t++) f64[maxA + t] = maxAbs(f64, aAt + t, k, rows);
        for (let c = 0; c < n; c++) f64[sumD + c] = absSum(f64, dOutAt + c, n, rows);
        index.xInner = k;
        index.yInner = n;
        index.inner = rows;
        const data = dB.data;
        for (let t = 0; t < k; t++) {
            for (let c = 0; c < n; c++) {
                let xi = aAt + t;
                let yi = dOutAt + c;
                let even = 0;
                let odd = 0;
                let r = 0;
                for (; r + 1 < rows; r += 2, xi += 2 * k, yi += 2 * n) {
                    even += f64[xi]! * f64[yi]!;
                    odd += f64[xi + k]! * f64[yi + n]!;
                }
                if (r < rows) even += f64[xi]! * f64[yi]!;
                const pattern = acc.certifyPattern(even + odd, f64[maxA + t]! * f64[sumD + c]!, rows);
                if (pattern === pattern) {
                    data[t * n + c] = pattern;
                } else {
                    index.xo = aAt + t;
                    index.yo = dOutAt + c;
                    data[t * n + c] = contractPattern(acc, f64, f64, index);
                }
            }
        }
    }
}

function maxAbs(f64: Float64Array, from: number, stride: number, count: number): number {
    let max = 0;
    for (let i = 0; i < count; i++) max = Math.max(max, Math.abs(f64[from + i * stride]!));
    return max;
}

function absSum(f64: Float64Array, from: number, stride: number, count: number): number {
    let sum = 0;
    for (let i = 0; i < count; i++) sum += Math.abs(f64[from + i * stride]!);
    return sum;
}
