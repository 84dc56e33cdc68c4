// Gradients of multilinear forms, for both gradient modes.
//
// Reverse mode: the gradient of operand m's coefficient i is the sum, over every term that reads it
// (in any slot bound to m) and every output instance that read m's instance, of
// c · ∂L/∂out[k] · (the term's other factors). A parameter (one instance, broadcast over the batch)
// thus gets one exact sum over the whole batch, rounded once with `quire`: the gradient does not
// depend on the order of the samples.
//
// Forward mode: the tangent of out[k] is Σ_t Σ_slots c · (the term with one slot's factor replaced
// by that operand's tangent) — one exact sum per coefficient with `quire`.
//
// A gradient or tangent has the support of its operand, so a parameter's update touches only the
// coefficients it stores: structural zeros are never written.
import type { Accumulation } from '../kernels/accumulation.js';
import type { Tensor } from '../tensor/tensor.js';
import { fastPathSafe, type ExactTermBuffer } from './exact-sum.js';
import { exactBufferOf } from './form-forward.js';
import type { MultilinearForm } from './multilinear-form.js';
import { OperandLayout, decodedSize, instanceCount, instanceShape, instancesByOperand } from './operand-layout.js';

/** Scratch values `formBackward` needs. */
export function formBackwardScratch(operands: readonly Tensor[], dOut: Tensor): number {
    return decodedSize(operands) + dOut.size;
}

/** Scratch values `formTangent` needs. */
export function formTangentScratch(operands: readonly Tensor[], tangents: readonly (Tensor | null)[]): number {
    return decodedSize(operands) + decodedSize(tangents);
}

/**
 * Fills `gradients[m]` (null: not wanted) with ∂L/∂operand m, given `dOut` = ∂L/∂out. Each gradient
 * has its operand's shape.
 */
export function formBackward(acc: Accumulation, scratch: Float64Array, form: MultilinearForm, operands: readonly Tensor[], dOut: Tensor, gradients: readonly (Tensor | null)[]): void {
    const outInstances = instanceShape(dOut);
    const instances = outInstances.reduce((a, b) => a * b, 1);
    const layout = new OperandLayout(scratch, 0, outInstances, operands);
    const gAt = layout.end;
    dOut.format.decodeArray(dOut.data, scratch.subarray(gAt), dOut.size);
    const K = form.output.size;
    const arity = form.arity;
    const fast = acc.mode === 'quire' && fastPathSafe(acc, arity);
    const buffer = exactBufferOf(acc);
    const c = form.coefficient;
    const outputOf = form.outputOf;
    gradients.forEach((gradient, m) => {
        if (gradient === null) return;
        const slots = form.binding.flatMap((operand, s) => (operand === m ? [s] : []));
        const size = form.slots[slots[0]!]!.size;
        const groups = instancesByOperand(layout, m, instances, instanceCount(operands[m]!));
        const bases = new Int32Array(arity);
        // The product of the factors of term t in every slot but `skip`, for output instance i.
        const others = (t: number, skip: number): number => {
            let p = 1;
            for (let s = 0; s < arity; s++) if (s !== skip) p *= scratch[bases[s]! + form.factorIndex[s]![t]!]!;
            return p;
        };
        for (let j = 0; j + 1 < groups.start.length; j++) {
            for (let idx = 0; idx < size; idx++) {
                let sum = 0;
                let magnitude = 0;
                let count = 0;
                let running = acc.emptySum;
                for (let g = groups.start[j]!; g < groups.start[j + 1]!; g++) {
                    const i = groups.instances[g]!;
                    for (let s = 0; s < arity; s++) bases[s] = layout.base(form.binding[s]!, i);
                    for (const slot of slots) {
                        const adjoint = form.adjoint(slot);
                        for (let a = adjoint.start[idx]!; a < adjoint.start[idx + 1]!; a++) {
                            const t = adjoint.terms[a]!;
                            const dy = scratch[gAt + i * K + outputOf[t]!]!;
                            if (acc.mode === 'rounded') {
                                running = acc.add(running, c[t]! * roundedProduct(acc, dy, scratch, bases, form, t, slot));
                                continue;
                            }
                            const p = c[t]! * dy * others(t, slot);
                            sum += p;
                            magnitude += Math.abs(p);
                            count++;
                        }
                    }
                }
                let pattern: number;
                if (acc.mode === 'rounded') pattern = acc.encode(running);
                else {
                    pattern = fast ? acc.certifyPattern(sum, magnitude, count) : NaN;
                    if (pattern !== pattern) pattern = acc.encode(replayBackward(buffer, scratch, layout, form, groups, j, idx, slots, gAt, K));
                }
                gradient.data[j * size + idx] = pattern;
            }
        }
    });
}

