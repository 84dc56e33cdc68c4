// A graph prepared for execution: formats resolved, structure validated, edges bound to their
// rules, and the static facts every mode needs (which values depend on the parameters, which
// softmax/cross-entropy pairs fuse). A Program holds no tensors and no global state: any number of
// executors (one per worker) can run the same Program.
import { parseFormat } from '../numeric/index.js';
import type { NumericFormat } from '../numeric/format.js';
import type { IrEdge, IrGraph, IrNode } from '../ir/types.js';
import { scheduleFor, type Schedule } from '../ir/schedule.js';
import { lossOps } from '../ir/shapes.js';
import { validateGraph, type IrProblem } from '../ir/validate.js';
import { isExecutableFormat } from '../tensor/tensor.js';
import { Accumulation, type AccumulateMode } from '../kernels/accumulation.js';
import { gaOps } from '../ga/ir-edges.js';

/** An edge with its resolved nodes and format. */
export interface CompiledEdge {
    /** Position in `graph.edges`. */
    readonly index: number;
    readonly edge: IrEdge;
    readonly sources: readonly IrNode[];
    readonly target: IrNode;
    /** The target's numeric format (every numeric source shares it). */
    readonly format: NumericFormat;
    /** A softmax whose only reader is a cross_entropy: it has no gradient or tangent rule of its own. */
    readonly fusedIntoLoss: boolean;
    /** For cross_entropy over a fused softmax: the softmax's input, which the loss differentiates. */
    readonly fusedSoftmaxInput?: IrNode;
}

const implementedOps = new Set<string>(['matmul', 'add', 'sub', 'mul', 'div', 'neg', 'max', 'min', 'relu', 'tanh', 'sigmoid', 'exp', 'log', 'sqrt', 'abs', 'sin', 'cos', 'pow', 'softmax', 'sum', 'mean', 'mse', 'cross_entropy', ...gaOps]);

/** A validated graph bound to formats and rules. */
export class Program {
    readonly nodes: ReadonlyMap<string, IrNode>;
    readonly edges: readonly CompiledEdge[];
    /** Parameters in graph order; their index keys directions and checkpoints. */
    readonly params: readonly IrNode[];
    readonly paramIndex: ReadonlyMap<string, number>;
    /** Values that depend on some parameter (they have gradients and tangents). */
    readonly dependsOnParams: ReadonlySet<string>;
    readonly accumulate: AccumulateMode;
    private readonly formats: ReadonlyMap<string, NumericFormat>;
    private readonly schedules = new Map<string, Schedule>();
    private readonly byEdge: ReadonlyMap<IrEdge, CompiledEdge>;

    private constructor(readonly graph: IrGraph, accumulate: AccumulateMode, formats: Map<string, NumericFormat>) {
        this.accumulate = accumulate;
        this.formats = formats;
        this.nodes = new Map(graph.nodes.map((node) => [node.name, node]));
        this.params = graph.nodes.filter((node) => node.role === 'param');
        this.paramIndex = new Map(this.params.map((node, i) => [node.name, i]));
        const depends = new Set(this.params.map((node) => node.name));
        for (const edge of graph.edges) if (edge.sources.some((s) => depends.has(s))) depends.add(edge.target);
        this.dependsOnParams = depends;
        const readers = new Map<string, IrEdge[]>();
        for (const edge of graph.edges) for (const s of edge.sources) readers.set(s, [...(readers.get(s) ?? []), edge]);
        const producer = new Map(graph.edges.map((edge) => [edge.target, edge]));
        this.edges = graph.edges.map((edge, index) => {
            const target = this.nodes.get(edge.target)!;
            const sources = edge.sources.map((s) => this.nodes.get(s)!);
            const onlyReader = readers.get(edge.target);
            const fusedIntoLoss = edge.op === 'softmax' && onlyReader?.length === 1 && onlyReader[0]!.op === 'cross_entropy' && onlyReader[0]!.sources[0] === edge.target;
            const softmax = edge.op === 'cross_entropy' ? producer.get(edge.sources[0]!) : undefined;
            const fusedSoftmaxInput = softmax?.op === 'softmax' && readers.get(softmax.target)?.length === 1 ? this.nodes.get(softmax.sources[0]!) : undefined;
            return { index, edge, sources, target, format: formats.get(target.format)!, fusedIntoLoss, ...(fusedSoftmaxInput !== undefined ? { fusedSoftmaxInput } : {}) };
        });
        this.byEdge = new Map(this.edges.map((e) => [e.edge, e]));
    }

