// The execution schedule of a graph: which edges run, in which order, and when each value is
// last read. The engine's interpreter and the design-time memory planner (language/) both call
// this function, so the planner's lifetimes are the engine's by construction (docs/memory.md).
import type { IrEdge, IrGraph } from './types.js';

/** The edges that compute some targets, in graph order, and the last reader of each value. */
export interface Schedule {
    readonly edges: readonly IrEdge[];
    /** For each node read by a scheduled edge: the index (in `edges`) of its last reader. */
    readonly lastUse: ReadonlyMap<string, number>;
    /** Number of scheduled edges reading each node. */
    readonly readers: ReadonlyMap<string, number>;
}

/** Schedules the edges needed to compute `targets` (graph order, which lowering keeps valid). */
export function scheduleFor(graph: IrGraph, targets: readonly string[]): Schedule {
    const producer = new Map<string, IrEdge>();
    for (const edge of graph.edges) producer.set(edge.target, edge);
    const needed = new Set<IrEdge>();
    const pending = [...targets];
    const seen = new Set<string>();
    while (pending.length > 0) {
        const name = pending.pop()!;
        if (seen.has(name)) continue;
        seen.add(name);
        const edge = producer.get(name);
        if (edge === undefined) continue;
        needed.add(edge);
        pending.push(...edge.sources);
    }
    const edges = graph.edges.filter((edge) => needed.has(edge));
    const lastUse = new Map<string, number>();
    const readers = new Map<string, number>();
    edges.forEach((edge, index) => {
        for (const source of edge.sources) {
            lastUse.set(source, index);
            readers.set(source, (readers.get(source) ?? 0) + 1);
        }
    });
    return { edges, lastUse, readers };
}
