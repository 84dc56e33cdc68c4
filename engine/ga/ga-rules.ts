// The executor's three rules (forward, gradient, tangent) for geometric-algebra edges, with the
// scratch each needs and the primal values each gradient reads — the same contract as the other
// operations' rules in exec/op-rules.ts, which delegates GA edges here. Kernels decode into the
// program's scratch arena, so nothing is allocated per element.
//
// A sandwich whose first and third sources are the same node (R x ~R) is one operand: its whole
// gradient goes to the first source and the third gets zeros, which the executor adds exactly.
import type { BackwardReads, EdgeShapes, KernelEnv } from '../exec/op-rules.js';
import type { CompiledEdge } from '../exec/program.js';
import type { IrNode } from '../ir/types.js';
import type { TangentOperand } from '../kernels/matmul-tangent.js';
import type { ScratchNeed } from '../kernels/scratch.js';
import type { Tensor } from '../tensor/tensor.js';
import { formForward } from './form-forward.js';
import { formBackward, formTangent } from './form-gradients.js';
import { gaEdgePlan, type GaEdgePlan } from './ir-edges.js';
import { backwardScratchValues, forwardScratchValues, gradientReadsOf, tangentScratchValues } from './memory-rules.js';
import { sumBackward, sumForward, sumTangent } from './multivector-sum.js';
import { normBackward, normForward, normTangent } from './norm.js';

/** The plan of a compiled GA edge (validated when the program compiled). */
export function planOf(e: CompiledEdge): GaEdgePlan {
    const plan = gaEdgePlan(e.edge, e.sources, e.target);
    if (typeof plan === 'string') throw new Error(`ga: ${plan} (the program should not have compiled)`);
    return plan;
}

/**
 * A tensor as the GA kernels read it: a plain tensor is one scalar multivector per element, and a
 * batched value gets axes of size 1 after its batch axis, so that its per-sample axes line up with
 * the target's from the right while its batch axis stays leading (the kernels broadcast full
 * shapes by NumPy rules, which would otherwise align the batch axis with an array axis).
 */
export function asMultivector(tensor: Tensor, node: IrNode, target: IrNode): Tensor {
    let shape = node.support !== undefined ? [...tensor.shape] : [...tensor.shape, 1];
    const missing = instanceRank(target) - instanceRank(node);
    if (node.batched && missing > 0) shape = [shape[0]!, ...new Array<number>(missing).fill(1), ...shape.slice(1)];
    if (node.support !== undefined && missing <= 0) return tensor;
    return { shape, size: tensor.size, format: tensor.format, data: tensor.data };
}

// Per-sample instance axes of a node (a multivector's last axis holds coefficients).
function instanceRank(node: IrNode): number {
    return node.support !== undefined ? node.shape.length - 1 : node.shape.length;
}

const size = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

/** Scratch of the forward rule (memory-rules.ts states it for planners too). */
export function gaForwardScratch(e: CompiledEdge, shapes: EdgeShapes): ScratchNeed {
    return { f64: forwardScratchValues(planOf(e), shapes.sources.map(size)), words: 0 };
}

/** Runs the forward rule of a GA edge. */
export function gaForward(env: KernelEnv, e: CompiledEdge, sources: readonly Tensor[], target: Tensor): void {
    const plan = planOf(e);
    const acc = env.accumulation(e.format);
    const f64 = env.scratch.f64;
    const views = sources.map((tensor, i) => asMultivector(tensor, e.sources[i]!, e.target));
    switch (plan.kind) {
        case 'form': return formForward(acc, f64, plan.form, plan.operandSources.map((i) => views[i]!), target);
        case 'sum': return sumForward(acc, f64, plan.layout, views[0]!, views[1]!, target);
        case 'norm': return normForward(acc, f64, plan.support, views[0]!, target);
    }
}

/** The primal values a GA gradient reads (memory-rules.ts). */
export function gaBackwardReads(e: CompiledEdge, wants: readonly boolean[]): BackwardReads {
    return gradientReadsOf(planOf(e), wants);
}

/** Scratch of the gradient rule: the operands and the target's gradient, decoded. */
export function gaBackwardScratch(e: CompiledEdge, shapes: EdgeShapes): ScratchNeed {
    return { f64: backwardScratchValues(planOf(e), shapes.sources.map(size), size(shapes.target)), words: 0 };
}

/** Runs the gradient rule of a GA edge: fills the wanted `grads` from the target's gradient. */
export function gaBackward(env: KernelEnv, e: CompiledEdge, sources: readonly (Tensor | null)[], target: Tensor | null, dTarget: Tensor, grads: readonly (Tensor | null)[]): void {
    const plan = planOf(e);
    const acc = env.accumulation(e.format);
    const f64 = env.scratch.f64;
    const view = (tensor: Tensor | null | undefined, i: number): Tensor | null => (tensor === null || tensor === undefined ? null : asMultivector(tensor, e.sources[i]!, e.target));
    // Values a rule does not read are not kept on the tape; their gradient buffer has their shape,
    // which is all the kernels take from them then.
    const operand = (i: number): Tensor | null => view(sources[i] ?? grads[i], i);
    switch (plan.kind) {
        case 'norm':
            if (grads[0] !== null) normBackward(acc, plan.support, view(sources[0], 0)!, target!, dTarget, view(grads[0], 0)!);
            return;
        case 'sum':
            sumBackward(acc, f64, plan.layout, operand(0), operand(1), dTarget, view(grads[0], 0), view(grads[1], 1));
            return;
        case 'form': {
            const operands = plan.operandSources.map((i) => operand(i)!);
            const wanted = plan.operandSources.map((i) => view(grads[i], i));
            formBackward(acc, f64, plan.form, operands, dTarget, wanted);
            // A source repeated in the edge got its whole gradient at its first position.
            grads.forEach((grad, i) => {
                if (grad !== null && !plan.operandSources.includes(i)) grad.data.fill(acc.encode(0));
            });
        }
    }
}

/** Scratch of the tangent rule: operands and their tangents, decoded. */
export function gaTangentScratch(_e: CompiledEdge, shapes: EdgeShapes): ScratchNeed {
    return { f64: tangentScratchValues(shapes.sources.map(size)), words: 0 };
}

/** Runs the tangent rule of a GA edge (parameters' tangents arrive materialised as tensors). */
export function gaTangent(env: KernelEnv, e: CompiledEdge, sources: readonly Tensor[], tangents: readonly TangentOperand[], target: Tensor, targetTangent: Tensor): void {
    const plan = planOf(e);
    const acc = env.accumulation(e.format);
    const f64 = env.scratch.f64;
    const tangentOf = (i: number): Tensor | null => {
        const t = tangents[i] ?? null;
        if (t === null) return null;
        if (t.kind !== 'tensor') throw new Error(`${e.edge.target}: ${e.edge.op} needs a materialised tangent`);
        return asMultivector(t.tensor, e.sources[i]!, e.target);
    };
    const views = sources.map((tensor, i) => asMultivector(tensor, e.sources[i]!, e.target));
    switch (plan.kind) {
        case 'norm': {
            const t = tangentOf(0);
            if (t === null) targetTangent.data.fill(acc.encode(0));
            else normTangent(acc, f64, plan.support, views[0]!, t, target, targetTangent);
            return;
        }
        case 'sum': return sumTangent(acc, f64, plan.layout, tangentOf(0), tangentOf(1), targetTangent);
        case 'form': return formTangent(acc, f64, plan.form, plan.operandSources.map((i) => views[i]!), plan.operandSources.map(tangentOf), targetTangent);
    }
}
