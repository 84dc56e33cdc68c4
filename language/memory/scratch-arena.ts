// The kernel scratch arena of a step (docs/memory.md, "The scratch arena"): one buffer sized to the
// largest need of any edge the mode runs, at the train block's batch size. A need is f float64
// values then w 32-bit words, costing 8·f + 8·⌈w/2⌉ bytes.
import { elementCount } from '../../engine/ir/shapes.js';
import type { IrEdge, IrNode } from '../../engine/ir/types.js';
import { binaryElementwise } from './op-memory-rules.js';
import type { GraphFacts } from './graph-facts.js';
import type { ArenaSize, PlannedMode, ScratchRule } from './plan-types.js';

/** Float64 values, then 32-bit words. */
interface ScratchNeed {
    readonly f64: number;
    readonly words: number;
}

/** Instance dimensions of a matmul: A is m×k, B is k×n; s instances (the batch when an operand is batched). */
interface MatmulShape {
    readonly m: number;
    readonly k: number;
    readonly n: number;
    readonly samples: number;
    readonly aBatched: boolean;
    readonly bBatched: boolean;
}

/** Bytes of a need: words start at the first 8-byte boundary after the float64 values. */
function needBytes(need: ScratchNeed): number {
    return 8 * need.f64 + 8 * Math.ceil(need.words / 2);
}

/** The arena a mode allocates for its schedule at `batch`: its bytes, and the edge (target) and rule that size it. */
export function arenaOf(facts: GraphFacts, mode: PlannedMode, batch: number): ArenaSize {
    const schedule = mode === 'inference' ? facts.inference : facts.training;
    let largest = 0;
    let sizedBy: { edge: string; rule: ScratchRule } | undefined;
    const consider = (bytes: number, edge: string, rule: ScratchRule): void => {
        if (bytes <= largest) return;
        largest = bytes;
        sizedBy = { edge, rule };
    };
    for (const edge of schedule?.edges ?? []) {
        consider(needBytes(forwardNeed(facts, edge, batch)), edge.target, 'forward');
        if (mode === 'backprop') consider(needBytes(backwardNeed(facts, edge, batch)), edge.target, 'gradient');
        if (mode === 'forward') consider(needBytes(tangentNeed(facts, edge, batch)), edge.target, 'tangent');
    }
    return sizedBy !== undefined ? { bytes: largest, sizedBy } : { bytes: largest };
}

// Geometric-algebra edges decode whole operands at the batch size (engine/ga/memory-rules.ts).
function forwardNeed(facts: GraphFacts, edge: IrEdge, batch: number): ScratchNeed {
    const ga = facts.gaMemory(edge);
    if (ga !== undefined) return { f64: ga.forwardScratch(batch), words: 0 };
    if (edge.op !== 'matmul') return { f64: 0, words: 0 };
    const g = matmulShape(facts, edge, 1);
    return { f64: g.m * g.k + g.k * g.n + g.n, words: 0 };
}

// The gradient rule's need, for an edge with some operand that wants a gradient (not a fused softmax).
function backwardNeed(facts: GraphFacts, edge: IrEdge, batch: number): ScratchNeed {
    const wants = edge.sources.map((source) => facts.dependsOnParams.has(source));
    if (facts.isFusedSoftmax(edge) || !wants.some((want) => want)) return { f64: 0, words: 0 };
    const ga = facts.gaMemory(edge);
    if (ga !== undefined) return { f64: ga.backwardScratch(batch), words: 0 };
    if (edge.op === 'matmul') {
        const g = matmulShape(facts, edge, batch);
        const [a, b] = wants as [boolean, boolean];
        const decodedA = b ? (g.aBatched ? g.samples : 1) * g.m * g.k : 0;
        const decodedB = a ? (g.bBatched ? g.samples : 1) * g.k * g.n : 0;
        const bounds = (a ? g.samples * g.m + g.k : 0) + (b ? g.k + g.n : 0);
        return { f64: g.samples * g.m * g.n + decodedA + decodedB + bounds, words: 0 };
    }
    if (binaryElementwise.has(edge.op)) {
        const out = fullSize(facts.node(edge.target), batch);
        // An operand broadcast over the output reduces its gradient through two values per element.
        const reduced = (node: IrNode): number => (fullSize(node, batch) === out ? 0 : 2 * fullSize(node, batch));
        return { f64: Math.max(...edge.sources.map((source) => reduced(facts.node(source)))), words: 0 };
    }
    if (edge.op === 'softmax') return { f64: 2 * lastAxis(facts.node(edge.target)), words: 0 };
    return { f64: 0, words: 0 };
}

// The tangent rule's need, for an edge whose target depends on a parameter (not a fused softmax):
// decoded operands and tangents, then the sign words of every parameter operand's direction.
function tangentNeed(facts: GraphFacts, edge: IrEdge, batch: number): ScratchNeed {
    if (facts.isFusedSoftmax(edge) || !facts.dependsOnParams.has(edge.target)) return { f64: 0, words: 0 };
    const sources = edge.sources.map((source) => facts.node(source));
    const words = sources.filter((source) => source.role === 'param').reduce((sum, source) => sum + Math.ceil(elementCount(source.shape) / 32), 0);
    let f64 = 0;
    const ga = facts.gaMemory(edge);
    if (ga !== undefined) {
        f64 = ga.tangentScratch(batch);
    } else if (edge.op === 'matmul') {
        const g = matmulShape(facts, edge, 1);
        const kind = (node: IrNode): 'direction' | 'tensor' | null => (node.role === 'param' ? 'direction' : facts.dependsOnParams.has(node.name) ? 'tensor' : null);
        const [aDot, bDot] = [kind(sources[0]!), kind(sources[1]!)];
        f64 = (bDot !== null ? g.m * g.k : 0) + (aDot !== null ? g.k * g.n : 0) + (aDot === 'tensor' ? g.m * g.k : 0) + (bDot === 'tensor' ? g.k * g.n : 0);
    } else if (edge.op === 'softmax') {
        f64 = 2 * lastAxis(facts.node(edge.target));
    }
    return { f64, words };
}

function matmulShape(facts: GraphFacts, edge: IrEdge, batch: number): MatmulShape {
    const a = facts.node(edge.sources[0]!);
    const b = facts.node(edge.sources[1]!);
    return {
        m: a.shape.length === 2 ? a.shape[0]! : 1,
        k: a.shape[a.shape.length - 1]!,
        n: b.shape.length === 2 ? b.shape[1]! : 1,
        samples: a.batched || b.batched ? batch : 1,
        aBatched: a.batched,
        bBatched: b.batched
    };
}

function fullSize(node: IrNode, batch: number): number {
    return elementCount(node.shape) * (node.batched ? batch : 1);
}

function lastAxis(node: IrNode): number {
    return node.shape[node.shape.length - 1] ?? 1;
}
