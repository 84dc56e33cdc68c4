// One forward-gradient step (Baydin et al. 2022, "Gradients without Backpropagation"): for each of
// K directions v_k, push the primal and one tangent through the forward pass (dual numbers) and read
// the directional derivative L̇_k = ∇L·v_k at the loss; then update with Σ_k L̇_k v_k. The K tangent
// passes run one after another through the same buffers, so memory is K = 1's and time grows with
// K. Inputs have no tangent. A parameter's tangent is its direction, read from sign bits the kernels
// regenerate from the seed; the update regenerates them again, so no direction is ever stored.
import type { IrNode } from '../ir/types.js';
import type { Tensor } from '../tensor/tensor.js';
import type { Batch, Executor, OutputsReader, StepOutcome } from '../exec/executor.js';
import { acceptsDirections, edgeShapes, runForward, runTangent, tangentScratch } from '../exec/op-rules.js';
import type { CompiledEdge, Program } from '../exec/program.js';
import type { DirectionOperand, TangentOperand } from '../kernels/matmul-tangent.js';
import { depositDot } from '../kernels/exact-partials.js';
import type { QuireArray } from '../kernels/quire-array.js';
import { wordsAfter } from '../kernels/scratch.js';
import { directionWords } from '../random/direction-bits.js';
import type { GradientSink } from './backprop.js';
import type { DirectionSource } from './directions.js';

/** Static forward-mode facts: which edges carry tangents and when each tangent is read last. */
export interface ForwardGradientPlan {
    readonly edges: readonly CompiledEdge[];
    readonly carriesTangent: readonly boolean[];
    /** Per edge, per source: the node whose tangent the rule reads (null: none). */
    readonly tangentOf: readonly (readonly (IrNode | null)[])[];
    readonly tangentLastUse: ReadonlyMap<string, number>;
    readonly lastForwardUse: ReadonlyMap<string, number>;
}

const plans = new WeakMap<Program, ForwardGradientPlan>();

/** The forward-gradient plan of a program (computed once). */
export function forwardGradientPlan(program: Program): ForwardGradientPlan {
    const cached = plans.get(program);
    if (cached !== undefined) return cached;
    const schedule = program.schedule('training');
    const edges = schedule.edges.map((edge) => program.compiled(edge));
    const carriesTangent: boolean[] = [];
    const tangentOf: (IrNode | null)[][] = [];
    const tangentLastUse = new Map<string, number>();
    edges.forEach((e, i) => {
        const carries = !e.fusedIntoLoss && program.dependsOnParams.has(e.target.name);
        carriesTangent.push(carries);
        const reads = e.sources.map((s, j): IrNode | null => {
            if (!carries) return null;
            const node = j === 0 && e.fusedSoftmaxInput !== undefined ? e.fusedSoftmaxInput : s;
            return program.dependsOnParams.has(node.name) ? node : null;
        });
        tangentOf.push(reads);
        for (const node of reads) if (node !== null && node.role !== 'param') tangentLastUse.set(node.name, i);
    });
    const plan = { edges, carriesTangent, tangentOf, tangentLastUse, lastForwardUse: schedule.lastUse };
    plans.set(program, plan);
    return plan;
}

/** A batch that is one shard of a larger update: it reports its directional derivatives instead of updating. */
export interface ForwardShard {
    /** Rows of the whole update: loss gradients divide by it. */
    readonly updateRows: number;
    /** `accumulate quire`: tangent k's exact Σ g·v over the shard is added to element k. */
    readonly derivatives?: QuireArray;
    /** `accumulate rounded`: receives tangent k's L̇ over the shard, rounded. */
    readonly roundedDerivative?: (k: number, value: number) => void;
}

/**
 * Runs K tangent passes on a batch and hands each parameter's forward gradient Σ_k L̇_k v_k to
 * `sink` (a shard reports its L̇_k to `shard` instead). `step` is the global step number (it keys
 * the directions, so a resumed run draws the same).
 */
