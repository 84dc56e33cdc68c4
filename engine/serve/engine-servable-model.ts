// The engine's interpreter as a ServableModel: a lowered graph compiled to a Program, one
// inference Executor with its own tracked allocator, parameters held as raw format patterns.
// Requests larger than the executor's batch are run in slices.
import type { IrGraph } from '../ir/types.js';
import type { AccumulateMode } from '../kernels/accumulation.js';
import { TrackedAllocator } from '../memory/allocator.js';
import { Executor, type Batch } from '../exec/executor.js';
import { runInferenceStep } from '../exec/inference.js';
import { Program } from '../exec/program.js';
import { allocateTensor, tensorFromValues, tensorValues, type NumberPatternArray } from '../tensor/tensor.js';
import { modelInterface } from '../attest/ir-structure.js';
import type { ModelInterface } from '../attest/model-structure.js';
import { elementCount, type ModelRecipe, type PredictionBatch, type PredictionResult, type ServableModel } from './servable-model.js';

/** Raw parameter patterns by parameter name (each exactly the parameter's element count). */
export type ParameterPatterns = ReadonlyMap<string, NumberPatternArray>;

/** Builds a servable model from a graph and its parameters; a problem is a value. */
export function engineServableModel(version: number, graph: IrGraph, parameters: ParameterPatterns, settings: { readonly accumulate: AccumulateMode; readonly maxBatch: number }): { readonly ok: true; readonly model: ServableModel } | { readonly ok: false; readonly message: string } {
    const program = Program.compile(graph, settings.accumulate);
    if ('problems' in program) return { ok: false, message: program.problems.map((problem) => `${problem.node ?? ''}: ${problem.message}`).join('; ') };
    const allocator = new TrackedAllocator();
    const executor = new Executor(program, allocator, 'inference', settings.maxBatch);
    for (const node of program.params) {
        const patterns = parameters.get(node.name);
        const format = program.formatOf(node);
        if (!patterns || !format) {
            executor.dispose();
            return { ok: false, message: `no weights for parameter ${node.name}` };
        }
        const tensor = allocateTensor(allocator, format, node.shape, 'param', node.name);
        if (patterns.length !== tensor.size || patterns.constructor !== tensor.data.constructor) {
            executor.dispose();
            return { ok: false, message: `parameter ${node.name}: expected ${tensor.size} ${format.name} values, found ${patterns.length}` };
        }
        tensor.data.set(patterns as never);
        executor.params.push(tensor);
    }
    const recipe: ModelRecipe = { version, graph, parameters, accumulate: settings.accumulate, maxBatch: settings.maxBatch };
    return { ok: true, model: new EngineServableModel(program, executor, modelInterface(graph), recipe) };
}

/** Builds a servable model from its recipe (in a canary worker: the same graph, patterns and settings). */
export function engineServableModelFrom(recipe: ModelRecipe): ReturnType<typeof engineServableModel> {
    return engineServableModel(recipe.version, recipe.graph, recipe.parameters, { accumulate: recipe.accumulate, maxBatch: recipe.maxBatch });
}

class EngineServableModel implements ServableModel {
    readonly interface: ModelInterface;
    readonly version: number;
    readonly recipe: () => ModelRecipe;
    private readonly maxBatch: number;
    private disposed = false;

    constructor(private readonly program: Program, private readonly executor: Executor, modelInterface: ModelInterface, recipe: ModelRecipe) {
        this.interface = modelInterface;
        this.version = recipe.version;
        this.maxBatch = recipe.maxBatch;
        this.recipe = () => recipe;
    }

    predict(batch: PredictionBatch): PredictionResult {
        if (this.disposed) return { ok: false, message: `version ${this.version} was unloaded` };
        const outputs = new Map(this.interface.outputs.map((output) => [output.name, new Float64Array(batch.size * elementCount(output.shape))]));
        for (let start = 0; start < batch.size; start += this.maxBatch) {
            const size = Math.min(this.maxBatch, batch.size - start);
            const fault = this.runSlice(batch, start, size, outputs);
            if (fault) return { ok: false, message: `version ${this.version}: ${fault}` };
        }
        return { ok: true, outputs };
    }

    dispose(): void {
        if (this.disposed) return;
        this.disposed = true;
        this.executor.dispose();
    }

    /** Runs rows [start, start + size) and copies the decoded outputs in; returns a fault message. */
    private runSlice(batch: PredictionBatch, start: number, size: number, outputs: Map<string, Float64Array>): string | undefined {
        const values = new Map<string, ReturnType<typeof tensorFromValues>>();
        for (const input of this.interface.inputs) {
            const node = this.program.nodes.get(input.name);
            const format = node ? this.program.formatOf(node) : undefined;
            const rows = batch.inputs.get(input.name);
            if (!node || !format || !rows) return `input ${input.name} is missing`;
            const width = elementCount(input.shape);
            values.set(input.name, tensorFromValues(this.executor.allocator, format, [size, ...node.shape], rows.subarray(start * width, (start + size) * width), 'activation', input.name));
        }
        const step: Batch = { size, values, labels: new Map() };
        const outcome = runInferenceStep(this.executor, step, (results) => {
            for (const output of this.interface.outputs) {
                const tensor = results.get(output.name);
                if (!tensor) continue;
                const width = elementCount(output.shape);
                outputs.get(output.name)?.set(tensorValues(tensor), start * width);
            }
        });
        return outcome.fault?.message;
    }
}
