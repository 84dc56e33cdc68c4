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

/** Scratch of the backward kernel for the wanted gradients. */
export function matmulBackwardScratch(g: MatmulGeometry, wantA: boolean, wantB: boolean): ScratchNeed {
    const out = g.samples * g.m * g.n;
    const a = wantB ? (g.aBatched ? g.samples : 1) * g.m * g.k : 0;
    const b = wantA ? (g.bBatched ? g.samples : 1) * g.k * g.n : 0;
    return { f64: out + a + b, words: 0 };
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
                    data[s * m * k + row * k + t] = contractPattern(acc, f64, f64, index);
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
                    data[s * k * n + t * n + col] = contractPattern(acc, f64, f64, index);
                }
            }
        }
    }
}
