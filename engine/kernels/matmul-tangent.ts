// Forward-mode rule of `@`: the tangent of C = A @ B is Ȧ @ B + A @ Ḃ, computed as one contraction
// of length 2K per output (rounded once with `quire`). A tangent operand is either an activation's
// tangent tensor or a parameter's direction, read from its sign bits and never materialised as
// values. Decoding follows the forward kernel's rule; a primal operand is decoded only when the
// other operand's tangent needs it (the first layer, whose input has no tangent, decodes only A).
import type { Tensor } from '../tensor/tensor.js';
import type { Accumulation } from './accumulation.js';
import { floatDot, floatSignedSum, partial, quireDot, quireSignedSum, resetPartial, roundedDot, roundedSignedSum, trackedDot, trackedSignedSum } from './dot.js';
import type { MatmulGeometry } from './matmul.js';
import { decodeRange, decodeTransposed, type Scratch, type ScratchNeed } from './scratch.js';

/** A parameter's direction: sign bits (set = −1) and an optional nonzero mask, over its flat index. */
export interface DirectionOperand {
    readonly kind: 'direction';
    readonly signs: Uint32Array;
    readonly signsAt: number;
    readonly mask: Uint32Array | null;
    readonly maskAt: number;
}

/** An activation's tangent (same batching as its primal). */
export interface TensorTangent {
    readonly kind: 'tensor';
    readonly tensor: Tensor;
}

/** The tangent of one operand; null when it does not depend on the parameters. */
export type TangentOperand = DirectionOperand | TensorTangent | null;

/** Scratch (float64 values) of the tangent kernel; direction words are the caller's. */
export function matmulTangentScratch(g: MatmulGeometry, aDot: TangentOperand, bDot: TangentOperand): ScratchNeed {
    const mk = g.m * g.k;
    const kn = g.k * g.n;
    return { f64: (bDot !== null ? mk : 0) + (aDot !== null ? kn : 0) + (aDot?.kind === 'tensor' ? mk : 0) + (bDot?.kind === 'tensor' ? kn : 0), words: 0 };
}

/** outDot = Ȧ @ B + A @ Ḃ. */
export function matmulTangent(acc: Accumulation, scratch: Scratch, g: MatmulGeometry, a: Tensor, aDot: TangentOperand, b: Tensor, bDot: TangentOperand, outDot: Tensor): void {
    const { m, k, n } = g;
    const f64 = scratch.f64;
    let at = 0;
    const aAt = bDot !== null ? at : -1;
    at += bDot !== null ? m * k : 0;
    const bAt = aDot !== null ? at : -1;
    at += aDot !== null ? k * n : 0;
    const aDotAt = aDot?.kind === 'tensor' ? at : -1;
    at += aDot?.kind === 'tensor' ? m * k : 0;
    const bDotAt = bDot?.kind === 'tensor' ? at : -1;
    const aDotTensor = aDot?.kind === 'tensor' ? aDot.tensor : null;
    const bDotTensor = bDot?.kind === 'tensor' ? bDot.tensor : null;
    const decodeInstance = (s: number, batchedOnly: boolean): void => {
        const aFrom = g.aBatched ? s * m * k : 0;
        const bFrom = g.bBatched ? s * k * n : 0;
        if (aAt >= 0 && g.aBatched === batchedOnly) decodeRange(a, aFrom, m * k, f64, aAt);
        if (bAt >= 0 && g.bBatched === batchedOnly) decodeTransposed(b, bFrom, k, n, f64, bAt);
        if (aDotTensor !== null && g.aBatched === batchedOnly) decodeRange(aDotTensor, aFrom, m * k, f64, aDotAt);
        if (bDotTensor !== null && g.bBatched === batchedOnly) decodeTransposed(bDotTensor, bFrom, k, n, f64, bDotAt);
    };
    decodeInstance(0, false);
    const data = outDot.data;
    for (let s = 0; s < g.samples; s++) {
        decodeInstance(s, true);
        for (let row = 0; row < m; row++) {
            for (let col = 0; col < n; col++) {
                const aRow = row * k;
                const bCol = col * k;
                let pattern: number;
                if (acc.mode === 'rounded') {
                    let running = acc.emptySum;
                    if (aDot?.kind === 'tensor') running = roundedDot(acc, running, f64, aDotAt + aRow, 1, f64, bAt + bCol, 1, k);
                    else if (aDot?.kind === 'direction') running = roundedSignedSum(acc, running, f64, bAt + bCol, 1, aDot.signs, aDot.signsAt, aDot.mask, aDot.maskAt, aRow, 1, k);
                    if (bDot?.kind === 'tensor') running = roundedDot(acc, running, f64, aAt + aRow, 1, f64, bDotAt + bCol, 1, k);
                    else if (bDot?.kind === 'direction') running = roundedSignedSum(acc, running, f64, aAt + aRow, 1, bDot.signs, bDot.signsAt, bDot.mask, bDot.maskAt, col, n, k);
                    pattern = acc.encode(running);
                } else {
                    pattern = NaN;
                    if (acc.exactProducts) {
                        resetPartial();
                        if (aDot?.kind === 'tensor') floatDot(f64, aDotAt + aRow, 1, f64, bAt + bCol, 1, k);
                        else if (aDot?.kind === 'direction') floatSignedSum(f64, bAt + bCol, 1, aDot.signs, aDot.signsAt, aDot.mask, aDot.maskAt, aRow, 1, k);
                        if (bDot?.kind === 'tensor') floatDot(f64, aAt + aRow, 1, f64, bDotAt + bCol, 1, k);
                        else if (bDot?.kind === 'direction') floatSignedSum(f64, aAt + aRow, 1, bDot.signs, bDot.signsAt, bDot.mask, bDot.maskAt, col, n, k);
                        pattern = acc.certifyPattern(partial.sum, partial.magnitude, partial.terms);
                        if (pattern !== pattern) {
                            resetPartial();
                            if (aDot?.kind === 'tensor') trackedDot(f64, aDotAt + aRow, 1, f64, bAt + bCol, 1, k);
                            else if (aDot?.kind === 'direction') trackedSignedSum(f64, bAt + bCol, 1, aDot.signs, aDot.signsAt, aDot.mask, aDot.maskAt, aRow, 1, k);
                            if (bDot?.kind === 'tensor') trackedDot(f64, aAt + aRow, 1, f64, bDotAt + bCol, 1, k);
                            else if (bDot?.kind === 'direction') trackedSignedSum(f64, aAt + aRow, 1, bDot.signs, bDot.signsAt, bDot.mask, bDot.maskAt, col, n, k);
                            if (!partial.inexact) pattern = acc.encode(partial.sum);
                        }
                    }
                    if (pattern !== pattern) {
                        acc.fallbacks++;
                        const quire = acc.quire;
                        quire.clear();
                        if (aDot?.kind === 'tensor') quireDot(quire, f64, aDotAt + aRow, 1, f64, bAt + bCol, 1, k);
                        else if (aDot?.kind === 'direction') quireSignedSum(quire, f64, bAt + bCol, 1, aDot.signs, aDot.signsAt, aDot.mask, aDot.maskAt, aRow, 1, k);
                        if (bDot?.kind === 'tensor') quireDot(quire, f64, aAt + aRow, 1, f64, bDotAt + bCol, 1, k);
                        else if (bDot?.kind === 'direction') quireSignedSum(quire, f64, aAt + aRow, 1, bDot.signs, bDot.signsAt, bDot.mask, bDot.maskAt, col, n, k);
                        pattern = quire.round() as number;
                    }
                }
                data[s * m * n + row * n + col] = pattern;
            }
        }
    }
}
