// a + b and a − b of multivectors with different supports: the result stores the union, and each
// coefficient is one rounded addition of the two operands' coefficients of that blade (a blade only
// one side stores is copied exactly). Gradients and tangents scatter and gather along the same map.
import type { Accumulation } from '../kernels/accumulation.js';
import type { Tensor } from '../tensor/tensor.js';
import type { BladeSupport } from './blade-support.js';
import { exactBufferOf } from './form-forward.js';
import { OperandLayout, instanceCount, instanceShape, instancesByOperand } from './operand-layout.js';

/** Where each output coefficient of a sum reads from each operand (−1: the operand lacks the blade). */
export interface SumLayout {
    readonly output: BladeSupport;
    readonly fromA: Int32Array;
    readonly fromB: Int32Array;
    /** −1 for a − b. */
    readonly signB: number;
}

/** The layout of a ± b onto the union of their supports (or a given wider `output`). */
export function sumLayout(a: BladeSupport, b: BladeSupport, subtract: boolean, output: BladeSupport = a.union(b)): SumLayout {
    return {
        output,
        fromA: Int32Array.from(output.blades, (blade) => a.positionOf(blade)),
        fromB: Int32Array.from(output.blades, (blade) => b.positionOf(blade)),
        signB: subtract ? -1 : 1
    };
}

/** Scratch values the sum kernels need. */
export function sumScratch(tensors: readonly (Tensor | null)[]): number {
    return tensors.reduce((sum, t) => sum + (t?.size ?? 0), 0);
}

/** out = a ± b on the union support (one rounding per coefficient). */
export function sumForward(acc: Accumulation, scratch: Float64Array, layout: SumLayout, a: Tensor | null, b: Tensor | null, out: Tensor): void {
    const outInstances = instanceShape(out);
    const instances = outInstances.reduce((x, y) => x * y, 1);
    const operands = new OperandLayout(scratch, 0, outInstances, [a, b]);
    const K = layout.output.size;
    for (let i = 0; i < instances; i++) {
        const a0 = operands.has(0) ? operands.base(0, i) : -1;
        const b0 = operands.has(1) ? operands.base(1, i) : -1;
        for (let k = 0; k < K; k++) {
            const ia = layout.fromA[k]!;
            const ib = layout.fromB[k]!;
            const x = a0 >= 0 && ia >= 0 ? scratch[a0 + ia]! : 0;
            const y = b0 >= 0 && ib >= 0 ? layout.signB * scratch[b0 + ib]! : 0;
            out.data[i * K + k] = acc.encode(acc.add(x, y));
        }
    }
}

/**
 * ∂L/∂a and ∂L/∂b (null: not wanted) from ∂L/∂out; a broadcast operand sums over the instances that
 * read it. The operands' values are not read, only their shapes (null when their gradient is not wanted).
 */
export function sumBackward(acc: Accumulation, scratch: Float64Array, layout: SumLayout, a: Tensor | null, b: Tensor | null, dOut: Tensor, gradA: Tensor | null, gradB: Tensor | null): void {
    const outInstances = instanceShape(dOut);
    const instances = outInstances.reduce((x, y) => x * y, 1);
    const operands = new OperandLayout(scratch, 0, outInstances, [a, b]);
    const gAt = operands.end;
    dOut.format.decodeArray(dOut.data, scratch.subarray(gAt), dOut.size);
    const K = layout.output.size;
    const buffer = exactBufferOf(acc);
    [gradA, gradB].forEach((gradient, m) => {
        if (gradient === null) return;
        const from = m === 0 ? layout.fromA : layout.fromB;
        const sign = m === 0 ? 1 : layout.signB;
        const size = gradient.shape[gradient.shape.length - 1] ?? 1;
        const groups = instancesByOperand(operands, m, instances, instanceCount(gradient));
        // Output coefficient of each operand coefficient (a sum's output stores every operand blade).
        const target = new Int32Array(size).fill(-1);
        from.forEach((position, k) => { if (position >= 0) target[position] = k; });
        for (let j = 0; j + 1 < groups.start.length; j++) {
            for (let idx = 0; idx < size; idx++) {
                const k = target[idx]!;
                buffer.clear();
                let running = acc.emptySum;
                for (let g = groups.start[j]!; g < groups.start[j + 1]!; g++) {
                    const value = k >= 0 ? sign * scratch[gAt + groups.instances[g]! * K + k]! : 0;
                    if (acc.mode === 'rounded') running = acc.add(running, value);
                    else buffer.push(1, value, 1, 1);
                }
                gradient.data[j * size + idx] = acc.encode(acc.mode === 'rounded' ? running : buffer.roundedSum());
            }
        }
    });
}

/** The tangent of a ± b from the operands' tangents (null: zero). */
export function sumTangent(acc: Accumulation, scratch: Float64Array, layout: SumLayout, tangentA: Tensor | null, tangentB: Tensor | null, tangentOut: Tensor): void {
    sumForward(acc, scratch, layout, tangentA, tangentB, tangentOut);
}
