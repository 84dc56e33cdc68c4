// One backprop step. Forward: values a gradient rule will read are allocated as `tape` and kept;
// the others are freed after their last forward reader, as in inference. Backward, in reverse
// schedule order: each edge's source gradients are allocated as `gradient`, its target's gradient
// is freed once used, and tape entries are freed after their last backward reader. A parameter's
// gradient is handed to the optimizer as soon as it is complete and freed, so at most one
// parameter gradient is live at a time (plus fan-in partials). A batch that is one shard of a larger
// update (gradient accumulation, data-parallel workers) divides its loss gradient by the update's
// rows and, with `accumulate quire`, adds each parameter's exact gradient terms to that parameter's
// quire array instead of rounding it (param-deposits.ts): no parameter gradient is allocated then.
import type { IrNode } from '../ir/types.js';
import type { Tensor } from '../tensor/tensor.js';
import type { Batch, Executor, OutputsReader, StepOutcome } from '../exec/executor.js';
import { backwardReads, runBackward, runForward } from '../exec/op-rules.js';
import type { CompiledEdge, Program } from '../exec/program.js';
import type { QuireArray } from '../kernels/quire-array.js';
import { depositParamGradient } from './param-deposits.js';
import { addGradient, batchOfSources, completeParamGradients } from './gradient-fan-out.js';

/** Receives each parameter's complete gradient; `gradient(i)` is element i's value. */
export type GradientSink = (param: number, gradient: (i: number) => number) => void;

/** Static backprop facts of a program: who wants gradients, what the tape holds, when it is read last. */
export interface BackpropPlan {
    readonly edges: readonly CompiledEdge[];
    /** For each edge: the node each source gradient goes to (null: none). */
    readonly gradientTargets: readonly (readonly (IrNode | null)[])[];
    /** Whether the edge's rule runs in backward. */
    readonly runsBackward: readonly boolean[];
    /** Values kept for backward. */
    readonly tape: ReadonlySet<string>;
    /** Tape value → smallest edge index reading it in backward (freed after that edge). */
    readonly lastBackwardReader: ReadonlyMap<string, number>;
    /** Node → number of backward edges contributing to its gradient. */
    readonly contributions: ReadonlyMap<string, number>;
    readonly lastForwardUse: ReadonlyMap<string, number>;
}

const plans = new WeakMap<Program, BackpropPlan>();

/** The backprop plan of a program (computed once). */
export function backpropPlan(program: Program): BackpropPlan {
    const cached = plans.get(program);
    if (cached !== undefined) return cached;
    const schedule = program.schedule('training');
    const edges = schedule.edges.map((edge) => program.compiled(edge));
    const loss = program.graph.loss;
    // Values on a path to the loss: only they receive gradients.
    const reachesLoss = new Set<string>(loss !== undefined ? [loss] : []);
    for (let i = edges.length - 1; i >= 0; i--) {
        const e = edges[i]!;
        if (reachesLoss.has(e.target.name)) for (const s of e.sources) reachesLoss.add(s.name);
    }
    const tape = new Set<string>();
    const lastBackwardReader = new Map<string, number>();
    const contributions = new Map<string, number>();
    const gradientTargets: (IrNode | null)[][] = [];
    const runsBackward: boolean[] = [];
    edges.forEach((e, i) => {
        const runs = !e.fusedIntoLoss && reachesLoss.has(e.target.name) && program.dependsOnParams.has(e.target.name);
        const targets = e.sources.map((s, j): IrNode | null => {
            if (!runs) return null;
            const node = j === 0 && e.fusedSoftmaxInput !== undefined ? e.fusedSoftmaxInput : s;
            return program.dependsOnParams.has(node.name) ? node : null;
        });
        gradientTargets.push(targets);
        runsBackward.push(runs);
        if (!runs) return;
        for (const node of targets) if (node !== null) contributions.set(node.name, (contributions.get(node.name) ?? 0) + 1);
        const reads = backwardReads(e, targets.map((t) => t !== null));
        const mark = (name: string): void => {
            tape.add(name);
            lastBackwardReader.set(name, Math.min(lastBackwardReader.get(name) ?? i, i));
        };
        e.sources.forEach((s, j) => { if (reads.sources[j] === true && s.role !== 'param' && s.role !== 'constant') mark(s.name); });
        if (reads.target) mark(e.target.name);
    });
    const plan = { edges, gradientTargets, runsBackward, tape, lastBackwardReader, contributions, lastForwardUse: schedule.lastUse };
    plans.set(program, plan);
    return plan;
}

/** A batch that is one shard of a larger update. */
export interface BackpropShard {
    /** Rows of the whole update: loss gradients divide by it. */
    readonly updateRows: number;
    /**
     * Exact accumulators of every parameter (program.params order; `accumulate quire`): parameter
     * gradients are added there and never reach the sink. Absent: rounded gradients go to the sink.
     */
    readonly banks?: readonly QuireArray[];
    /** Told when a parameter's deposit for this shard is complete (its one reading edge has run). */
    readonly completed?: (param: number) => void;
}

