// A memory planner written from docs/memory.md alone (not from the engine's executors): it replays
// the documented allocation events for one step on top of the documented floor. The test that
// compares it with the allocator's measurements is what makes the document precise enough for the
// editor's planner (issue 5) to reproduce the engine's numbers.
import { parseFormat } from '../../../../engine/numeric/index.js';
import { scheduleFor } from '../../../../engine/ir/schedule.js';
import type { IrEdge, IrGraph, IrNode, LifetimeClass } from '../../../../engine/ir/types.js';

/** What to plan. */
export interface PlanInput {
    readonly graph: IrGraph;
    readonly mode: 'inference' | 'backprop' | 'forward';
    readonly batch: number;
    /** Optimizer state tensors per parameter (SGD momentum: 1). */
    readonly statePerParam?: number;
    readonly stateFormat?: string;
    readonly tangents?: number;
    /** Whether the batch carries the targets (training always; inference on labelled data). */
    readonly withTargets: boolean;
}

/** A planned peak and its breakdown. */
export interface Plan {
    readonly peak: number;
    readonly byClass: Record<LifetimeClass, number>;
}

type Classes = Record<LifetimeClass, number>;
const zero = (): Classes => ({ param: 0, state: 0, activation: 0, tape: 0, tangent: 0, gradient: 0, quire: 0, data: 0 });
const count = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);
const unaryOutputReaders = new Set(['relu', 'exp', 'sqrt', 'tanh', 'sigmoid']);
const unaryInputReaders = new Set(['abs', 'log', 'sin', 'cos', 'pow']);
const binary = new Set(['add', 'sub', 'mul', 'div', 'max', 'min']);