export function runForwardGradientStep(executor: Executor, batch: Batch, directions: DirectionSource, step: number, sink: GradientSink, read: OutputsReader, shard?: ForwardShard): StepOutcome {
    const program = executor.program;
    const plan = forwardGradientPlan(program);
    const allocator = executor.allocator;
    const outputs = new Set(program.graph.outputs);
    const lossName = program.graph.loss!;
    const K = directions.tangents;
    const derivatives = allocator.float64(K, 'tangent', 'directional derivatives');
    const batchInputs = new Set(batch.values.keys());
    const values = new Map<string, Tensor>(batch.values);
    const tangents = new Map<string, Tensor>();
    const temporaries: Tensor[] = [];
    executor.currentLabels = batch.labels;
    executor.env.lossRows = shard?.updateRows;
    const bank = shard?.derivatives;
    let pass = 0;
    const lossFormat = program.formatOf(program.nodes.get(lossName)!)!;
    const exactProducts = executor.env.accumulation(lossFormat).exactProducts;
    executor.env.lossDerivative = bank !== undefined ? (g, v) => depositDot(bank, pass, g, v, exactProducts) : undefined;
    const lookup = (name: string): Tensor => values.get(name) ?? executor.constants.get(name) ?? executor.param(name);
    const release = (map: Map<string, Tensor>, name: string): void => {
        const value = map.get(name);
        if (value === undefined) return;
        executor.free(value);
        map.delete(name);
    };
    let loss = NaN;
    try {
        for (let k = 0; k < K; k++) {
            pass = k;
            const lastPass = k === K - 1;
            for (let i = 0; i < plan.edges.length; i++) {
                const e = plan.edges[i]!;
                const target = executor.allocateValue(e.target, batch.size, 'activation');
                values.set(e.target.name, target);
                const sources = e.sources.map((s) => lookup(s.name));
                runForward(executor.env, e, sources, target);
                const fault = executor.faultIn(target, e.target.name);
                if (fault !== undefined) return { loss: NaN, fault };
                if (plan.carriesTangent[i]) {
                    const targetTangent = executor.allocateValue(e.target, batch.size, 'tangent');
                    tangents.set(e.target.name, targetTangent);
                    const operands = tangentOperands(executor, e, plan.tangentOf[i]!, tangents, directions, step, k, batch.size, temporaries);
                    runTangent(executor.env, e, sources, operands, target, targetTangent);
                    for (const t of temporaries.splice(0)) executor.free(t);
                }
                for (const source of e.sources) {
                    const name = source.name;
                    if (plan.lastForwardUse.get(name) === i && !outputs.has(name) && (lastPass || !batchInputs.has(name))) release(values, name);
                    if (plan.tangentLastUse.get(name) === i) release(tangents, name);
                }
                const fused = e.fusedSoftmaxInput;
                if (fused !== undefined && plan.tangentLastUse.get(fused.name) === i) release(tangents, fused.name);
            }
            const lossTangent = tangents.get(lossName)!;
            derivatives[k] = lossTangent.format.decode(lossTangent.data[0]!);
            if (k === 0) {
                loss = executor.env.lossValue;
                const result = new Map<string, Tensor>();
                for (const name of program.graph.outputs) result.set(name, lookup(name));
                read(result, batch);
                if (!Number.isFinite(loss)) return { loss, fault: { node: lossName, message: `loss is ${loss}` } };
            }
            if (!Number.isFinite(derivatives[k]!)) return { loss, fault: { node: lossName, message: `directional derivative is ${derivatives[k]}` } };
            shard?.roundedDerivative?.(k, derivatives[k]!);
            for (const name of [...values.keys()]) if (lastPass || !batchInputs.has(name)) release(values, name);
            for (const name of [...tangents.keys()]) release(tangents, name);
        }
        if (shard === undefined) applyForwardGradient(executor, directions, step, derivatives, sink);
        return { loss };
    } finally {
        executor.env.lossRows = undefined;
        executor.env.lossDerivative = undefined;
        for (const t of temporaries) if (allocator.isLive(t.data)) executor.free(t);
        for (const value of values.values()) if (allocator.isLive(value.data)) executor.free(value);
        for (const value of tangents.values()) if (allocator.isLive(value.data)) executor.free(value);
        executor.releaseBatch(batch);
        allocator.free(derivatives);
    }
}

