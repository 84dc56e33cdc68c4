// The forward kernel of every multilinear form: out[i, k] = Σ_t c_t · a[i, f0(t)] · b[i, f1(t)] (· s[i, f2(t)])
// over the terms of output coefficient k — only the terms of the sparse Cayley table, so a product
// costs its structural nonzeros. With `quire` each coefficient is the exact sum rounded once (the
// certified float64 fast path, else an exact replay, see exact-sum.ts); with `rounded` every
// product and every addition rounds, in table order.
import type { Accumulation } from '../kernels/accumulation.js';
import type { Tensor } from '../tensor/tensor.js';
import { ExactTermBuffer, fastPathSafe } from './exact-sum.js';
import type { MultilinearForm } from './multilinear-form.js';
import { OperandLayout, decodedSize, instanceShape } from './operand-layout.js';

const buffers = new WeakMap<Accumulation, ExactTermBuffer>();

/** The replay buffer of an accumulation (one per executor's accumulation; reused across calls). */
export function exactBufferOf(acc: Accumulation): ExactTermBuffer {
    let buffer = buffers.get(acc);
    if (buffer === undefined) {
        buffer = new ExactTermBuffer(acc);
        buffers.set(acc, buffer);
    }
    return buffer;
}

/** Scratch values `formForward` needs for these operands. */
export function formForwardScratch(operands: readonly Tensor[]): number {
    return decodedSize(operands);
}

/** Computes `out` (shape [...instances, output.size]) from the operands (one tensor per bound operand). */
export function formForward(acc: Accumulation, scratch: Float64Array, form: MultilinearForm, operands: readonly Tensor[], out: Tensor): void {
    const outInstances = instanceShape(out);
    const instances = outInstances.reduce((a, b) => a * b, 1);
    const layout = new OperandLayout(scratch, 0, outInstances, operands);
    const K = form.output.size;
    const arity = form.arity;
    const binding = form.binding;
    const f0 = form.factorIndex[0]!;
    const f1 = form.factorIndex[1] ?? f0;
    const f2 = form.factorIndex[2] ?? f0;
    const c = form.coefficient;
    const start = form.termStart;
    const fast = acc.mode === 'quire' && fastPathSafe(acc, arity);
    const buffer = exactBufferOf(acc);
    const data = out.data;
    for (let i = 0; i < instances; i++) {
        const a0 = layout.base(binding[0]!, i);
        const b0 = arity > 1 ? layout.base(binding[1]!, i) : 0;
        const s0 = arity > 2 ? layout.base(binding[2]!, i) : 0;
        for (let k = 0; k < K; k++) {
            const from = start[k]!;
            const to = start[k + 1]!;
            if (acc.mode === 'rounded') {
                let running = acc.emptySum;
                for (let t = from; t < to; t++) {
                    let p = scratch[a0 + f0[t]!]!;
                    if (arity > 1) p = acc.mul(p, scratch[b0 + f1[t]!]!);
                    if (arity > 2) p = acc.mul(p, scratch[s0 + f2[t]!]!);
                    running = acc.add(running, c[t]! * p);
                }
                data[i * K + k] = acc.encode(running);
                continue;
            }
            let pattern = NaN;
            if (fast) {
                let sum = 0;
                let magnitude = 0;
                if (arity === 1) {
                    for (let t = from; t < to; t++) {
                        const p = c[t]! * scratch[a0 + f0[t]!]!;
                        sum += p;
                        magnitude += Math.abs(p);
                    }
                } else if (arity === 2) {
                    for (let t = from; t < to; t++) {
                        const p = c[t]! * scratch[a0 + f0[t]!]! * scratch[b0 + f1[t]!]!;
                        sum += p;
                        magnitude += Math.abs(p);
                    }
                } else {
                    for (let t = from; t < to; t++) {
                        const p = c[t]! * scratch[a0 + f0[t]!]! * scratch[b0 + f1[t]!]! * scratch[s0 + f2[t]!]!;
                        sum += p;
                        magnitude += Math.abs(p);
                    }
                }
                pattern = acc.certifyPattern(sum, magnitude, to - from);
            }
            if (pattern !== pattern) {
                buffer.clear();
                for (let t = from; t < to; t++) {
                    buffer.push(c[t]!, scratch[a0 + f0[t]!]!, arity > 1 ? scratch[b0 + f1[t]!]! : 1, arity > 2 ? scratch[s0 + f2[t]!]! : 1);
                }
                pattern = acc.encode(buffer.roundedSum());
            }
            data[i * K + k] = pattern;
        }
    }
}