/**
 * Fills `tangentOut` (the output's shape) with the tangent of the form, given each operand's
 * tangent (null: the operand does not depend on the parameters).
 */
export function formTangent(acc: Accumulation, scratch: Float64Array, form: MultilinearForm, operands: readonly Tensor[], tangents: readonly (Tensor | null)[], tangentOut: Tensor): void {
    const outInstances = instanceShape(tangentOut);
    const instances = outInstances.reduce((a, b) => a * b, 1);
    const layout = new OperandLayout(scratch, 0, outInstances, operands);
    const tangentLayout = new OperandLayout(scratch, layout.end, outInstances, tangents);
    const K = form.output.size;
    const arity = form.arity;
    const fast = acc.mode === 'quire' && fastPathSafe(acc, arity);
    const buffer = exactBufferOf(acc);
    const c = form.coefficient;
    const start = form.termStart;
    const moving = form.binding.map((operand) => tangentLayout.has(operand));
    const bases = new Int32Array(arity);
    const tangentBases = new Int32Array(arity);
    // Factor of slot s in term t: the tangent's for the slot being differentiated, else the value's.
    const factor = (t: number, s: number, differentiated: number): number => {
        const index = form.factorIndex[s]![t]!;
        return s === differentiated ? scratch[tangentBases[s]! + index]! : scratch[bases[s]! + index]!;
    };
    for (let i = 0; i < instances; i++) {
        for (let s = 0; s < arity; s++) {
            bases[s] = layout.base(form.binding[s]!, i);
            tangentBases[s] = moving[s] ? tangentLayout.base(form.binding[s]!, i) : -1;
        }
        for (let k = 0; k < K; k++) {
            let sum = 0;
            let magnitude = 0;
            let count = 0;
            let running = acc.emptySum;
            for (let t = start[k]!; t < start[k + 1]!; t++) {
                for (let d = 0; d < arity; d++) {
                    if (!moving[d]) continue;
                    if (acc.mode === 'rounded') {
                        let p = factor(t, 0, d);
                        for (let s = 1; s < arity; s++) p = acc.mul(p, factor(t, s, d));
                        running = acc.add(running, c[t]! * p);
                        continue;
                    }
                    let p = c[t]!;
                    for (let s = 0; s < arity; s++) p *= factor(t, s, d);
                    sum += p;
                    magnitude += Math.abs(p);
                    count++;
                }
            }
            let pattern: number;
            if (acc.mode === 'rounded') pattern = acc.encode(running);
            else {
                pattern = fast ? acc.certifyPattern(sum, magnitude, count) : NaN;
                if (pattern !== pattern) {
                    buffer.clear();
                    for (let t = start[k]!; t < start[k + 1]!; t++) {
                        for (let d = 0; d < arity; d++) {
                            if (moving[d]) buffer.push(c[t]!, factor(t, 0, d), arity > 1 ? factor(t, 1, d) : 1, arity > 2 ? factor(t, 2, d) : 1);
                        }
                    }
                    pattern = acc.encode(buffer.roundedSum());
                }
            }
            tangentOut.data[i * K + k] = pattern;
        }
    }
}

// ∂L/∂out[k] times the term's other factors, every product rounded (the `rounded` mode).
function roundedProduct(acc: Accumulation, dy: number, scratch: Float64Array, bases: Int32Array, form: MultilinearForm, t: number, skip: number): number {
    let p = dy;
    for (let s = 0; s < form.arity; s++) if (s !== skip) p = acc.mul(p, scratch[bases[s]! + form.factorIndex[s]![t]!]!);
    return p;
}

// The exact replay of one gradient coefficient (operand instance j, coefficient idx).
function replayBackward(buffer: ExactTermBuffer, scratch: Float64Array, layout: OperandLayout, form: MultilinearForm, groups: { start: Int32Array; instances: Int32Array }, j: number, idx: number, slots: readonly number[], gAt: number, K: number): number {
    buffer.clear();
    const arity = form.arity;
    for (let g = groups.start[j]!; g < groups.start[j + 1]!; g++) {
        const i = groups.instances[g]!;
        for (const slot of slots) {
            const adjoint = form.adjoint(slot);
            for (let a = adjoint.start[idx]!; a < adjoint.start[idx + 1]!; a++) {
                const t = adjoint.terms[a]!;
                const factors = [scratch[gAt + i * K + form.outputOf[t]!]!, 1, 1];
                let f = 1;
                for (let s = 0; s < arity; s++) if (s !== slot) factors[f++] = scratch[layout.base(form.binding[s]!, i) + form.factorIndex[s]![t]!]!;
                buffer.push(form.coefficient[t]!, factors[0]!, factors[1]!, factors[2]!);
            }
        }
    }
    return buffer.roundedSum();
}
