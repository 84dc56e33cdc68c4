// Elementwise ops of two broadcast operands: forward on patterns (one correctly rounded scalar op
// per element), the tangent rule, and the gradient rule. A broadcast operand's gradient (a bias
// over the batch) is a reduction: with `quire` each of its elements is the exact sum of its
// contributions rounded once, so it does not depend on the order of the samples.
import type { Tensor } from '../tensor/tensor.js';
import type { Accumulation } from './accumulation.js';
import { BroadcastMap } from './broadcast.js';
import { directionComponent } from './dot.js';
import { twoSumError } from './float64-bits.js';
import type { TangentOperand } from './matmul-tangent.js';
import type { Scratch, ScratchNeed } from './scratch.js';

const empty = new Float64Array(0);

/** Ops combining two broadcast operands. */
export type BinaryOp = 'add' | 'sub' | 'mul' | 'div' | 'max' | 'min';

/**
 * out = a ∘ b with broadcasting, each element rounded once. Sums, differences and products of the
 * formats with exact float64 products go through the accumulation (exact float64 value, one table
 * rounding); the rest use the numeric core's operations on patterns.
 */
export function binaryForward(acc: Accumulation, op: BinaryOp, a: Tensor, b: Tensor, out: Tensor): void {
    const format = out.format;
    const mapA = new BroadcastMap(out.shape, a.shape, a.size);
    const mapB = new BroadcastMap(out.shape, b.shape, b.size);
    const ad = a.data;
    const bd = b.data;
    const dst = out.data;
    if (acc.exactProducts && (op === 'add' || op === 'sub' || op === 'mul')) {
        const sign = op === 'sub' ? -1 : 1;
        for (let i = 0; i < out.size; i++) {
            const x = format.decode(ad[mapA.index(i)]!);
            const y = format.decode(bd[mapB.index(i)]!);
            dst[i] = op === 'mul' ? acc.encode(x * y) : acc.encodeSumOfTwoProducts(x, 1, sign * y, 1);
        }
        return;
    }
    const apply = format[op].bind(format);
    for (let i = 0; i < out.size; i++) dst[i] = apply(ad[mapA.index(i)]!, bd[mapB.index(i)]!) as number;
}

/** Reads element `i` of a tangent operand as a float64 value (0 when absent). */
function tangentValue(t: TangentOperand, index: number): number {
    if (t === null) return 0;
    if (t.kind === 'direction') return directionComponent(t.signs, t.signsAt, t.mask, t.maskAt, index);
    return t.tensor.format.decode(t.tensor.data[index]!);
}

/** outDot = the tangent of a ∘ b given ȧ and ḃ (either may be a parameter's direction). */
export function binaryTangent(acc: Accumulation, op: BinaryOp, a: Tensor, aDot: TangentOperand, b: Tensor, bDot: TangentOperand, y: Tensor, outDot: Tensor): void {
    const format = outDot.format;
    const mapA = new BroadcastMap(outDot.shape, a.shape, a.size);
    const mapB = new BroadcastMap(outDot.shape, b.shape, b.size);
    const dst = outDot.data;
    for (let i = 0; i < outDot.size; i++) {
        const ia = mapA.index(i);
        const ib = mapB.index(i);
        const da = tangentValue(aDot, ia);
        const db = tangentValue(bDot, ib);
        let value: number;
        switch (op) {
            case 'add': value = acc.add(da, db); break;
            case 'sub': value = acc.add(da, -db); break;
            case 'mul': value = acc.sumOfTwoProducts(da, format.decode(b.data[ib]!), format.decode(a.data[ia]!), db); break;
            case 'div': {
                const bv = format.decode(b.data[ib]!);
                value = acc.round((da - format.decode(y.data[i]!) * db) / bv);
                break;
            }
            case 'max': value = format.compare(a.data[ia]!, b.data[ib]!) >= 0 ? da : db; break;
            case 'min': value = format.compare(a.data[ia]!, b.data[ib]!) <= 0 ? da : db; break;
        }
        dst[i] = acc.encode(value);
    }
}

/** Scratch of the gradient rule: two float64 values per element of a broadcast operand. */
export function binaryBackwardScratch(out: readonly number[], a: readonly number[], b: readonly number[]): ScratchNeed {
    const size = (shape: readonly number[]): number => shape.reduce((x, y) => x * y, 1);
    const outSize = size(out);
    const reduced = (shape: readonly number[]): number => (size(shape) === outSize ? 0 : 2 * size(shape));
    return { f64: Math.max(reduced(a), reduced(b)), words: 0 };
}

/**
 * Writes dA and/or dB (null: not wanted) from dOut. Operands the rule does not read for this op
 * (see the executor's tape rules) may be null; their shapes still define the broadcast.
 */
export function binaryBackward(acc: Accumulation, scratch: Scratch, op: BinaryOp, a: Tensor | null, aShape: readonly number[], b: Tensor | null, bShape: readonly number[], y: Tensor | null, dOut: Tensor, dA: Tensor | null, dB: Tensor | null): void {
    const terms = binaryGradientTerms(op, a, aShape, b, bShape, y, dOut);
    const contribution = terms.at;
    if (dA !== null) reduceInto(acc, scratch, terms.mapA, dOut.size, (i) => contribution(true, i), dA);
    if (dB !== null) reduceInto(acc, scratch, terms.mapB, dOut.size, (i) => contribution(false, i), dB);
}

