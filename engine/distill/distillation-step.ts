// One backprop step of a student: the engine's backprop step (autodiff/backprop.ts) with one rule
// replaced — the loss edge's gradient at the logits adds the soft-label term
// α·T·(q_s − q_t)/B (distillation-objective.ts) — and the student's soft labels q_s read from the
// logits while they are live in the forward pass. Tape, lifetimes and the gradient sink are the
// backprop step's own (its plan is reused), so memory is measured the same way; the shared step
// stays untouched. A plain cross-entropy step is the special case α = 0, bit for bit.
import type { IrNode } from '../ir/types.js';
import type { Tensor } from '../tensor/tensor.js';
import type { Batch, Executor, OutputsReader, StepOutcome } from '../exec/executor.js';
import { runBackward, runForward } from '../exec/op-rules.js';
import type { CompiledEdge } from '../exec/program.js';
import { backpropPlan, type GradientSink } from '../autodiff/backprop.js';
import { addGradient, batchOfSources, completeParamGradients } from '../autodiff/gradient-fan-out.js';
import type { ClassifierHead } from './classifier-head.js';
import { distillationLogitGradient, meanSoftLabelDivergence, studentSoftLabels, type SoftLabelWeight } from './distillation-objective.js';

/** The teacher's soft labels for the batch's rows, and their weight. */
export interface BatchSoftLabels extends SoftLabelWeight {
    /** q_t at temperature T: batch rows × classes. */
    readonly teacher: Float64Array;
}

/** A step's objective, by term (batch means; the prior is added by the caller). */
export interface DistillationStepOutcome extends StepOutcome {
    /** Cross-entropy against the labels. */
    readonly dataLoss: number;
    /** KL(q_t ‖ q_s) at temperature T (unweighted). */
    readonly softLoss: number;
}

/** Runs forward and backward on a batch of a student, handing each parameter gradient to `sink`. */
export function runDistillationStep(executor: Executor, batch: Batch, head: ClassifierHead, soft: BatchSoftLabels, sink: GradientSink, read: OutputsReader): DistillationStepOutcome {
    const program = executor.program;
    const plan = backpropPlan(program);
    const allocator = executor.allocator;
    const outputs = new Set(program.graph.outputs);
    const values = new Map<string, Tensor>(batch.values);
    const grads = new Map<string, Tensor>();
    const remaining = new Map<string, number>();
    const classes = head.classes;
    const student = allocator.float64(batch.size * classes, 'quire', 'student soft labels');
    executor.currentLabels = batch.labels;
    for (const [name, tensor] of batch.values) if (plan.tape.has(name)) allocator.reclassify(tensor.data, 'tape');
    const lookup = (name: string): Tensor | null => values.get(name) ?? executor.constants.get(name) ?? (program.paramIndex.has(name) ? executor.param(name) : null);
    const release = (name: string): void => {
        const value = values.get(name);
        if (value === undefined) return;
        executor.free(value);
        values.delete(name);
    };
    let dataLoss = NaN;
    let softLoss = NaN;
    try {
        // ---- forward
        for (let i = 0; i < plan.edges.length; i++) {
            const e = plan.edges[i]!;
            const target = executor.allocateValue(e.target, batch.size, plan.tape.has(e.target.name) ? 'tape' : 'activation');
            values.set(e.target.name, target);
            runForward(executor.env, e, e.sources.map((s) => lookup(s.name)!), target);
            const fault = executor.faultIn(target, e.target.name);
            if (fault !== undefined) return { loss: NaN, dataLoss, softLoss, fault };
            if (e.target.name === head.logits) studentSoftLabels(target, soft.temperature, student);
            for (const source of e.sources) {
                if (plan.lastForwardUse.get(source.name) === i && !plan.tape.has(source.name) && !outputs.has(source.name)) release(source.name);
            }
        }
        dataLoss = executor.env.lossValue;
        softLoss = meanSoftLabelDivergence(soft.teacher, student, batch.size, classes);
        const loss = dataLoss + soft.alpha * soft.temperature * soft.temperature * softLoss;
        const result = new Map<string, Tensor>();
        for (const name of program.graph.outputs) result.set(name, lookup(name)!);
        read(result, batch);
        for (const name of program.graph.outputs) if (!plan.tape.has(name)) release(name);
        if (!Number.isFinite(loss)) return { loss, dataLoss, softLoss, fault: { node: program.graph.loss ?? 'loss', message: `loss is ${loss}` } };
        // ---- backward
        for (let i = plan.edges.length - 1; i >= 0; i--) {
            const e = plan.edges[i]!;
            if (plan.runsBackward[i]) {
                const isLoss = e.target.role === 'loss';
                const dTarget = isLoss ? null : grads.get(e.target.name) ?? null;
                if (isLoss) lossEdge(executor, e, plan.gradientTargets[i]!, lookup, student, soft, grads);
                else if (dTarget !== null) backwardEdge(executor, e, plan.gradientTargets[i]!, lookup, dTarget, grads);
                if (dTarget !== null) {
                    executor.free(dTarget);
                    grads.delete(e.target.name);
                }
                const fault = completeParamGradients(executor, plan.gradientTargets[i]!, plan.contributions, remaining, grads, program.paramIndex, sink);
                if (fault !== undefined) return { loss, dataLoss, softLoss, fault };
            }
            for (const [name, reader] of plan.lastBackwardReader) if (reader === i) release(name);
        }
        return { loss, dataLoss, softLoss };
    } finally {
        for (const value of values.values()) if (allocator.isLive(value.data)) executor.free(value);
        for (const grad of grads.values()) if (allocator.isLive(grad.data)) executor.free(grad);
        allocator.free(student);
        executor.releaseBatch(batch);
    }
}

// The loss edge: cross-entropy over softmax(logits), fused, so its gradient goes to the logits.
function lossEdge(executor: Executor, e: CompiledEdge, targets: readonly (IrNode | null)[], lookup: (name: string) => Tensor | null, student: Float64Array, soft: BatchSoftLabels, grads: Map<string, Tensor>): void {
    const logits = targets[0];
    if (e.edge.op !== 'cross_entropy' || e.fusedSoftmaxInput === undefined || logits === null || logits === undefined) {
        // distillation.ts checks the head before training; reaching this is a bug.
        throw new Error(`distillation needs cross_entropy over a softmax read only by the loss, not ${e.edge.op} → ${e.edge.target}`);
    }
    const p = lookup(e.sources[0]!.name)!;
    const labels = executor.env.labels(e.sources[1]!);
    const buffer = executor.allocateValue(logits, p.shape[0]!, 'gradient');
    distillationLogitGradient(executor.env.accumulation(buffer.format), p, labels, student, soft.teacher, soft, buffer);
    addGradient(executor, logits, buffer, grads);
}

// One edge's gradient rule, as the backprop step runs it.
function backwardEdge(executor: Executor, e: CompiledEdge, targets: readonly (IrNode | null)[], lookup: (name: string) => Tensor | null, dTarget: Tensor, grads: Map<string, Tensor>): void {
    const batch = e.target.batched ? dTarget.shape[0]! : batchOfSources(e, lookup);
    const buffers = targets.map((node) => (node === null ? null : executor.allocateValue(node, batch, 'gradient')));
    runBackward(executor.env, e, e.sources.map((s) => lookup(s.name)), lookup(e.target.name), dTarget, buffers);
    targets.forEach((node, j) => {
        const buffer = buffers[j];
        if (node !== null && buffer !== null && buffer !== undefined) addGradient(executor, node, buffer, grads);
    });
}
