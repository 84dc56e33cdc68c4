// An executor runs one Program in one mode (inference, backprop or forward-gradient training)
// against one tracked allocator. It owns what lives for the whole run — parameters, constants, the
// kernel scratch arena and the quires — and the per-step lifetimes follow docs/memory.md exactly:
// a value is allocated when its edge runs and freed right after its last reader, unless the mode
// keeps it (outputs until the metrics are read, the tape until backward, tangents beside their
// primal). The step algorithms live in inference.ts, autodiff/backprop.ts and
// autodiff/forward-gradient.ts.
import type { NumericFormat } from '../numeric/format.js';
import type { IrNode } from '../ir/types.js';
import type { TrackedAllocator } from '../memory/allocator.js';
import { allocateTensor, freeTensor, type Tensor } from '../tensor/tensor.js';
import type { Accumulation } from '../kernels/accumulation.js';
import { Scratch, scratchBytes, type ScratchNeed } from '../kernels/scratch.js';
import { directionWords } from '../random/direction-bits.js';
import { backwardScratch, edgeShapes, forwardScratch, tangentScratch, type KernelEnv } from './op-rules.js';
import type { CompiledEdge, Program } from './program.js';
import type { TangentOperand } from '../kernels/matmul-tangent.js';

/** How an executor uses its program. */
export type ExecutionMode = 'inference' | 'backprop' | 'forward';

/** One batch of data, its tensors allocated through the executor's allocator as activations. */
export interface Batch {
    readonly size: number;
    /** Values of `input` and numeric `target` nodes, by node name (the executor frees them). */
    readonly values: Map<string, Tensor>;
    /** Class labels of `class(N)` target nodes, by node name (freed at the end of the step). */
    readonly labels: Map<string, Int32Array>;
}

/** Called with the outputs of a step's forward pass before they are freed. */
export type OutputsReader = (outputs: ReadonlyMap<string, Tensor>, batch: Batch) => void;

/** A NaR or non-finite value found during a step. */
export interface NumericFault {
    /** The IR node whose value holds NaR (or the loss, when the loss is not finite). */
    readonly node: string;
    readonly message: string;
}

/** What a step returns. */
export interface StepOutcome {
    /** The batch's mean loss (float64; NaN in inference). */
    readonly loss: number;
    readonly fault?: NumericFault;
}

/** Executes a Program; one per worker, per mode. */
export class Executor {
    readonly env: KernelEnv;
    /** Parameter tensors, in `program.params` order. */
    readonly params: Tensor[] = [];
    readonly constants = new Map<string, Tensor>();
    readonly accumulations: Map<NumericFormat, Accumulation>;
    /** Scratch need of every scheduled edge in this mode (for docs/tests: the arena is their maximum). */
    readonly scratchNeeds: { edge: string; need: ScratchNeed }[] = [];
    private readonly arena: ArrayBuffer;
    private readonly quireHandles: object[] = [];

    constructor(readonly program: Program, readonly allocator: TrackedAllocator, readonly mode: ExecutionMode, readonly maxBatch: number, readonly maskedDirections = false) {
        this.accumulations = program.createAccumulations();
        let arenaBytes = 0;
        const schedule = program.schedule(mode === 'inference' ? 'inference' : 'training');
        for (const edge of schedule.edges) {
            const e = program.compiled(edge);
            const need = this.scratchNeedOf(e);
            this.scratchNeeds.push({ edge: e.edge.target, need });
            arenaBytes = Math.max(arenaBytes, scratchBytes(need));
        }
        this.arena = allocator.arena(arenaBytes, 'quire', 'kernel scratch arena');
        const scratch = new Scratch(this.arena);
        for (const [format, acc] of this.accumulations) {
            const handle = { quire: acc.quire };
            allocator.track(handle, Math.ceil(format.quireBits / 8), 'quire', `${format.shortName} quire`);
            this.quireHandles.push(handle);
        }
        const labelsOfBatch = new Map<string, Int32Array>();
        this.currentLabels = labelsOfBatch;
        const accumulations = this.accumulations;
        this.env = {
            accumulation: (format) => accumulations.get(format)!,
            scratch,
            allocator,
            labels: (node: IrNode) => {
                const labels = this.currentLabels.get(node.name);
                if (labels === undefined) throw new Error(`no labels for ${node.name} in this batch`);
                return labels;
            },
            lossValue: NaN,
            lossRows: undefined,
            lossDerivative: undefined
        };
        for (const node of program.graph.nodes) {
            if (node.role !== 'constant') continue;
            const format = program.formatOf(node)!;
            const tensor = allocateTensor(allocator, format, node.shape, 'param', node.name);
            tensor.data.fill(format.encode(node.value ?? 0) as number);
            this.constants.set(node.name, tensor);
        }
    }