/** Plans the peak of one mode from the documented policy. */
export function documentedPlan(input: PlanInput): Plan {
    const { graph, batch } = input;
    const nodes = new Map(graph.nodes.map((n) => [n.name, n]));
    const bytesOf = (n: IrNode, b = batch): number => (n.format.startsWith('class(') ? 4 : parseFormat(n.format)!.bytes) * count(n.shape) * (n.batched ? b : 1);
    const depends = new Set(graph.nodes.filter((n) => n.role === 'param').map((n) => n.name));
    for (const e of graph.edges) if (e.sources.some((s) => depends.has(s))) depends.add(e.target);
    const readers = new Map<string, IrEdge[]>();
    for (const e of graph.edges) for (const s of e.sources) readers.set(s, [...(readers.get(s) ?? []), e]);
    const fused = (e: IrEdge): boolean => e.op === 'softmax' && readers.get(e.target)?.length === 1 && readers.get(e.target)![0]!.op === 'cross_entropy' && readers.get(e.target)![0]!.sources[0] === e.target;
    const softmaxInput = (e: IrEdge): IrNode | undefined => {
        if (e.op !== 'cross_entropy') return undefined;
        const producer = graph.edges.find((p) => p.target === e.sources[0]);
        return producer !== undefined && fused(producer) ? nodes.get(producer.sources[0]!) : undefined;
    };
    const training = input.mode !== 'inference';
    const schedule = scheduleFor(graph, training && graph.loss !== undefined ? [...graph.outputs, graph.loss] : graph.outputs);
    const edges = schedule.edges;

    // ---- the floor
    const floor = zero();
    const formats = new Set(graph.nodes.filter((n) => !n.format.startsWith('class(')).map((n) => n.format));
    floor.quire += arena(input, edges, nodes, depends, fused, batch);
    for (const f of formats) floor.quire += Math.ceil(parseFormat(f)!.quireBits / 8);
    for (const n of graph.nodes) if (n.role === 'param' || n.role === 'constant') floor.param += bytesOf(n);
    if (training) {
        const stateFormat = input.stateFormat ?? graph.nodes.find((n) => n.role === 'param')!.format;
        const stateBytes = parseFormat(stateFormat)!.bytes;
        for (const n of graph.nodes) if (n.role === 'param') floor.state += (input.statePerParam ?? 0) * stateBytes * count(n.shape);
        if (!formats.has(parseFormat(stateFormat)!.name)) floor.quire += Math.ceil(parseFormat(stateFormat)!.quireBits / 8);
    }

    // ---- the step: a replay of the documented events
    const live = { ...floor };
    let peak = 0;
    let peakByClass = { ...live };
    const held = new Map<string, { cls: LifetimeClass; bytes: number }>();
    const alloc = (key: string, cls: LifetimeClass, bytes: number): void => {
        held.set(key, { cls, bytes });
        live[cls] += bytes;
        const total = Object.entries(live).filter(([c]) => c !== 'data').reduce((s, [, v]) => s + v, 0);
        if (total > peak) {
            peak = total;
            peakByClass = { ...live };
        }
    };
    const free = (key: string): void => {
        const h = held.get(key);
        if (h === undefined) return;
        live[h.cls] -= h.bytes;
        held.delete(key);
    };
    const isLeaf = (n: IrNode): boolean => n.role === 'param' || n.role === 'constant';
    const batchNodes = graph.nodes.filter((n) => n.role === 'input' || (input.withTargets && n.role === 'target'));
    const outputs = new Set(graph.outputs);

    if (input.mode === 'inference') {
        for (const n of batchNodes) alloc(n.name, 'activation', bytesOf(n));
        edges.forEach((e, i) => {
            alloc(e.target, 'activation', bytesOf(nodes.get(e.target)!));
            for (const s of e.sources) if (schedule.lastUse.get(s) === i && !outputs.has(s) && !isLeaf(nodes.get(s)!)) free(s);
        });
    } else if (input.mode === 'backprop') {
        const reachesLoss = new Set([graph.loss!]);
        for (let i = edges.length - 1; i >= 0; i--) if (reachesLoss.has(edges[i]!.target)) for (const s of edges[i]!.sources) reachesLoss.add(s);
        const runs = edges.map((e) => !fused(e) && reachesLoss.has(e.target) && depends.has(e.target));
        const gradTargets = edges.map((e, i) => e.sources.map((s, j) => {
            if (!runs[i]) return null;
            const node = j === 0 && softmaxInput(e) !== undefined ? softmaxInput(e)!.name : s;
            return depends.has(node) ? node : null;
        }));
        const tape = new Set<string>();
        const lastReader = new Map<string, number>();
        edges.forEach((e, i) => {
            if (!runs[i]) return;
            const want = gradTargets[i]!.map((t) => t !== null);
            const reads = readsOf(e, want, fused(e));
            const mark = (name: string): void => { tape.add(name); lastReader.set(name, Math.min(lastReader.get(name) ?? i, i)); };
            // Class labels are not tensors: they stay activations for the whole step.
            e.sources.forEach((s, j) => { if (reads.sources[j] && !isLeaf(nodes.get(s)!) && !nodes.get(s)!.format.startsWith('class(')) mark(s); });
            if (reads.target) mark(e.target);
        });
        for (const n of batchNodes) alloc(n.name, !n.format.startsWith('class(') && tape.has(n.name) ? 'tape' : 'activation', bytesOf(n));
        edges.forEach((e, i) => {
            alloc(e.target, tape.has(e.target) ? 'tape' : 'activation', bytesOf(nodes.get(e.target)!));
            for (const s of e.sources) if (schedule.lastUse.get(s) === i && !tape.has(s) && !outputs.has(s) && !isLeaf(nodes.get(s)!) && !nodes.get(s)!.format.startsWith('class(')) free(s);
        });
        for (const o of graph.outputs) if (!tape.has(o)) free(o);
        const contributions = new Map<string, number>();
        for (const list of gradTargets) for (const t of list) if (t !== null) contributions.set(t, (contributions.get(t) ?? 0) + 1);
        const hasGrad = new Set<string>();
        for (let i = edges.length - 1; i >= 0; i--) {
            const e = edges[i]!;
            const isLoss = nodes.get(e.target)!.role === 'loss';
            if (runs[i] && (isLoss || hasGrad.has(e.target))) {
                for (const t of gradTargets[i]!) {
                    if (t === null) continue;
                    if (hasGrad.has(t)) {
                        alloc(`∂${t}+`, 'gradient', bytesOf(nodes.get(t)!));
                        free(`∂${t}+`);
                    } else {
                        alloc(`∂${t}`, 'gradient', bytesOf(nodes.get(t)!));
                        hasGrad.add(t);
                    }
                }
            }
            if (runs[i]) {
                if (hasGrad.has(e.target)) { free(`∂${e.target}`); hasGrad.delete(e.target); }
                for (const t of gradTargets[i]!) {
                    if (t === null || nodes.get(t)!.role !== 'param') continue;
                    const left = contributions.get(t)! - 1;
                    contributions.set(t, left);
                    if (left === 0 && hasGrad.has(t)) { free(`∂${t}`); hasGrad.delete(t); }
                }
            }
            for (const [name, reader] of lastReader) if (reader === i) free(name);
        }
    } else {
        const K = input.tangents ?? 1;
        const carries = edges.map((e) => !fused(e) && depends.has(e.target));
        const tangentOf = edges.map((e, i) => e.sources.map((s, j) => {
            if (!carries[i]) return null;
            const node = j === 0 && softmaxInput(e) !== undefined ? softmaxInput(e)!.name : s;
            return depends.has(node) ? node : null;
        }));
        const tangentLast = new Map<string, number>();
        tangentOf.forEach((list, i) => { for (const t of list) if (t !== null && nodes.get(t)!.role !== 'param') tangentLast.set(t, i); });
        for (const n of batchNodes) alloc(n.name, 'activation', bytesOf(n));
        alloc('L̇', 'tangent', 8 * K);
        const inputs = new Set(batchNodes.map((n) => n.name));
        for (let k = 0; k < K; k++) {
            const last = k === K - 1;
            edges.forEach((e, i) => {
                const target = nodes.get(e.target)!;
                alloc(e.target, 'activation', bytesOf(target));
                if (carries[i]) {
                    alloc(`ṫ${e.target}`, 'tangent', bytesOf(target));
                    const readsBits = e.op === 'matmul' || binary.has(e.op);
                    e.sources.forEach((s) => { if (!readsBits && nodes.get(s)!.role === 'param') { alloc(`dir${s}`, 'tangent', bytesOf(nodes.get(s)!)); } });
                    if (target.role === 'loss') {
                        const differentiated = softmaxInput(e) ?? nodes.get(e.sources[0]!)!;
                        alloc('g', 'tangent', bytesOf(differentiated));
                        free('g');
                    }
                    e.sources.forEach((s) => free(`dir${s}`));
                }
                for (const s of e.sources) {
                    if (schedule.lastUse.get(s) === i && !outputs.has(s) && !isLeaf(nodes.get(s)!) && (last || !inputs.has(s))) free(s);
                    if (tangentLast.get(s) === i) free(`ṫ${s}`);
                }
                const sm = softmaxInput(e);
                if (sm !== undefined && tangentLast.get(sm.name) === i) free(`ṫ${sm.name}`);
            });
            for (const key of [...held.keys()]) if (key !== 'L̇' && (last || !inputs.has(key))) free(key);
        }
        alloc('words', 'tangent', 8 * K);
    }
    return { peak, byClass: peakByClass };
}

