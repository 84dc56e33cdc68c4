// One inference step: the outputs' schedule, each value freed right after its last reader, the
// outputs handed to the caller and then freed. Its peak is the denominator of the issue's
// training/inference ratio, so it must not keep anything training would not.
import type { Tensor } from '../tensor/tensor.js';
import { runForward } from './op-rules.js';
import type { Batch, Executor, OutputsReader, StepOutcome } from './executor.js';

/** Runs the model's outputs on a batch; `read` sees the outputs before they are freed. */
export function runInferenceStep(executor: Executor, batch: Batch, read: OutputsReader): StepOutcome {
    const program = executor.program;
    const schedule = program.schedule('inference');
    const outputs = new Set(program.graph.outputs);
    const values = new Map<string, Tensor>(batch.values);
    executor.currentLabels = batch.labels;
    const lookup = (name: string): Tensor => values.get(name) ?? executor.constants.get(name) ?? executor.param(name);
    let fault: StepOutcome['fault'];
    try {
        for (let i = 0; i < schedule.edges.length; i++) {
            const e = program.compiled(schedule.edges[i]!);
            const target = executor.allocateValue(e.target, batch.size, 'activation');
            values.set(e.target.name, target);
            runForward(executor.env, e, e.sources.map((s) => lookup(s.name)), target);
            for (const source of e.sources) {
                if (schedule.lastUse.get(source.name) !== i || outputs.has(source.name)) continue;
                const value = values.get(source.name);
                if (value !== undefined) {
                    executor.free(value);
                    values.delete(source.name);
                }
            }
        }
        const result = new Map<string, Tensor>();
        for (const name of program.graph.outputs) {
            const value = values.get(name) ?? lookup(name);
            fault ??= executor.faultIn(value, name);
            result.set(name, value);
        }
        read(result, batch);
    } finally {
        for (const value of values.values()) if (executor.allocator.isLive(value.data)) executor.free(value);
        executor.releaseBatch(batch);
    }
    return fault !== undefined ? { loss: NaN, fault } : { loss: NaN };
}