// The tangent operands of an edge: parameters' directions as sign words in the arena (or a
// materialised tensor for rules that read values), activations' tangent tensors, or null.
function tangentOperands(executor: Executor, e: CompiledEdge, reads: readonly (IrNode | null)[], tangents: Map<string, Tensor>, directions: DirectionSource, step: number, k: number, batch: number, temporaries: Tensor[]): TangentOperand[] {
    const program = executor.program;
    const kinds = executor.tangentKinds(e);
    let wordAt = wordsAfter(tangentScratch(e, edgeShapes(e, batch), kinds).f64);
    const words = executor.env.scratch.words;
    return reads.map((node): TangentOperand => {
        if (node === null) return null;
        if (node.role !== 'param') return { kind: 'tensor', tensor: tangents.get(node.name)! };
        const param = program.paramIndex.get(node.name)!;
        const size = node.shape.reduce((a, b) => a * b, 1);
        const count = directionWords(size);
        if (!acceptsDirections(e)) {
            const tensor = executor.allocateValue(node, batch, 'tangent');
            const format = tensor.format;
            for (let i = 0; i < size; i++) {
                const w = i >>> 5;
                const bit = i & 31;
                const masked = ((directions.maskWord(step, k, param, w) >>> bit) & 1) === 0;
                const negative = ((directions.signWord(step, k, param, w) >>> bit) & 1) === 1;
                tensor.data[i] = format.encode(masked ? 0 : negative ? -1 : 1) as number;
            }
            temporaries.push(tensor);
            return { kind: 'tensor', tensor };
        }
        const signsAt = wordAt;
        for (let w = 0; w < count; w++) words[signsAt + w] = directions.signWord(step, k, param, w);
        wordAt += count;
        let maskAt = 0;
        if (directions.masked) {
            maskAt = wordAt;
            for (let w = 0; w < count; w++) words[maskAt + w] = directions.maskWord(step, k, param, w);
            wordAt += count;
        }
        const operand: DirectionOperand = { kind: 'direction', signs: words, signsAt, mask: directions.masked ? words : null, maskAt };
        return operand;
    });
}

/** Hands each parameter's forward gradient Σ_k L̇_k·v_k(i) to `sink`: exact and rounded once with `quire`. */
export function applyForwardGradient(executor: Executor, directions: DirectionSource, step: number, derivatives: Float64Array, sink: GradientSink): void {
    const program = executor.program;
    const K = derivatives.length;
    const blockWords = executor.allocator.int32(2 * K, 'tangent', 'direction block');
    try {
        program.params.forEach((node, param) => {
            const acc = executor.env.accumulation(program.formatOf(node)!);
            let block = -1;
            const component = (k: number, bit: number): number => {
                if (((blockWords[2 * k + 1]! >>> bit) & 1) === 0) return 0;
                return ((blockWords[2 * k]! >>> bit) & 1) === 1 ? -1 : 1;
            };
            sink(param, (i) => {
                const w = i >>> 5;
                if (w !== block) {
                    block = w;
                    for (let k = 0; k < K; k++) {
                        blockWords[2 * k] = directions.signWord(step, k, param, w);
                        blockWords[2 * k + 1] = directions.maskWord(step, k, param, w);
                    }
                }
                const bit = i & 31;
                if (K === 1) return component(0, bit) * derivatives[0]!;
                if (acc.mode === 'rounded') {
                    let running = acc.emptySum;
                    for (let k = 0; k < K; k++) running = acc.add(running, component(k, bit) * derivatives[k]!);
                    return running;
                }
                let sum = 0;
                let magnitude = 0;
                for (let k = 0; k < K; k++) {
                    const term = component(k, bit) * derivatives[k]!;
                    sum += term;
                    magnitude += Math.abs(term);
                }
                const value = acc.exactProducts ? acc.certify(sum, magnitude, K) : NaN;
                if (value === value) return value;
                acc.quire.clear();
                for (let k = 0; k < K; k++) acc.quire.addValue(component(k, bit) * derivatives[k]!);
                return acc.format.decode(acc.quire.round());
            });
        });
    } finally {
        executor.allocator.free(blockWords);
    }
}