function readsOf(e: IrEdge, want: readonly boolean[], isFused: boolean): { sources: boolean[]; target: boolean } {
    const n = e.sources.length;
    const all = (v: boolean): boolean[] => new Array<boolean>(n).fill(v);
    if (isFused) return { sources: all(false), target: false };
    if (e.op === 'matmul' || e.op === 'mul') return { sources: [want[1] === true, want[0] === true], target: false };
    if (['add', 'sub', 'sum', 'mean', 'neg'].includes(e.op)) return { sources: all(false), target: false };
    if (e.op === 'div') return { sources: [false, true], target: want[1] === true };
    if (e.op === 'max' || e.op === 'min') return { sources: all(true), target: false };
    if (unaryOutputReaders.has(e.op) || e.op === 'softmax') return { sources: all(false), target: true };
    if (unaryInputReaders.has(e.op)) return { sources: [true], target: false };
    return { sources: all(true), target: false };
}

// The scratch arena of a mode: the documented needs' maximum, in bytes.
function arena(input: PlanInput, edges: readonly IrEdge[], nodes: ReadonlyMap<string, IrNode>, depends: ReadonlySet<string>, fused: (e: IrEdge) => boolean, batch: number): number {
    let best = 0;
    const bytes = (f: number, w: number): number => 8 * f + 8 * Math.ceil(w / 2);
    for (const e of edges) {
        const src = e.sources.map((s) => nodes.get(s)!);
        const target = nodes.get(e.target)!;
        const needs: number[] = [0];
        let g: { m: number; k: number; n: number; S: number; aB: boolean; bB: boolean } | undefined;
        if (e.op === 'matmul') {
            const [a, b] = src as [IrNode, IrNode];
            g = { m: a.shape.length === 2 ? a.shape[0]! : 1, k: a.shape[a.shape.length - 1]!, n: b.shape.length === 2 ? b.shape[1]! : 1, S: a.batched || b.batched ? batch : 1, aB: a.batched, bB: b.batched };
            needs.push(bytes(g.m * g.k + g.k * g.n + g.n, 0));
        }
        const wants = src.map((s) => depends.has(s.name));
        if (input.mode === 'backprop' && !fused(e) && wants.some((w) => w)) {
            if (g !== undefined) {
                const [a, b] = wants as [boolean, boolean];
                needs.push(bytes(g.S * g.m * g.n + (b ? (g.aB ? g.S : 1) * g.m * g.k : 0) + (a ? (g.bB ? g.S : 1) * g.k * g.n : 0) + (a ? g.S * g.m + g.k : 0) + (b ? g.k + g.n : 0), 0));
            } else if (binary.has(e.op)) {
                const out = count(target.shape) * (target.batched ? batch : 1);
                const reduced = (s: IrNode): number => { const size = count(s.shape) * (s.batched ? batch : 1); return size === out ? 0 : 2 * size; };
                needs.push(bytes(Math.max(reduced(src[0]!), reduced(src[1]!)), 0));
            } else if (e.op === 'softmax') {
                needs.push(bytes(2 * target.shape[target.shape.length - 1]!, 0));
            }
        }
        if (input.mode === 'forward' && !fused(e) && depends.has(e.target)) {
            const words = src.filter((s) => s.role === 'param').reduce((sum, s) => sum + Math.ceil(count(s.shape) / 32), 0);
            let f = 0;
            if (g !== undefined) {
                const kind = (s: IrNode): 'direction' | 'tensor' | null => (s.role === 'param' ? 'direction' : depends.has(s.name) ? 'tensor' : null);
                const [ka, kb] = [kind(src[0]!), kind(src[1]!)];
                f = (kb !== null ? g.m * g.k : 0) + (ka !== null ? g.k * g.n : 0) + (ka === 'tensor' ? g.m * g.k : 0) + (kb === 'tensor' ? g.k * g.n : 0);
            } else if (e.op === 'softmax') {
                f = 2 * target.shape[target.shape.length - 1]!;
            }
            needs.push(bytes(f, words));
        }
        best = Math.max(best, ...needs);
    }
    return best;
}
