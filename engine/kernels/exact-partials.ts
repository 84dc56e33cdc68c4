// Exact partial sums for a shard of an update. Where the ordinary kernels round a parameter's
// gradient element (an exact sum over the batch's samples) once, these add the same terms, exactly,
// into that element's quire (a QuireArray), so that shards computed in other micro-batches or on
// other workers add up to the update's exact sum and round once at the end — bit-identical to the
// one-batch result. Each sum runs in float64 with TwoSum: a term the running float64 sum cannot
// absorb exactly leaves its error in the quire (rare for ≤ 16-bit formats); the final running sum
// goes in at the end. Formats whose products are not exact in float64 (posit32) also add each
// product's TwoProduct error.
import type { Tensor } from '../tensor/tensor.js';
import type { Strided2 } from './dot.js';
import { binaryGradientTerms, pair, type BinaryOp } from './binary.js';
import type { MatmulGeometry } from './matmul.js';
import type { QuireArray } from './quire-array.js';
import { decodeRange, type Scratch } from './scratch.js';
import { twoProductError, twoSumError } from '../numeric/bits/error-free.js';

/** Adds Σ x·y over a two-level strided index exactly to element `at` of `bank`. */
export function depositContraction(bank: QuireArray, at: number, x: Float64Array, y: Float64Array, g: Strided2, exactProducts: boolean): void {
    let sum = 0;
    for (let o = 0; o < g.outer; o++) {
        let xi = g.xo + o * g.xOuter;
        let yi = g.yo + o * g.yOuter;
        for (let i = 0; i < g.inner; i++, xi += g.xInner, yi += g.yInner) sum = depositProduct(bank, at, x[xi]!, y[yi]!, sum, exactProducts);
    }
    if (sum !== 0 || sum !== sum) bank.add(at, sum);
}

/**
 * Adds the gradient of a shared (unbatched) matmul operand — B of `x @ W` (operand 1) or A of
 * `W @ x` (operand 0) — over this shard's samples into `bank[offset …]`, element by element in the
 * parameter's layout. The other operand and dOut are decoded into the scratch arena first (the
 * layout of `matmulBackward`, whose scratch need covers it).
 */
export function depositMatmulGradient(bank: QuireArray, offset: number, scratch: Scratch, g: MatmulGeometry, other: Tensor, dOut: Tensor, operand: 0 | 1, exactProducts: boolean): void {
    const { samples, m, k, n } = g;
    const f64 = scratch.f64;
    const dOutAt = 0;
    const otherAt = samples * m * n;
    decodeRange(dOut, 0, samples * m * n, f64, dOutAt);
    const index: Strided2 = { xo: 0, xOuter: 0, xInner: 0, yo: 0, yOuter: 0, yInner: 0, outer: samples, inner: 0 };
    if (operand === 1) {
        // dB[t, col] = Σ_s Σ_row A[s, row, t] · dOut[s, row, col]   (A batched)
        decodeRange(other, 0, samples * m * k, f64, otherAt);
        if (exactProducts && g.aBatched) return depositLayerGradient(bank, offset, f64, otherAt, dOutAt, samples * m, k, n);
        index.xOuter = g.aBatched ? m * k : 0;
        index.xInner = k;
        index.yOuter = m * n;
        index.yInner = n;
        index.inner = m;
        for (let t = 0; t < k; t++) {
            for (let col = 0; col < n; col++) {
                index.xo = otherAt + t;
                index.yo = dOutAt + col;
                depositContraction(bank, offset + t * n + col, f64, f64, index, exactProducts);
            }
        }
        return;
    }
    // dA[row, t] = Σ_s Σ_col dOut[s, row, col] · B[s, t, col]   (B batched)
    decodeRange(other, 0, samples * k * n, f64, otherAt);
    index.xOuter = m * n;
    index.xInner = 1;
    index.yOuter = g.bBatched ? k * n : 0;
    index.yInner = 1;
    index.inner = n;
    for (let row = 0; row < m; row++) {
        for (let t = 0; t < k; t++) {
            index.xo = dOutAt + row * n;
            index.yo = otherAt + t * n;
            depositContraction(bank, offset + row * k + t, f64, f64, index, exactProducts);
        }
    }
}

