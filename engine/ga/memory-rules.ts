// What a geometric-algebra edge costs beyond its target, stated once for the executor (ga-rules.ts)
// and for a design-time memory planner, so the two agree by construction:
// - scratch: float64 values of the kernel arena each rule decodes into (GA tangent rules read
//   parameters' directions materialised as tensors, never as sign bits; the sign words the
//   executor reserves beside them for every parameter operand in forward mode are its general
//   policy, docs/memory.md, not a GA cost);
// - the primal values each gradient rule reads (what backprop keeps on the tape).
// Sizes are full tensor sizes at the step's batch: (batch if the node is batched) × its elements.
import type { IrEdge, IrNode } from '../ir/types.js';
import { gaEdgePlan, type GaEdgePlan } from './ir-edges.js';

/** Which primal values a gradient rule reads. */
export interface GaGradientReads {
    readonly sources: readonly boolean[];
    readonly target: boolean;
}

/** Float64 scratch of the forward rule: every operand decoded (a norm also decodes its quadratic form's operand twice). */
export function forwardScratchValues(plan: GaEdgePlan, sourceSizes: readonly number[]): number {
    const operands = sourceSizes.reduce((a, b) => a + b, 0);
    return plan.kind === 'norm' ? 2 * operands : operands;
}

/** Float64 scratch of the gradient rule: the operands and the target's gradient (a norm needs none). */
export function backwardScratchValues(plan: GaEdgePlan, sourceSizes: readonly number[], targetSize: number): number {
    if (plan.kind === 'norm') return 0;
    return sourceSizes.reduce((a, b) => a + b, 0) + targetSize;
}

/** Float64 scratch of the tangent rule: the operands and their tangents. */
export function tangentScratchValues(sourceSizes: readonly number[]): number {
    return 2 * sourceSizes.reduce((a, b) => a + b, 0);
}

/** The primal values a gradient rule reads: products the operands, sums and linear maps nothing, a norm its operand and result. */
export function gradientReadsOf(plan: GaEdgePlan, wants: readonly boolean[]): GaGradientReads {
    const n = wants.length;
    if (plan.kind === 'norm') return { sources: [true], target: true };
    if (plan.kind === 'sum' || plan.form.arity === 1) return { sources: new Array<boolean>(n).fill(false), target: false };
    const any = wants.some((w) => w);
    return { sources: new Array<boolean>(n).fill(any), target: false };
}

/** A GA edge's memory rules over IR nodes, for a planner. */
export interface GaEdgeMemory {
    /** Float64 scratch values of the forward, gradient and tangent rules at a batch size. */
    forwardScratch(batch: number): number;
    backwardScratch(batch: number): number;
    tangentScratch(batch: number): number;
    /** The primal values the gradient rule reads, given which sources want a gradient. */
    gradientReads(wants: readonly boolean[]): GaGradientReads;
}

/** The memory rules of a GA edge over its nodes, or why the edge is malformed. */
export function gaEdgeMemory(edge: IrEdge, sources: readonly IrNode[], target: IrNode): GaEdgeMemory | string {
    const plan = gaEdgePlan(edge, sources, target);
    if (typeof plan === 'string') return plan;
    const size = (node: IrNode, batch: number): number => (node.batched ? batch : 1) * node.shape.reduce((a, b) => a * b, 1);
    return {
        forwardScratch: (batch) => forwardScratchValues(plan, sources.map((s) => size(s, batch))),
        backwardScratch: (batch) => backwardScratchValues(plan, sources.map((s) => size(s, batch)), size(target, batch)),
        tangentScratch: (batch) => tangentScratchValues(sources.map((s) => size(s, batch))),
        gradientReads: (wants) => gradientReadsOf(plan, wants)
    };
}