/** The terms of an elementwise op's operand gradients: which operand element each output element feeds, and its contribution. */
export interface BinaryGradientTerms {
    readonly mapA: BroadcastMap;
    readonly mapB: BroadcastMap;
    /** Writes output element i's contribution to dA (forA) or dB as the exact product `pair.p · pair.q`. */
    readonly at: (forA: boolean, i: number) => void;
}

/** The current term of `BinaryGradientTerms.at` (one shared object: no allocation per element). */
export const pair = { p: 0, q: 0 };

/**
 * The gradient terms of `a ∘ b` from dOut (shared by the rounded/quire rule above and the exact
 * per-shard deposits of gradient accumulation, so both see the very same terms).
 */
export function binaryGradientTerms(op: BinaryOp, a: Tensor | null, aShape: readonly number[], b: Tensor | null, bShape: readonly number[], y: Tensor | null, dOut: Tensor): BinaryGradientTerms {
    const format = dOut.format;
    const ad = a?.data ?? empty;
    const bd = b?.data ?? empty;
    const yd = y?.data ?? empty;
    const dd = dOut.data;
    const size = (shape: readonly number[]): number => shape.reduce((x, z) => x * z, 1);
    const mapA = new BroadcastMap(dOut.shape, aShape, size(aShape));
    const mapB = new BroadcastMap(dOut.shape, bShape, size(bShape));
    // Each contribution to an operand's gradient is an exact product p·q of two format values,
    // written to `pair` (no allocation per element).
    const at = (forA: boolean, i: number): void => {
        const g = format.decode(dd[i]!);
        const ia = mapA.index(i);
        const ib = mapB.index(i);
        pair.p = g;
        switch (op) {
            case 'add': pair.q = 1; return;
            case 'sub': pair.q = forA ? 1 : -1; return;
            case 'mul': pair.q = format.decode(forA ? bd[ib]! : ad[ia]!); return;
            case 'div':
                pair.p = format.decode(format.div(dd[i]!, bd[ib]!));
                pair.q = forA ? 1 : -format.decode(yd[i]!);
                return;
            case 'max': pair.q = forA === (format.compare(ad[ia]!, bd[ib]!) >= 0) ? 1 : 0; return;
            case 'min': pair.q = forA === (format.compare(ad[ia]!, bd[ib]!) <= 0) ? 1 : 0; return;
        }
    };
    return { mapA, mapB, at };
}

// grad[j] = Σ_{i ↦ j} p_i·q_i over the output elements i that read operand element j.
function reduceInto(acc: Accumulation, scratch: Scratch, map: BroadcastMap, outSize: number, contribution: (i: number) => void, grad: Tensor): void {
    const dst = grad.data;
    if (map.kind === 'same') {
        for (let i = 0; i < outSize; i++) {
            contribution(i);
            const { p, q } = pair;
            dst[i] = acc.encode(q === 1 ? p : q === -1 ? -p : acc.mul(p, q));
        }
        return;
    }
    const size = grad.size;
    const sums = scratch.f64;
    const magnitudeAt = size;
    sums.fill(acc.mode === 'rounded' ? acc.emptySum : 0, 0, 2 * size);
    for (let i = 0; i < outSize; i++) {
        const j = map.index(i);
        contribution(i);
        const { p, q } = pair;
        if (acc.mode === 'rounded') {
            sums[j] = acc.add(sums[j]!, acc.mul(p, q));
        } else {
            const product = p * q;
            sums[j] += product;
            sums[magnitudeAt + j] += Math.abs(product);
        }
    }
    const terms = outSize / size;
    for (let j = 0; j < size; j++) {
        if (acc.mode === 'rounded') {
            dst[j] = acc.encode(sums[j]!);
            continue;
        }
        const pattern = acc.exactProducts ? acc.certifyPattern(sums[j]!, sums[magnitudeAt + j]!, terms) : NaN;
        if (pattern === pattern) {
            dst[j] = pattern;
            continue;
        }
        if (acc.exactProducts) {
            // Second chance: an exact tie has an exact float64 sum (TwoSum finds no error).
            let sum = 0;
            let inexact = false;
            for (let i = 0; i < outSize && !inexact; i++) {
                if (map.index(i) !== j) continue;
                contribution(i);
                const product = pair.p * pair.q;
                const t = sum + product;
                inexact = twoSumError(sum, product, t) !== 0;
                sum = t;
            }
            if (!inexact) {
                dst[j] = acc.encode(sum);
                continue;
            }
        }
        acc.fallbacks++;
        const quire = acc.quire;
        quire.clear();
        for (let i = 0; i < outSize; i++) {
            if (map.index(i) !== j) continue;
            contribution(i);
            quire.addValueProduct(pair.p, pair.q);
        }
        dst[j] = quire.round() as number;
    }
}
