// Each IR operation's three rules — forward, gradient (reverse mode) and tangent (forward mode) —
// with the scratch each needs and the primal values its gradient reads (what backprop keeps on
// the tape). The rules only compute; the executors own allocation and lifetimes.
import type { NumericFormat } from '../numeric/format.js';
import type { IrNode } from '../ir/types.js';
import type { TrackedAllocator } from '../memory/allocator.js';
import { allocateTensor, freeTensor, type Tensor } from '../tensor/tensor.js';
import type { Accumulation } from '../kernels/accumulation.js';
import { binaryBackward, binaryBackwardScratch, binaryForward, binaryTangent, type BinaryOp } from '../kernels/binary.js';
import { crossEntropyGradient, crossEntropySoftmaxGradient, crossEntropyValue, lossDirectionalDerivative, mseGradient, mseValue } from '../kernels/loss.js';
import { matmulBackward, matmulBackwardScratch } from '../kernels/matmul-backward.js';
import { matmulTangent, matmulTangentScratch, type TangentOperand } from '../kernels/matmul-tangent.js';
import { matmulForward, matmulForwardScratch, matmulGeometry, type MatmulGeometry } from '../kernels/matmul.js';
import { reduceBackward, reduceForward } from '../kernels/reduce.js';
import type { Scratch, ScratchNeed } from '../kernels/scratch.js';
import { softmaxDerivative, softmaxDerivativeScratch, softmaxForward } from '../kernels/softmax.js';
import { unaryDerivative, unaryDerivativeReads, unaryForward, type UnaryOp } from '../kernels/unary.js';
import type { CompiledEdge } from './program.js';
import { gaBackward, gaBackwardReads, gaBackwardScratch, gaForward, gaForwardScratch, gaTangent, gaTangentScratch } from '../ga/ga-rules.js';
import { isGaOp } from '../ga/ir-edges.js';

/** What rules may use while they run. */
export interface KernelEnv {
    accumulation(format: NumericFormat): Accumulation;
    readonly scratch: Scratch;
    readonly allocator: TrackedAllocator;
    /** Class labels of the current batch for a `class(N)` target node. */
    labels(node: IrNode): Int32Array;
    /** Set by loss rules' forward: the batch's mean loss in float64. */
    lossValue: number;
    /**
     * Rows of the whole update when the batch is one shard of it (gradient accumulation,
     * data-parallel workers): loss gradients divide by it, so the shards' terms are the update's.
     * Undefined: the batch is the update.
     */
    lossRows: number | undefined;
    /**
     * When set, a loss's tangent rule hands its gradient g and the input's tangent v to this
     * function (which adds Σ g·v exactly to an accumulator) instead of rounding L̇ for the batch.
     */
    lossDerivative: ((g: Tensor, v: Tensor) => void) | undefined;
}

/** Which primal values an edge's gradient rule reads. */
export interface BackwardReads {
    readonly sources: readonly boolean[];
    readonly target: boolean;
}

/** Static shapes of an edge at a batch size, for scratch sizing. */
export interface EdgeShapes {
    readonly sources: readonly (readonly number[])[];
    readonly target: readonly number[];
}

const none: ScratchNeed = { f64: 0, words: 0 };
const unaryOps = new Set<string>(['neg', 'relu', 'tanh', 'sigmoid', 'exp', 'log', 'sqrt', 'abs', 'sin', 'cos', 'pow']);
const binaryOps = new Set<string>(['add', 'sub', 'mul', 'div', 'max', 'min']);

/** Full shape of a node's value at a batch size. */
export function fullShape(node: IrNode, batch: number): number[] {
    return node.batched ? [batch, ...node.shape] : [...node.shape];
}

/**
 * An elementwise operand's full shape for broadcasting against the edge's target. NumPy aligns
 * *per-sample* shapes from the right; the batch axis stays first. So a batched operand with fewer
 * per-sample axes than the target gets its size-1 axes after the batch axis ([B] against [B, 3]
 * reads as [B, 1]), never before it. Unbatched operands broadcast from the right as they are.
 * Inserting size-1 axes changes no flat index, so a tensor can be read through this shape as is.
 */
