// Pieces of a backprop step that every variant of it shares (the plain step and a distilled
// student's): where a source gradient's batch size comes from, and how contributions to one
// value's gradient add up when the value feeds several edges.
import type { IrNode } from '../ir/types.js';
import type { Tensor } from '../tensor/tensor.js';
import type { Executor, NumericFault } from '../exec/executor.js';
import type { CompiledEdge } from '../exec/program.js';

/** Rows of the first batched source of `e` that has a value (1 when none is batched). */
export function batchOfSources(e: CompiledEdge, lookup: (name: string) => Tensor | null): number {
    for (const s of e.sources) {
        if (!s.batched) continue;
        const value = lookup(s.name);
        if (value !== null) return value.shape[0]!;
    }
    return 1;
}

/** Adds `buffer` to `node`'s gradient in `grads` (fan-out: one rounding per contribution), or stores it as the first. */
export function addGradient(executor: Executor, node: IrNode, buffer: Tensor, grads: Map<string, Tensor>): void {
    const existing = grads.get(node.name);
    if (existing === undefined) {
        grads.set(node.name, buffer);
        return;
    }
    const acc = executor.env.accumulation(existing.format);
    const format = existing.format;
    for (let k = 0; k < existing.size; k++) existing.data[k] = acc.encode(acc.add(format.decode(existing.data[k]!), format.decode(buffer.data[k]!)));
    executor.free(buffer);
}

/**
 * After one edge's backward pass: every parameter among `targets` whose last contribution has now
 * arrived is checked for NaR, handed to `sink` (by its index in the program) and freed. Returns
 * the fault that stops the step, if any. `remaining` counts down each parameter's contributions.
 */
export function completeParamGradients(
    executor: Executor, targets: readonly (IrNode | null)[], contributions: ReadonlyMap<string, number>, remaining: Map<string, number>,
    grads: Map<string, Tensor>, paramIndex: ReadonlyMap<string, number>, sink: (param: number, gradient: (i: number) => number) => void
): NumericFault | undefined {
    for (const node of targets) {
        if (node === null || node.role !== 'param') continue;
        const left = (remaining.get(node.name) ?? contributions.get(node.name)!) - 1;
        remaining.set(node.name, left);
        if (left > 0) continue;
        const grad = grads.get(node.name);
        if (grad === undefined) continue;
        const fault = executor.faultIn(grad, `∂loss/∂${node.name}`);
        if (fault !== undefined) return fault;
        const format = grad.format;
        const data = grad.data;
        sink(paramIndex.get(node.name)!, (k) => format.decode(data[k]!));
        executor.free(grad);
        grads.delete(node.name);
    }
    return undefined;
}
