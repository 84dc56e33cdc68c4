// What a run keeps across the shards of one update (the micro-batches of gradient accumulation, the
// slices of a batch on data-parallel workers), and how it becomes the update.
//
// - backprop, `accumulate quire`: one quire per parameter element (a QuireArray per parameter). The
//   shards' gradient rules add their exact terms (param-deposits.ts); the update rounds each element
//   once — bit-identical to one batch of every shard's rows, whatever the split.
// - forward(K), `accumulate quire`: one quire per tangent. The update is Σ_k L̇_k v_k with the same
//   directions for every shard (keyed by the update's step), and L̇_k is linear in the samples, so the
//   shards add their exact L̇_k terms and the update rounds each L̇_k once — again the one-batch result.
//   (Summing each shard's rounded Σ_k L̇_k v_k per parameter would not be.)
// - `accumulate rounded`: each shard's rounded gradient (or L̇_k) is added with one rounding per add,
//   in shard order. The result depends on how the update was split: docs/training.md shows how much.
//
// The state lives in ArrayBuffers that a worker transfers to the main thread and gets back, so
// threads never share mutable memory.
import type { NumericFormat } from '../numeric/format.js';
import { parseFormat } from '../numeric/index.js';
import type { IrGraph, IrNode } from '../ir/types.js';
import { elementCount } from '../ir/shapes.js';
import type { TrackedAllocator } from '../memory/allocator.js';
import type { Executor, NumericFault } from '../exec/executor.js';
import type { Program } from '../exec/program.js';
import { Accumulation, type AccumulateMode } from '../kernels/accumulation.js';
import { QuireArray, quireArrayBytes } from '../kernels/quire-array.js';
import type { BackpropShard, GradientSink } from '../autodiff/backprop.js';
import type { ForwardShard } from '../autodiff/forward-gradient.js';
import { applyForwardGradient } from '../autodiff/forward-gradient.js';
import type { DirectionSource } from '../autodiff/directions.js';
import type { Optimizer } from '../optim/optimizer.js';

/** One accumulated tensor: a parameter (backprop) or the K directional derivatives (forward). */
interface Slot {
    readonly format: NumericFormat;
    readonly size: number;
    /** Parameter name, or the loss's name for the derivatives. */
    readonly name: string;
}

/** The slots of a graph in a gradient mode (formats resolved by name). */
function slotsOf(graph: IrGraph, gradient: 'backprop' | 'forward', tangents: number): Slot[] {
    const formatOf = (node: IrNode): NumericFormat => {
        const format = parseFormat(node.format);
        if (format === undefined) throw new Error(`accumulator: unknown format ${node.format}`);
        return format;
    };
    if (gradient === 'backprop') return graph.nodes.filter((node) => node.role === 'param').map((node) => ({ format: formatOf(node), size: elementCount(node.shape), name: node.name }));
    const loss = graph.nodes.find((node) => node.name === graph.loss)!;
    return [{ format: formatOf(loss), size: tangents, name: loss.name }];
}

/**
 * Bytes of one accumulator for a graph: one quire per element (quire: per parameter element with
 * backprop, per tangent with forward) or one float64 per element (rounded). The memory planner
 * (language/memory) counts the same bytes.
 */
export function accumulatorBytes(graph: IrGraph, gradient: 'backprop' | 'forward', tangents: number, mode: AccumulateMode): number {
    return slotsOf(graph, gradient, tangents).reduce((sum, slot) => sum + (mode === 'quire' ? quireArrayBytes(slot.format, slot.size) : 8 * slot.size), 0);
}

/** The accumulated state of an update's shards. */
export class UpdateAccumulator {
    private readonly slots: Slot[];
    /** Rounding services per slot (`rounded` only). */
    private readonly accumulations: Accumulation[];
    private exact: QuireArray[] = [];
    private rounded: Float64Array[] = [];
    private readonly handle = {};

    /** Fresh, zeroed state (tracked in `allocator` as `quire` or, rounded, `gradient`), or views over transferred `buffers`. */
    constructor(program: Program, readonly gradient: 'backprop' | 'forward', tangents: number, readonly mode: AccumulateMode, private readonly allocator?: TrackedAllocator, buffers?: readonly ArrayBuffer[]) {
        this.slots = slotsOf(program.graph, gradient, tangents);
        const byFormat = new Map<NumericFormat, Accumulation>();
        this.accumulations = mode === 'rounded' ? this.slots.map((slot) => byFormat.get(slot.format) ?? byFormat.set(slot.format, new Accumulation(slot.format, mode)).get(slot.format)!) : [];
        this.adopt(buffers);
        if (allocator !== undefined) {
            const bytes = accumulatorBytes(program.graph, gradient, tangents, mode);
            allocator.track(this.handle, bytes, mode === 'quire' ? 'quire' : 'gradient', mode === 'quire' ? 'gradient quires (accumulation)' : 'gradient sums (accumulation)');
        }
        if (buffers === undefined) this.clear();
    }


    /** An accumulator that holds no buffers until slots are adopted (the main thread's view of a worker's). */
    static withoutStorage(program: Program, gradient: 'backprop' | 'forward', tangents: number, mode: AccumulateMode): UpdateAccumulator {
        return new UpdateAccumulator(program, gradient, tangents, mode, undefined, []);
    }

    /** The state's buffers, to transfer to another thread (this accumulator must not be used until `adopt`). */
    get buffers(): ArrayBuffer[] {
        return this.mode === 'quire' ? this.exact.map((array) => array.buffer) : this.rounded.map((array) => array.buffer as ArrayBuffer);
    }