export function broadcastShape(source: IrNode, target: IrNode, batch: number): number[] {
    const missing = target.shape.length - source.shape.length;
    if (!source.batched || !target.batched || missing <= 0) return fullShape(source, batch);
    return [batch, ...new Array<number>(missing).fill(1), ...source.shape];
}

/** `tensor` seen through its broadcast shape (same patterns, no copy). */
function broadcastOperand(tensor: Tensor, source: IrNode, target: IrNode): Tensor {
    if (!source.batched || !target.batched || source.shape.length >= target.shape.length) return tensor;
    return { ...tensor, shape: broadcastShape(source, target, tensor.shape[0]!) };
}

/** Shapes of an edge's operands and target at a batch size. */
export function edgeShapes(e: CompiledEdge, batch: number): EdgeShapes {
    return { sources: e.sources.map((s) => fullShape(s, batch)), target: fullShape(e.target, batch) };
}

function geometryOf(e: CompiledEdge, shapes: EdgeShapes): MatmulGeometry {
    return matmulGeometry(shapes.sources[0]!, e.sources[0]!.batched, shapes.sources[1]!, e.sources[1]!.batched);
}

/** Scratch of the forward rule. */
export function forwardScratch(e: CompiledEdge, shapes: EdgeShapes): ScratchNeed {
    if (isGaOp(e.edge.op)) return gaForwardScratch(e, shapes);
    return e.edge.op === 'matmul' ? matmulForwardScratch(geometryOf(e, shapes)) : none;
}

/** Runs the forward rule: target = op(sources). */
export function runForward(env: KernelEnv, e: CompiledEdge, sources: readonly Tensor[], target: Tensor): void {
    const op = e.edge.op;
    const acc = env.accumulation(e.format);
    if (isGaOp(op)) return gaForward(env, e, sources, target);
    if (op === 'matmul') return matmulForward(acc, env.scratch, matmulGeometry(sources[0]!.shape, e.sources[0]!.batched, sources[1]!.shape, e.sources[1]!.batched), sources[0]!, sources[1]!, target);
    if (binaryOps.has(op)) return binaryForward(acc, op as BinaryOp, broadcastOperand(sources[0]!, e.sources[0]!, e.target), broadcastOperand(sources[1]!, e.sources[1]!, e.target), target);
    if (unaryOps.has(op)) return unaryForward(op as UnaryOp, sources[0]!, target, exponentOf(e));
    switch (op) {
        case 'softmax': return softmaxForward(acc, sources[0]!, target);
        case 'sum': case 'mean': return reduceForward(acc, sources[0]!, target, instancesOf(e, sources[0]!), op === 'mean');
        case 'cross_entropy': {
            env.lossValue = crossEntropyValue(sources[0]!, env.labels(e.sources[1]!));
            target.data[0] = acc.encode(env.lossValue);
            return;
        }
        case 'mse': {
            env.lossValue = mseValue(sources[0]!, sources[1]!);
            target.data[0] = acc.encode(env.lossValue);
            return;
        }
        default: throw new Error(`no forward rule for ${op}`);
    }
}

/** The primal values the gradient rule reads, given which sources want a gradient. */
export function backwardReads(e: CompiledEdge, wants: readonly boolean[]): BackwardReads {
    const op = e.edge.op;
    const n = e.sources.length;
    const all = (value: boolean): boolean[] => new Array<boolean>(n).fill(value);
    if (e.fusedIntoLoss) return { sources: all(false), target: false };
    if (isGaOp(op)) return gaBackwardReads(e, wants);
    if (op === 'matmul') return { sources: [wants[1] === true, wants[0] === true], target: false };
    if (op === 'add' || op === 'sub' || op === 'sum' || op === 'mean') return { sources: all(false), target: false };
    if (op === 'mul') return { sources: [wants[1] === true, wants[0] === true], target: false };
    if (op === 'div') return { sources: [false, true], target: wants[1] === true };
    if (op === 'max' || op === 'min') return { sources: all(true), target: false };
    if (unaryOps.has(op)) {
        const reads = unaryDerivativeReads(op as UnaryOp);
        return { sources: [reads.input], target: reads.output };
    }
    if (op === 'softmax') return { sources: all(false), target: true };
    if (op === 'cross_entropy' || op === 'mse') return { sources: all(true), target: false };
    throw new Error(`no gradient rule for ${op}`);
}

