// Interval propagation through a lowered graph: every hyperedge, in graph order, maps its sources'
// ranges to its target's. Leaves start from what is known — a constant's value, a class label's
// 0 … N−1, a declared range — and from the whole real line otherwise (a parameter without a
// declared range may take any value training gives it). A range declared on a computed value is a
// promise the checker takes: the propagated range is narrowed to it. Ranges are in coherent base
// units of each node's dimension.
import type { IrGraph } from '../../engine/ir/types.js';
import { intersect, point, unbounded, type Interval } from './interval.js';
import { classLabelInterval, targetInterval } from './op-intervals.js';

/** The range of every node of a graph, by node name. */
export function propagateRanges(graph: IrGraph, declared: ReadonlyMap<string, Interval>): Map<string, Interval> {
    const nodes = new Map(graph.nodes.map((node) => [node.name, node]));
    const ranges = new Map<string, Interval>();
    for (const node of graph.nodes) {
        if (node.role === 'constant') ranges.set(node.name, point(node.value ?? 0));
        else if (node.role === 'input' || node.role === 'target' || node.role === 'param') ranges.set(node.name, declared.get(node.name) ?? classLabelInterval(node) ?? unbounded);
    }
    for (const edge of graph.edges) {
        const sources = edge.sources.map((name) => nodes.get(name)!);
        const computed = targetInterval(edge, sources, edge.sources.map((name) => ranges.get(name) ?? unbounded));
        const promised = declared.get(edge.target);
        ranges.set(edge.target, promised === undefined ? computed : intersect(computed, promised) ?? promised);
    }
    return ranges;
}
