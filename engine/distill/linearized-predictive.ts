// Predictive probabilities under a diagonal Gaussian posterior N(w*, diag σ²), through the
// linearised network ("GLM predictive", Immer et al. 2021): for S weight samples σ⊙εₛ,
//   p(y | x) ≈ (1/S) Σₛ softmax(z(x; w*) + J(x)·(σ⊙εₛ)),
// where J·v is one forward-mode tangent pass (the engine's tangent rules, in the model's format,
// with its accumulation mode) whose parameter tangents are the sample itself. Sampling the
// weights of the network directly instead would push a ReLU network far off its trained function
// with a diagonal posterior; the linearisation keeps each sample a local perturbation. The S
// samples are drawn once (seeded) and shared by every row, as weight samples must be.
import type { Program } from '../exec/program.js';
import { Executor } from '../exec/executor.js';
import { edgeShapes, forwardScratch, runForward, runTangent, tangentScratch } from '../exec/op-rules.js';
import type { KernelEnv } from '../exec/op-rules.js';
import { gatherBatch } from '../data/batches.js';
import type { LoadedDataset } from '../data/csv-dataset.js';
import type { TrackedAllocator } from '../memory/allocator.js';
import { Scratch, scratchBytes, type ScratchNeed } from '../kernels/scratch.js';
import type { TangentOperand } from '../kernels/matmul-tangent.js';
import { allocateTensor, type NumberPatternArray, type Tensor } from '../tensor/tensor.js';
import { Xoshiro128 } from '../random/xoshiro.js';
import { engineErrorCodes, failure, success, type Result } from '../errors.js';
import { temperedSoftmax } from './soft-labels.js';

/** How many weight samples, from which seed, in batches of how many rows. */
export interface PredictiveOptions {
    readonly samples: number;
    readonly seed: number;
    readonly batch: number;
    /**
     * Also evaluate the posterior scaled by each τ (σ → τσ): the tangent of a scaled sample is the
     * scaled tangent, so one tangent pass serves every τ (default [1]).
     */
    readonly scales?: readonly number[];
}

/** Stream of the seed reserved for posterior samples. */
const sampleStream = 4000;

/**
 * Class probabilities (rows × classes) of every row of `dataset` under the posterior: `program`'s
 * only output must be the logits (classifier-head.ts `logitsGraph`), `std[p]` the σ of parameter p.
 */
export function linearizedPredictive(program: Program, weights: ReadonlyMap<string, NumberPatternArray>, std: readonly Float64Array[], dataset: LoadedDataset, allocator: TrackedAllocator, options: PredictiveOptions): Result<Float64Array> {
    const scaled = scaledLinearizedPredictive(program, weights, std, dataset, allocator, { ...options, scales: [1] });
    return scaled.ok ? success(scaled.value[0]!) : scaled;
}