/** Scratch of the gradient rule. */
export function backwardScratch(e: CompiledEdge, shapes: EdgeShapes, wants: readonly boolean[]): ScratchNeed {
    const op = e.edge.op;
    if (isGaOp(op)) return gaBackwardScratch(e, shapes);
    if (op === 'matmul') return matmulBackwardScratch(geometryOf(e, shapes), wants[0] === true, wants[1] === true);
    if (binaryOps.has(op)) return binaryBackwardScratch(shapes.target, shapes.sources[0]!, shapes.sources[1]!); // sizes only: unaffected by alignment
    if (op === 'softmax') return softmaxDerivativeScratch(shapes.target);
    return none;
}

/**
 * Runs the gradient rule: fills `grads[i]` (null: not wanted) from the target's gradient. Loss rules
 * take no target gradient (the seed is 1); a fused cross_entropy fills the gradient of the softmax's
 * input in `grads[0]`.
 */
export function runBackward(env: KernelEnv, e: CompiledEdge, sources: readonly (Tensor | null)[], target: Tensor | null, dTarget: Tensor | null, grads: readonly (Tensor | null)[]): void {
    const op = e.edge.op;
    const acc = env.accumulation(e.format);
    const s0 = sources[0] ?? null;
    const s1 = sources[1] ?? null;
    if (isGaOp(op)) return gaBackward(env, e, sources, target, dTarget!, grads);
    switch (op) {
        case 'cross_entropy': {
            const labels = env.labels(e.sources[1]!);
            if (grads[0] === null) return;
            if (e.fusedSoftmaxInput !== undefined) crossEntropySoftmaxGradient(acc, s0!, labels, grads[0]!, env.lossRows);
            else crossEntropyGradient(acc, s0!, labels, grads[0]!, env.lossRows);
            return;
        }
        case 'mse':
            if (grads[0] !== null) mseGradient(acc, s0!, s1!, grads[0]!, env.lossRows);
            return;
        case 'matmul': {
            const batch = batchOf(e, dTarget!);
            return matmulBackward(acc, env.scratch, matmulGeometry(fullShape(e.sources[0]!, batch), e.sources[0]!.batched, fullShape(e.sources[1]!, batch), e.sources[1]!.batched), s0, s1, dTarget!, grads[0] ?? null, grads[1] ?? null);
        }
        case 'softmax':
            if (grads[0] !== null) softmaxDerivative(acc, env.scratch, target!, dTarget!, grads[0]!);
            return;
        case 'sum': case 'mean':
            if (grads[0] !== null) reduceBackward(acc, dTarget!, grads[0]!, instancesOf(e, grads[0]!), op === 'mean');
            return;
        default:
            if (binaryOps.has(op)) {
                const batch = batchOf(e, dTarget!);
                binaryBackward(acc, env.scratch, op as BinaryOp, s0, broadcastShape(e.sources[0]!, e.target, batch), s1, broadcastShape(e.sources[1]!, e.target, batch), target, dTarget!, grads[0] ?? null, grads[1] ?? null);
                return;
            }
            if (unaryOps.has(op)) {
                if (grads[0] !== null) unaryDerivative(op as UnaryOp, s0, target, dTarget!, grads[0]!, exponentOf(e));
                return;
            }
            throw new Error(`no gradient rule for ${op}`);
    }
}

/** Scratch of the tangent rule (float64 part; direction words are placed after it by the executor). */
export function tangentScratch(e: CompiledEdge, shapes: EdgeShapes, tangents: readonly TangentOperand[]): ScratchNeed {
    const op = e.edge.op;
    if (isGaOp(op)) return gaTangentScratch(e, shapes);
    if (op === 'matmul') return matmulTangentScratch(geometryOf(e, shapes), tangents[0] ?? null, tangents[1] ?? null);
    if (op === 'softmax') return softmaxDerivativeScratch(shapes.target);
    return none;
}

