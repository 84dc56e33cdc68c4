// `@`: per instance, A [M×K] times B [K×N] (a vector operand is a 1×K row or a K×1 column), each
// operand either batched (one instance per sample) or shared (a parameter). Decoding follows one
// rule the memory planner repeats: a shared operand is decoded once per call, a batched one once
// per sample, into the scratch arena; results are rounded once per output element (quire) or per
// add (rounded) and encoded straight into the target's patterns.
import type { Tensor } from '../tensor/tensor.js';
import type { Accumulation } from './accumulation.js';
import { floatDot, partial, quireDot, resetPartial, roundedDot, trackedDot } from './dot.js';
import { decodeRange, decodeTransposed, type Scratch, type ScratchNeed } from './scratch.js';

/** Instance dimensions of a matmul and which operands carry the batch axis. */
export interface MatmulGeometry {
    /** Number of instances: the batch size when any operand is batched, else 1. */
    readonly samples: number;
    readonly m: number;
    readonly k: number;
    readonly n: number;
    readonly aBatched: boolean;
    readonly bBatched: boolean;
}

/** Derives the geometry from full shapes (batch axis first on batched operands). */
export function matmulGeometry(aShape: readonly number[], aBatched: boolean, bShape: readonly number[], bBatched: boolean): MatmulGeometry {
    const a = aBatched ? aShape.slice(1) : aShape;
    const b = bBatched ? bShape.slice(1) : bShape;
    const samples = aBatched ? aShape[0]! : bBatched ? bShape[0]! : 1;
    return { samples, m: a.length === 2 ? a[0]! : 1, k: a[a.length - 1]!, n: b.length === 2 ? b[1]! : 1, aBatched, bBatched };
}

/**
 * Scratch of the forward kernel: A (one instance, M×K), B transposed (one instance, N×K) and the
 * N column sums Σ|B| that bound the certified path's error.
 */
export function matmulForwardScratch(g: MatmulGeometry): ScratchNeed {
    return { f64: g.m * g.k + g.k * g.n + g.n, words: 0 };
}

/** out = A @ B, one rounding per output element with `quire`, one per add with `rounded`. */
export function matmulForward(acc: Accumulation, scratch: Scratch, g: MatmulGeometry, a: Tensor, b: Tensor, out: Tensor): void {
    const { m, k, n } = g;
    const f64 = scratch.f64;
    const aAt = 0;
    const bAt = m * k;
    const sumsAt = bAt + k * n;
    const fast = acc.mode === 'quire' && acc.exactProducts;
    if (!g.aBatched) decodeRange(a, 0, m * k, f64, aAt);
    if (!g.bBatched) {
        decodeTransposed(b, 0, k, n, f64, bAt);
        if (fast) columnAbsSums(f64, bAt, k, n, sumsAt);
    }
    const data = out.data;
    for (let s = 0; s < g.samples; s++) {
        if (g.aBatched) decodeRange(a, s * m * k, m * k, f64, aAt);
        if (g.bBatched) {
            decodeTransposed(b, s * k * n, k, n, f64, bAt);
            if (fast) columnAbsSums(f64, bAt, k, n, sumsAt);
        }
        const outAt = s * m * n;
        for (let row = 0; row < m; row++) {
            const ai = aAt + row * k;
            if (!fast) {
                for (let col = 0; col < n; col++) data[outAt + row * n + col] = roundedContraction(acc, f64, ai, bAt + col * k, k);
                continue;
            }
            let rowMax = 0;
            for (let t = 0; t < k; t++) rowMax = Math.max(rowMax, Math.abs(f64[ai + t]!));
            for (let col = 0; col < n; col++) {
                // Σ|a_t·b_t| ≤ max|a|·Σ|b|: the bound needs no per-term work in the inner loop.
                const bi = bAt + col * k;
                let even = 0;
                let odd = 0;
                let t = 0;
                for (; t + 1 < k; t += 2) {
                    even += f64[ai + t]! * f64[bi + t]!;
                    odd += f64[ai + t + 1]! * f64[bi + t + 1]!;
                }
                if (t < k) even += f64[ai + t]! * f64[bi + t]!;
                const pattern = acc.certifyPattern(even + odd, rowMax * f64[sumsAt + col]!, k);
                data[outAt + row * n + col] = pattern === pattern ? pattern : roundedContraction(acc, f64, ai, bi, k);
            }
        }
    }
}

// Σ_t |B[t, col]| for each column of a transposed (N×K) block.
function columnAbsSums(f64: Float64Array, bAt: number, k: number, n: number, sumsAt: number): void {
    for (let col = 0; col < n; col++) {
        let sum = 0;
        for (let t = 0; t < k; t++) sum += Math.abs(f64[bAt + col * k + t]!);
        f64[sumsAt + col] = sum;
    }
}

// One output element: Σ x[xi + t]·y[yi + t] for t < k, as a pattern of the accumulation's format.
function roundedContraction(acc: Accumulation, f64: Float64Array, xi: number, yi: number, k: number): number {
    if (acc.mode === 'rounded') return acc.encode(roundedDot(acc, acc.emptySum, f64, xi, 1, f64, yi, 1, k));
    if (acc.exactProducts) {
        resetPartial();
        floatDot(f64, xi, 1, f64, yi, 1, k);
        const pattern = acc.certifyPattern(partial.sum, partial.magnitude, partial.terms);
        if (pattern === pattern) return pattern;
        resetPartial();
        trackedDot(f64, xi, 1, f64, yi, 1, k);
        if (!partial.inexact) return acc.encode(partial.sum);
    }
    acc.fallbacks++;
    const quire = acc.quire;
    quire.clear();
    quireDot(quire, f64, xi, 1, f64, yi, 1, k);
    return quire.round() as number;
}