    /** Takes (back) ownership of transferred buffers, or allocates fresh ones (none for an empty list). */
    adopt(buffers?: readonly ArrayBuffer[]): void {
        if (buffers !== undefined && buffers.length === 0) {
            this.exact = [];
            this.rounded = [];
            return;
        }
        if (this.mode === 'quire') this.exact = this.slots.map((slot, i) => new QuireArray(slot.format, slot.size, buffers?.[i]));
        else this.rounded = this.slots.map((slot, i) => (buffers !== undefined ? new Float64Array(buffers[i]!) : new Float64Array(slot.size)));
    }

    /** Number of slots: one per parameter (backprop), one for the K derivatives (forward). */
    get slotCount(): number {
        return this.slots.length;
    }

    /** One slot's buffer, to transfer (the slot must not be used until `adoptSlot`). */
    slotBuffer(slot: number): ArrayBuffer {
        return this.mode === 'quire' ? this.exact[slot]!.buffer : this.rounded[slot]!.buffer as ArrayBuffer;
    }

    /** Takes ownership of one slot's transferred buffer. */
    adoptSlot(slot: number, buffer: ArrayBuffer): void {
        const { format, size } = this.slots[slot]!;
        if (this.mode === 'quire') this.exact[slot] = new QuireArray(format, size, buffer);
        else this.rounded[slot] = new Float64Array(buffer);
    }

    /** Starts a new update: every element zero. */
    clear(): void {
        for (const array of this.exact) array.clear();
        this.rounded.forEach((array, i) => array.fill(this.accumulations[i]!.emptySum));
    }

    /**
     * The hooks of a backprop shard: exact deposits (quire) or a sink adding rounded gradients;
     * `completed(p)` is told when parameter p's share of this shard is in (the last shard's tells
     * a worker it may send that slot while backward goes on).
     */
    backpropShard(updateRows: number, completed?: (param: number) => void): { shard: BackpropShard; sink: GradientSink } {
        if (this.mode === 'quire') return { shard: { updateRows, banks: this.exact, ...(completed !== undefined ? { completed } : {}) }, sink: () => undefined };
        return { shard: { updateRows }, sink: (p, g) => { this.addRounded(p, g); completed?.(p); } };
    }

    /** The hooks of a forward-gradient shard. */
    forwardShard(updateRows: number): ForwardShard {
        if (this.mode === 'quire') return { updateRows, derivatives: this.exact[0]! };
        return { updateRows, roundedDerivative: (k, value) => this.addRoundedAt(0, k, value) };
    }

    /** Adds another accumulator's state (the same program and settings): exactly, or one rounding per add. */
    merge(other: UpdateAccumulator): void {
        for (let slot = 0; slot < this.slots.length; slot++) this.mergeSlot(slot, other);
    }

    /** Adds one slot of another accumulator. */
    mergeSlot(slot: number, other: UpdateAccumulator): void {
        if (this.mode === 'quire') {
            this.exact[slot]!.addArray(other.exact[slot]!);
            return;
        }
        const array = this.rounded[slot]!;
        const source = other.rounded[slot]!;
        for (let i = 0; i < array.length; i++) this.addRoundedAt(slot, i, source[i]!);
    }

    /**
     * Applies the update: each parameter's accumulated gradient to the optimizer (backprop), or
     * Σ_k L̇_k v_k with the accumulated L̇_k (forward). A NaR or non-finite value is a fault.
     */
    apply(optimizer: Optimizer, executor: Executor, directions: DirectionSource, step: number): NumericFault | undefined {
        for (let slot = 0; slot < this.slots.length; slot++) {
            const fault = this.applySlot(slot, optimizer, executor, directions, step);
            if (fault !== undefined) return fault;
        }
        return undefined;
    }

    /** Applies one slot: its parameter's update (backprop), or the whole forward update (forward). */
    applySlot(slot: number, optimizer: Optimizer, executor: Executor, directions: DirectionSource, step: number): NumericFault | undefined {
        const name = this.slots[slot]!.name;
        if (this.gradient === 'forward') {
            const derivatives = new Float64Array(this.slots[slot]!.size);
            for (let k = 0; k < derivatives.length; k++) {
                derivatives[k] = this.valueAt(slot, k);
                if (!Number.isFinite(derivatives[k]!)) return { node: name, message: `directional derivative is ${derivatives[k]}` };
            }
            applyForwardGradient(executor, directions, step, derivatives, (p, g) => optimizer.update(p, g));
            return undefined;
        }
        let bad = -1;
        optimizer.update(slot, (i) => {
            const value = this.valueAt(slot, i);
            if (!Number.isFinite(value) && bad < 0) bad = i;
            return value;
        });
        return bad >= 0 ? { node: `∂loss/∂${name}`, message: `${this.valueAt(slot, bad)} in ∂loss/∂${name} (element ${bad})` } : undefined;
    }

    /** Stops tracking the state's bytes. */
    dispose(): void {
        if (this.allocator?.isLive(this.handle) === true) this.allocator.free(this.handle);
    }

    /** Element i of slot `slot`, rounded to its format (NaN for NaR). */
    valueAt(slot: number, i: number): number {
        return this.mode === 'quire' ? this.exact[slot]!.roundValue(i) : this.rounded[slot]![i]!;
    }

    private addRounded(p: number, gradient: (i: number) => number): void {
        const array = this.rounded[p]!;
        for (let i = 0; i < array.length; i++) this.addRoundedAt(p, i, gradient(i));
    }

    private addRoundedAt(slot: number, i: number, value: number): void {
        const array = this.rounded[slot]!;
        array[i] = this.accumulations[slot]!.add(array[i]!, value);
    }
}