/** Whether the tangent rule reads a parameter's direction from sign bits (else it must be materialised). */
export function acceptsDirections(e: CompiledEdge): boolean {
    return e.edge.op === 'matmul' || binaryOps.has(e.edge.op);
}

/**
 * Runs the tangent rule: fills `targetTangent` from the sources' tangents. A loss writes its
 * directional derivative L̇ (one value) to `targetTangent`.
 */
export function runTangent(env: KernelEnv, e: CompiledEdge, sources: readonly Tensor[], tangents: readonly TangentOperand[], target: Tensor, targetTangent: Tensor): void {
    const op = e.edge.op;
    const acc = env.accumulation(e.format);
    if (isGaOp(op)) return gaTangent(env, e, sources, tangents, target, targetTangent);
    const t0 = tangents[0] ?? null;
    const t1 = tangents[1] ?? null;
    const tensorOf = (t: TangentOperand): Tensor => {
        if (t === null || t.kind !== 'tensor') throw new Error(`${e.edge.target}: ${op} needs a materialised tangent`);
        return t.tensor;
    };
    switch (op) {
        case 'matmul':
            return matmulTangent(acc, env.scratch, matmulGeometry(sources[0]!.shape, e.sources[0]!.batched, sources[1]!.shape, e.sources[1]!.batched), sources[0]!, t0, sources[1]!, t1, targetTangent);
        case 'softmax':
            return softmaxDerivative(acc, env.scratch, target, tensorOf(t0), targetTangent);
        case 'sum': case 'mean':
            return reduceForward(acc, tensorOf(t0), targetTangent, instancesOf(e, sources[0]!), op === 'mean');
        case 'cross_entropy': case 'mse': {
            // L̇ = Σ g·v with g the loss gradient w.r.t. the differentiated input (the softmax's input when fused).
            const input = e.fusedSoftmaxInput !== undefined ? tensorOf(t0) : sources[0]!;
            const g = allocateTensor(env.allocator, e.format, input.shape, 'tangent', `${e.edge.target}:gradient`);
            if (op === 'mse') mseGradient(acc, sources[0]!, sources[1]!, g, env.lossRows);
            else if (e.fusedSoftmaxInput !== undefined) crossEntropySoftmaxGradient(acc, sources[0]!, env.labels(e.sources[1]!), g, env.lossRows);
            else crossEntropyGradient(acc, sources[0]!, env.labels(e.sources[1]!), g, env.lossRows);
            if (env.lossDerivative !== undefined) {
                env.lossDerivative(g, tensorOf(t0));
                targetTangent.data[0] = e.format.zero as number;
            } else {
                targetTangent.data[0] = acc.encode(lossDirectionalDerivative(acc, g, tensorOf(t0)));
            }
            freeTensor(env.allocator, g);
            return;
        }
        default:
            if (binaryOps.has(op)) return binaryTangent(acc, op as BinaryOp, broadcastOperand(sources[0]!, e.sources[0]!, e.target), t0, broadcastOperand(sources[1]!, e.sources[1]!, e.target), t1, target, targetTangent);
            if (unaryOps.has(op)) return unaryDerivative(op as UnaryOp, sources[0]!, target, tensorOf(t0), targetTangent, exponentOf(e));
            throw new Error(`no tangent rule for ${op}`);
    }
}

function exponentOf(e: CompiledEdge): number {
    const exponent = e.edge.attributes?.['exponent'];
    return typeof exponent === 'number' ? exponent : 2;
}

function instancesOf(e: CompiledEdge, input: Tensor): number {
    return e.sources[0]!.batched ? input.shape[0]! : 1;
}

// The batch size of the step, from the target's gradient.
function batchOf(e: CompiledEdge, dTarget: Tensor): number {
    return e.target.batched ? dTarget.shape[0]! : 1;
}