/** As `linearizedPredictive`, once per scale τ of `options.scales`, from the same tangent passes. */
export function scaledLinearizedPredictive(program: Program, weights: ReadonlyMap<string, NumberPatternArray>, std: readonly Float64Array[], dataset: LoadedDataset, allocator: TrackedAllocator, options: PredictiveOptions): Result<Float64Array[]> {
    const scales = options.scales ?? [1];
    const logits = program.graph.outputs[0]!;
    const classes = program.nodes.get(logits)!.shape.reduce((a, b) => a * b, 1);
    const executor = new Executor(program, allocator, 'inference', options.batch);
    const schedule = program.schedule('inference');
    const edges = schedule.edges.map((edge) => program.compiled(edge));
    // Tangent rules read parameter tangents as tensors here (not sign words): size the arena for that.
    let need: ScratchNeed = { f64: 0, words: 0 };
    for (const e of edges) {
        const shapes = edgeShapes(e, options.batch);
        const kinds = e.sources.map((s): TangentOperand => (program.dependsOnParams.has(s.name) ? { kind: 'tensor', tensor: { shape: [], size: 0, format: e.format, data: new Uint8Array(0) } } : null));
        for (const candidate of [forwardScratch(e, shapes), tangentScratch(e, shapes, kinds)]) if (scratchBytes(candidate) > scratchBytes(need)) need = candidate;
    }
    const arena = allocator.arena(scratchBytes(need), 'quire', 'tangent scratch arena');
    const env: KernelEnv = { ...executor.env, scratch: new Scratch(arena) };
    const sampleTangents: Tensor[][] = [];
    try {
        const params = executor.allocateParams();
        for (let p = 0; p < params.length; p++) {
            const saved = weights.get(program.params[p]!.name);
            if (saved === undefined || saved.length !== params[p]!.size) return failure(engineErrorCodes.noVersion, `the weights have no parameter ${program.params[p]!.name} of ${params[p]!.size} values`);
            params[p]!.data.set(saved as never);
        }
        for (let s = 0; s < options.samples; s++) {
            const rng = new Xoshiro128(options.seed, sampleStream + s);
            sampleTangents.push(params.map((param, p) => {
                const values = new Float64Array(param.size);
                for (let i = 0; i < values.length; i++) values[i] = std[p]![i]! * rng.nextNormal();
                const tensor = allocateTensor(allocator, param.format, param.shape, 'tangent', `${program.params[p]!.name} (posterior sample ${s + 1})`);
                param.format.encodeArray(values, tensor.data, tensor.size);
                return tensor;
            }));
        }
        const probabilities = scales.map(() => new Float64Array(dataset.rows * classes));
        const order = Uint32Array.from({ length: dataset.rows }, (_, i) => i);
        const row = new Float64Array(classes);
        const sampled = new Float64Array(classes);
        for (let from = 0; from < dataset.rows; from += options.batch) {
            const count = Math.min(options.batch, dataset.rows - from);
            const batch = gatherBatch(program, allocator, dataset, order, from, count, false);
            const values = new Map<string, Tensor>(batch.values);
            const lookup = (name: string): Tensor => values.get(name) ?? executor.constants.get(name) ?? executor.param(name);
            try {
                for (const e of edges) {
                    const target = executor.allocateValue(e.target, count, 'activation');
                    values.set(e.target.name, target);
                    runForward(env, e, e.sources.map((source) => lookup(source.name)), target);
                    const fault = executor.faultIn(target, e.target.name);
                    if (fault !== undefined) return failure(engineErrorCodes.numericFault, `${fault.message} in rows ${from + 1}–${from + count}`, { node: fault.node });
                }
                const z = lookup(logits);
                for (let s = 0; s < Math.max(1, options.samples); s++) {
                    const zDot = options.samples > 0 ? tangentPass(executor, env, edges, lookup, sampleTangents[s]!, count, logits) : undefined;
                    scales.forEach((scale, k) => {
                        for (let r = 0; r < count; r++) {
                            for (let j = 0; j < classes; j++) {
                                const at = r * classes + j;
                                row[j] = z.format.decode(z.data[at]!) + (zDot !== undefined ? scale * zDot.format.decode(zDot.data[at]!) : 0);
                            }
                            temperedSoftmax(row, 0, classes, 1, sampled, 0);
                            for (let j = 0; j < classes; j++) probabilities[k]![(from + r) * classes + j]! += sampled[j]! / Math.max(1, options.samples);
                        }
                    });
                    if (zDot !== undefined) executor.free(zDot);
                }
            } finally {
                for (const value of values.values()) if (allocator.isLive(value.data)) executor.free(value);
                executor.releaseBatch(batch);
            }
        }
        return success(probabilities);
    } finally {
        for (const tensors of sampleTangents) for (const tensor of tensors) executor.free(tensor);
        allocator.free(arena);
        executor.dispose();
    }
}

// One tangent pass of a weight sample: returns the logits' tangent (the caller frees it).
function tangentPass(executor: Executor, env: KernelEnv, edges: ReturnType<Program['compiled']>[], lookup: (name: string) => Tensor, paramTangents: readonly Tensor[], batch: number, logits: string): Tensor | undefined {
    const program = executor.program;
    const tangents = new Map<string, Tensor>();
    try {
        for (const e of edges) {
            if (!program.dependsOnParams.has(e.target.name)) continue;
            const operands = e.sources.map((s): TangentOperand => {
                const index = program.paramIndex.get(s.name);
                if (index !== undefined) return { kind: 'tensor', tensor: paramTangents[index]! };
                const tangent = tangents.get(s.name);
                return tangent !== undefined ? { kind: 'tensor', tensor: tangent } : null;
            });
            const target = executor.allocateValue(e.target, batch, 'tangent');
            tangents.set(e.target.name, target);
            runTangent(env, e, e.sources.map((s) => lookup(s.name)), operands, lookup(e.target.name), target);
        }
        const result = tangents.get(logits);
        tangents.delete(logits);
        return result;
    } finally {
        for (const tensor of tangents.values()) executor.free(tensor);
    }
}
