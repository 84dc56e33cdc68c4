// softmax over the last axis, and its derivative rule (shared by tangents and gradients):
// out_j = p_j·v_j − p_j·r with r = Σ_i p_i·v_i. The forward is evaluated in float64 per row and
// rounded once per output (faithful); in the rule, r is a contraction (exact, rounded once, with
// `quire`) and each out_j is a two-product sum rounded once.
import type { Tensor } from '../tensor/tensor.js';
import type { Accumulation } from './accumulation.js';
import { floatDot, partial, quireDot, resetPartial, roundedDot, trackedDot } from './dot.js';
import type { Scratch, ScratchNeed } from './scratch.js';

/** out = softmax(z) over the last axis. */
export function softmaxForward(acc: Accumulation, z: Tensor, out: Tensor): void {
    const format = z.format;
    const classes = z.shape[z.shape.length - 1]!;
    const rows = z.size / classes;
    const src = z.data;
    const dst = out.data;
    for (let r = 0; r < rows; r++) {
        const at = r * classes;
        let max = -Infinity;
        for (let j = 0; j < classes; j++) max = Math.max(max, format.decode(src[at + j]!));
        let sum = 0;
        for (let j = 0; j < classes; j++) sum += Math.exp(format.decode(src[at + j]!) - max);
        for (let j = 0; j < classes; j++) dst[at + j] = acc.encode(Math.exp(format.decode(src[at + j]!) - max) / sum);
    }
}

/** Scratch of the derivative rule: one row of p and one of v, decoded. */
export function softmaxDerivativeScratch(shape: readonly number[]): ScratchNeed {
    return { f64: 2 * shape[shape.length - 1]!, words: 0 };
}

/** out = p ⊙ (v − Σ p·v) per row, for v a tangent ż (giving ṗ) or a gradient dp (giving dz). */
export function softmaxDerivative(acc: Accumulation, scratch: Scratch, p: Tensor, v: Tensor, out: Tensor): void {
    const format = out.format;
    const classes = p.shape[p.shape.length - 1]!;
    const rows = p.size / classes;
    const f64 = scratch.f64;
    const vAt = classes;
    for (let r = 0; r < rows; r++) {
        const at = r * classes;
        p.format.decodeArray(p.data.subarray(at, at + classes), f64, classes);
        v.format.decodeArray(v.data.subarray(at, at + classes), f64.subarray(vAt, vAt + classes), classes);
        let dot: number;
        if (acc.mode === 'rounded') {
            dot = roundedDot(acc, acc.emptySum, f64, 0, 1, f64, vAt, 1, classes);
        } else {
            dot = NaN;
            if (acc.exactProducts) {
                resetPartial();
                floatDot(f64, 0, 1, f64, vAt, 1, classes);
                dot = acc.certify(partial.sum, partial.magnitude, partial.terms);
                if (dot !== dot) {
                    resetPartial();
                    trackedDot(f64, 0, 1, f64, vAt, 1, classes);
                    if (!partial.inexact) dot = acc.round(partial.sum);
                }
            }
            if (dot !== dot) {
                acc.fallbacks++;
                acc.quire.clear();
                quireDot(acc.quire, f64, 0, 1, f64, vAt, 1, classes);
                dot = format.decode(acc.quire.round());
            }
        }
        for (let j = 0; j < classes; j++) {
            const pj = f64[j]!;
            out.data[at + j] = acc.encode(acc.sumOfTwoProducts(pj, f64[vAt + j]!, -pj, dot));
        }
    }
}