// The layer case x @ W with exact products: dW[t, c] = Σ_r A[r, t] · dOut[r, c] over the shard's
// rows r, as two interleaved TwoSum chains (independent additions pipeline better).
function depositLayerGradient(bank: QuireArray, offset: number, f64: Float64Array, aAt: number, dOutAt: number, rows: number, k: number, n: number): void {
    for (let t = 0; t < k; t++) {
        for (let c = 0; c < n; c++) {
            const at = offset + t * n + c;
            let xi = aAt + t;
            let yi = dOutAt + c;
            let even = 0;
            let odd = 0;
            let r = 0;
            for (; r + 1 < rows; r += 2, xi += 2 * k, yi += 2 * n) {
                const p = f64[xi]! * f64[yi]!;
                const q = f64[xi + k]! * f64[yi + n]!;
                const s = even + p;
                const u = odd + q;
                const sv = s - even;
                const uv = u - odd;
                const se = (even - (s - sv)) + (p - sv);
                const ue = (odd - (u - uv)) + (q - uv);
                even = s;
                odd = u;
                if (se !== 0) bank.add(at, se);
                if (ue !== 0) bank.add(at, ue);
            }
            if (r < rows) {
                const p = f64[xi]! * f64[yi]!;
                const s = even + p;
                const sv = s - even;
                const se = (even - (s - sv)) + (p - sv);
                even = s;
                if (se !== 0) bank.add(at, se);
            }
            if (even !== 0 || even !== even) bank.add(at, even);
            if (odd !== 0 || odd !== odd) bank.add(at, odd);
        }
    }
}

/**
 * Adds the gradient of a broadcast operand of an elementwise op (a bias over the batch, a shared
 * scale) over this shard's output elements into `bank[offset …]`: the same terms p·q the ordinary
 * rule sums (binaryGradientTerms), each added exactly.
 */
export function depositBinaryGradient(bank: QuireArray, offset: number, op: BinaryOp, a: Tensor | null, aShape: readonly number[], b: Tensor | null, bShape: readonly number[], y: Tensor | null, dOut: Tensor, operand: 0 | 1, exactProducts: boolean): void {
    const terms = binaryGradientTerms(op, a, aShape, b, bShape, y, dOut);
    const forA = operand === 0;
    const map = forA ? terms.mapA : terms.mapB;
    for (let i = 0; i < dOut.size; i++) {
        terms.at(forA, i);
        const { p, q } = pair;
        if (q === 0) continue;
        const product = p * q;
        const at = offset + map.index(i);
        if (!exactProducts) {
            const error = twoProductError(p, q, product);
            if (error !== 0) bank.add(at, error);
        }
        bank.add(at, product);
    }
}

/** Adds Σ g·v over every element of two tensors of one format exactly to `bank[at]` (a loss's L̇ over a shard). */
export function depositDot(bank: QuireArray, at: number, g: Tensor, v: Tensor, exactProducts: boolean): void {
    const format = g.format;
    let sum = 0;
    for (let i = 0; i < g.size; i++) sum = depositProduct(bank, at, format.decode(g.data[i]!), v.format.decode(v.data[i]!), sum, exactProducts);
    if (sum !== 0 || sum !== sum) bank.add(at, sum);
}

// One term of an exact sum: returns the float64 running sum + a·b and puts exactly what float64 lost
// (the product's TwoProduct error unless products are exact, the addition's TwoSum error) into bank[at].
function depositProduct(bank: QuireArray, at: number, a: number, b: number, sum: number, exactProducts: boolean): number {
    const p = a * b;
    if (!exactProducts) {
        const error = twoProductError(a, b, p);
        if (error !== 0) bank.add(at, error);
    }
    const t = sum + p;
    const error = twoSumError(sum, p, t);
    if (error !== 0) bank.add(at, error);
    return t;
}