    /** Validates and prepares a graph, or returns why it cannot run. */
    static compile(graph: IrGraph, accumulate: AccumulateMode): Program | { readonly problems: IrProblem[] } {
        const formats = new Map<string, NumericFormat>();
        const unusable = new Set<string>();
        const problems: IrProblem[] = [];
        for (const node of graph.nodes) {
            if (node.format.startsWith('class(') || formats.has(node.format) || unusable.has(node.format)) continue;
            const format = parseFormat(node.format);
            if (format === undefined || !isExecutableFormat(format)) unusable.add(node.format);
            if (format === undefined) problems.push({ message: `unknown format ${node.format}`, node: node.name });
            else if (!isExecutableFormat(format)) problems.push({ message: `${format.name} tensors are not supported by the engine yet: their 64-bit patterns need BigInt arrays the kernels do not take (the format itself works in phg num); use a 32-bit format such as posit<32> or bposit<32>`, node: node.name });
            else formats.set(node.format, format);
        }
        // Said once per format: the checks below would repeat it for every node of that format.
        if (problems.length > 0) return { problems };
        problems.push(...validateGraph(graph, (name) => formats.get(name)?.bytes));
        const nodes = new Map(graph.nodes.map((node) => [node.name, node]));
        for (const edge of graph.edges) {
            if (!implementedOps.has(edge.op)) problems.push({ message: `operation ${edge.op} is not executable yet`, node: edge.target });
            const target = nodes.get(edge.target);
            if (target === undefined) continue;
            if (lossOps.has(edge.op) !== (target.role === 'loss')) problems.push({ message: `${edge.target}: only a loss node may be computed by ${edge.op}, and a loss only by mse or cross_entropy`, node: edge.target });
            for (const source of edge.sources) {
                const node = nodes.get(source);
                if (node === undefined || node.format.startsWith('class(')) continue;
                if (node.format !== target.format) problems.push({ message: `${edge.target} (${target.format}) reads ${source} in another format (${node.format}); convert explicitly`, node: edge.target });
            }
            if (edge.op === 'cross_entropy' && !nodes.get(edge.sources[1] ?? '')?.format.startsWith('class(')) {
                problems.push({ message: `${edge.target}: cross_entropy needs class labels as its second operand`, node: edge.target });
            }
        }
        if (problems.length > 0) return { problems };
        return new Program(graph, accumulate, formats);
    }

    /** The numeric format of a node (undefined for class labels). */
    formatOf(node: IrNode): NumericFormat | undefined {
        return this.formats.get(node.format);
    }

    /** Every numeric format the program uses. */
    allFormats(): NumericFormat[] {
        return [...this.formats.values()];
    }

    /** Creates one accumulation per format (per executor: they carry a quire and counters). */
    createAccumulations(): Map<NumericFormat, Accumulation> {
        return new Map(this.allFormats().map((format) => [format, new Accumulation(format, this.accumulate)]));
    }

    /** The edges of inference (the outputs) or of training (the loss and the outputs). */
    schedule(mode: 'inference' | 'training'): Schedule {
        let schedule = this.schedules.get(mode);
        if (schedule === undefined) {
            const targets = mode === 'training' && this.graph.loss !== undefined ? [...this.graph.outputs, this.graph.loss] : this.graph.outputs;
            schedule = scheduleFor(this.graph, targets);
            this.schedules.set(mode, schedule);
        }
        return schedule;
    }

    /** The compiled form of a graph edge. */
    compiled(edge: IrEdge): CompiledEdge {
        return this.byEdge.get(edge)!;
    }
}
