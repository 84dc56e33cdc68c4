// Test helpers: compile a hand-built graph, fill parameters and batches from plain numbers, and run
// one step in a chosen mode, reading back gradients as float64 arrays.
import { TrackedAllocator } from '../../../../engine/memory/allocator.js';
import { Executor, type Batch, type ExecutionMode } from '../../../../engine/exec/executor.js';
import { Program } from '../../../../engine/exec/program.js';
import type { IrGraph } from '../../../../engine/ir/types.js';
import type { AccumulateMode } from '../../../../engine/kernels/accumulation.js';
import { allocateTensor, tensorValues, type Tensor } from '../../../../engine/tensor/tensor.js';
import { runBackpropStep } from '../../../../engine/autodiff/backprop.js';
import { runForwardGradientStep } from '../../../../engine/autodiff/forward-gradient.js';
import type { DirectionSource } from '../../../../engine/autodiff/directions.js';
import { runInferenceStep } from '../../../../engine/exec/inference.js';

/** Compiles a graph or fails the test with the problems. */
export function compile(graph: IrGraph, accumulate: AccumulateMode = 'quire'): Program {
    const program = Program.compile(graph, accumulate);
    if (!(program instanceof Program)) throw new Error(program.problems.map((p) => p.message).join('\n'));
    return program;
}

/** Batch data: values of input/target nodes per sample (flattened), labels of class targets. */
export interface BatchData {
    readonly size: number;
    readonly values: Readonly<Record<string, readonly number[]>>;
    readonly labels?: Readonly<Record<string, readonly number[]>>;
}

/** Builds a batch in `executor`'s allocator. */
export function makeBatch(executor: Executor, data: BatchData): Batch {
    const values = new Map<string, Tensor>();
    const labels = new Map<string, Int32Array>();
    for (const [name, flat] of Object.entries(data.values)) {
        const node = executor.program.nodes.get(name)!;
        const tensor = allocateTensor(executor.allocator, executor.program.formatOf(node)!, [data.size, ...node.shape], 'activation', name);
        tensor.format.encodeArray(Float64Array.from(flat), tensor.data, tensor.size);
        values.set(name, tensor);
    }
    for (const [name, list] of Object.entries(data.labels ?? {})) {
        const array = executor.allocator.int32(list.length, 'activation', name);
        array.set(list);
        labels.set(name, array);
    }
    return { size: data.size, values, labels };
}

/** An executor with parameters set from plain numbers (by param name). */
export function executorWith(program: Program, mode: ExecutionMode, batch: number, params: Readonly<Record<string, readonly number[]>>, allocator = new TrackedAllocator(), masked = false): Executor {
    const executor = new Executor(program, allocator, mode, batch, masked);
    executor.allocateParams();
    program.params.forEach((node, i) => {
        const tensor = executor.params[i]!;
        tensor.format.encodeArray(Float64Array.from(params[node.name] ?? []), tensor.data, tensor.size);
    });
    return executor;
}

/** The loss and every parameter's backprop gradient (float64 values) for one batch. */
export function backpropGradients(executor: Executor, data: BatchData): { loss: number; gradients: Map<string, Float64Array> } {
    const gradients = new Map<string, Float64Array>();
    const outcome = runBackpropStep(executor, makeBatch(executor, data), (p, g) => {
        const tensor = executor.params[p]!;
        gradients.set(executor.program.params[p]!.name, Float64Array.from({ length: tensor.size }, (_, i) => g(i)));
    }, () => undefined);
    if (outcome.fault !== undefined) throw new Error(outcome.fault.message);
    return { loss: outcome.loss, gradients };
}

/** The loss and every parameter's forward gradient Σ_k L̇_k v_k for one batch. */
export function forwardGradients(executor: Executor, data: BatchData, directions: DirectionSource, step = 0): { loss: number; gradients: Map<string, Float64Array> } {
    const gradients = new Map<string, Float64Array>();
    const outcome = runForwardGradientStep(executor, makeBatch(executor, data), directions, step, (p, g) => {
        const tensor = executor.params[p]!;
        gradients.set(executor.program.params[p]!.name, Float64Array.from({ length: tensor.size }, (_, i) => g(i)));
    }, () => undefined);
    if (outcome.fault !== undefined) throw new Error(outcome.fault.message);
    return { loss: outcome.loss, gradients };
}

/** The outputs of an inference step, decoded. */
export function inferOutputs(executor: Executor, data: BatchData): Map<string, Float64Array> {
    const result = new Map<string, Float64Array>();
    runInferenceStep(executor, makeBatch(executor, data), (outputs) => {
        for (const [name, tensor] of outputs) result.set(name, tensorValues(tensor));
    });
    return result;
}