/** Runs forward and backward on a batch (or a shard of an update), handing each parameter gradient to `sink`. */
export function runBackpropStep(executor: Executor, batch: Batch, sink: GradientSink, read: OutputsReader, shard?: BackpropShard): StepOutcome {
    const program = executor.program;
    const plan = backpropPlan(program);
    const allocator = executor.allocator;
    const outputs = new Set(program.graph.outputs);
    const values = new Map<string, Tensor>(batch.values);
    const grads = new Map<string, Tensor>();
    const remaining = new Map<string, number>();
    executor.currentLabels = batch.labels;
    executor.env.lossRows = shard?.updateRows;
    const banks = shard?.banks;
    for (const [name, tensor] of batch.values) if (plan.tape.has(name)) allocator.reclassify(tensor.data, 'tape');
    const lookup = (name: string): Tensor | null => values.get(name) ?? executor.constants.get(name) ?? (program.paramIndex.has(name) ? executor.param(name) : null);
    const release = (name: string): void => {
        const value = values.get(name);
        if (value === undefined) return;
        executor.free(value);
        values.delete(name);
    };
    try {
        // ---- forward
        for (let i = 0; i < plan.edges.length; i++) {
            const e = plan.edges[i]!;
            const target = executor.allocateValue(e.target, batch.size, plan.tape.has(e.target.name) ? 'tape' : 'activation');
            values.set(e.target.name, target);
            runForward(executor.env, e, e.sources.map((s) => lookup(s.name)!), target);
            const fault = executor.faultIn(target, e.target.name);
            if (fault !== undefined) return { loss: NaN, fault };
            for (const source of e.sources) {
                if (plan.lastForwardUse.get(source.name) === i && !plan.tape.has(source.name) && !outputs.has(source.name)) release(source.name);
            }
        }
        const loss = executor.env.lossValue;
        const result = new Map<string, Tensor>();
        for (const name of program.graph.outputs) result.set(name, lookup(name)!);
        read(result, batch);
        for (const name of program.graph.outputs) if (!plan.tape.has(name)) release(name);
        if (!Number.isFinite(loss)) return { loss, fault: { node: program.graph.loss ?? 'loss', message: `loss is ${loss}` } };
        // ---- backward
        for (let i = plan.edges.length - 1; i >= 0; i--) {
            const e = plan.edges[i]!;
            if (plan.runsBackward[i]) {
                const isLoss = e.target.role === 'loss';
                const dTarget = isLoss ? null : grads.get(e.target.name) ?? null;
                if (isLoss || dTarget !== null) backwardEdge(executor, e, plan.gradientTargets[i]!, lookup, dTarget, grads, banks, shard?.completed);
                if (dTarget !== null) {
                    executor.free(dTarget);
                    grads.delete(e.target.name);
                }
                const fault = completeParamGradients(executor, plan.gradientTargets[i]!, plan.contributions, remaining, grads, program.paramIndex, sink);
                if (fault !== undefined) return { loss, fault };
            }
            for (const [name, reader] of plan.lastBackwardReader) if (reader === i) release(name);
        }
        return { loss };
    } finally {
        executor.env.lossRows = undefined;
        for (const value of values.values()) if (allocator.isLive(value.data)) executor.free(value);
        for (const grad of grads.values()) if (allocator.isLive(grad.data)) executor.free(grad);
        executor.releaseBatch(batch);
    }
}

// One edge's gradient rule: allocate (or accumulate into) each wanted source gradient; with banks,
// a parameter's gradient is deposited exactly instead.
function backwardEdge(executor: Executor, e: CompiledEdge, targets: readonly (IrNode | null)[], lookup: (name: string) => Tensor | null, dTarget: Tensor | null, grads: Map<string, Tensor>, banks: readonly QuireArray[] | undefined, completed: ((param: number) => void) | undefined): void {
    const batch = dTarget !== null && e.target.batched ? dTarget.shape[0]! : batchOfSources(e, lookup);
    const deposited = targets.map((node) => banks !== undefined && node !== null && node.role === 'param');
    const buffers = targets.map((node, j) => (node === null || deposited[j] === true ? null : executor.allocateValue(node, batch, 'gradient')));
    const sources = e.sources.map((s) => lookup(s.name));
    const target = lookup(e.target.name);
    if (buffers.some((buffer) => buffer !== null)) runBackward(executor.env, e, sources, target, dTarget, buffers);
    deposited.forEach((deposit, j) => {
        if (!deposit) return;
        const param = executor.program.paramIndex.get(targets[j]!.name)!;
        depositParamGradient(executor, e, j, sources, target, dTarget!, banks![param]!);
        completed?.(param);
    });
    targets.forEach((node, j) => {
        const buffer = buffers[j];
        if (node !== null && buffer !== null && buffer !== undefined) addGradient(executor, node, buffer, grads);
    });
}