    /** Allocates every parameter tensor (zero-filled, `param` class); call once before a step. */
    allocateParams(): Tensor[] {
        if (this.params.length === 0) {
            for (const node of this.program.params) this.params.push(allocateTensor(this.allocator, this.program.formatOf(node)!, node.shape, 'param', node.name));
        }
        return this.params;
    }

    /** Labels of the batch being run (set by the step functions). */
    currentLabels: Map<string, Int32Array>;

    /** Scratch bytes of the arena (the largest need of any kernel this mode runs). */
    get arenaBytes(): number {
        return this.arena.byteLength;
    }

    /** The parameter tensor of a param node. */
    param(name: string): Tensor {
        return this.params[this.program.paramIndex.get(name)!]!;
    }

    /** Allocates the value of a node for a batch size in a lifetime class. */
    allocateValue(node: IrNode, batch: number, memoryClass: 'activation' | 'tape' | 'tangent' | 'gradient'): Tensor {
        const shape = node.batched ? [batch, ...node.shape] : node.shape;
        return allocateTensor(this.allocator, this.program.formatOf(node)!, shape, memoryClass, node.name);
    }

    /** Releases a tensor. */
    free(tensor: Tensor): void {
        freeTensor(this.allocator, tensor);
    }

    /** Releases a batch's remaining tensors and labels. */
    releaseBatch(batch: Batch): void {
        for (const tensor of batch.values.values()) if (this.allocator.isLive(tensor.data)) this.free(tensor);
        for (const labels of batch.labels.values()) if (this.allocator.isLive(labels)) this.allocator.free(labels);
    }

    /** The first NaR / non-finite value of a tensor, as a fault naming the node; undefined if none. */
    faultIn(tensor: Tensor, node: string): NumericFault | undefined {
        const format = tensor.format;
        if (format.family !== 'ieee') {
            const at = (tensor.data as Uint8Array | Uint16Array | Uint32Array).indexOf(format.nar as number);
            return at < 0 ? undefined : { node, message: `NaR in ${node} (element ${at})` };
        }
        const data = tensor.data;
        for (let i = 0; i < tensor.size; i++) {
            const value = format.decode(data[i]!);
            if (!Number.isFinite(value)) return { node, message: `${value} in ${node} (element ${i})` };
        }
        return undefined;
    }

    /** Releases everything the executor holds for the run. */
    dispose(): void {
        for (const tensor of this.params) if (this.allocator.isLive(tensor.data)) this.free(tensor);
        for (const tensor of this.constants.values()) this.free(tensor);
        for (const handle of this.quireHandles) this.allocator.free(handle);
        this.allocator.free(this.arena);
    }

    /** Words needed by a parameter's direction (sign words, and mask words when masked). */
    directionWordsOf(node: IrNode): number {
        const size = node.shape.reduce((a, b) => a * b, 1);
        return directionWords(size) * (this.maskedDirections ? 2 : 1);
    }

    /**
     * Tangent operand kinds of an edge's sources in forward mode, for scratch sizing only: the
     * operands are placeholders (empty sign words, an empty tensor) — sizes come from the geometry.
     */
    tangentKinds(e: CompiledEdge): TangentOperand[] {
        const placeholder = new Uint32Array(0);
        return e.sources.map((source): TangentOperand => {
            if (source.role === 'param') return { kind: 'direction', signs: placeholder, signsAt: 0, mask: null, maskAt: 0 };
            if (!this.program.dependsOnParams.has(source.name)) return null;
            return { kind: 'tensor', tensor: { shape: [], size: 0, format: e.format, data: new Uint8Array(0) } };
        });
    }

    // The scratch of an edge in this mode: the largest of its rules' needs.
    private scratchNeedOf(e: CompiledEdge): ScratchNeed {
        const shapes = edgeShapes(e, this.maxBatch);
        let need = forwardScratch(e, shapes);
        const max = (other: ScratchNeed): void => {
            if (scratchBytes(other) > scratchBytes(need)) need = other;
        };
        if (this.mode === 'backprop' && !e.fusedIntoLoss) {
            const wants = e.sources.map((s) => this.program.dependsOnParams.has(s.name));
            if (wants.some((w) => w)) max(backwardScratch(e, shapes, wants));
        }
        if (this.mode === 'forward' && !e.fusedIntoLoss && this.program.dependsOnParams.has(e.target.name)) {
            const kinds = this.tangentKinds(e);
            const f64 = tangentScratch(e, shapes, kinds);
            const words = e.sources.filter((s) => s.role === 'param').reduce((sum, s) => sum + this.directionWordsOf(s), 0);
            max({ f64: f64.f64, words: f64.words + words });
        }
        return need;
    }
}
