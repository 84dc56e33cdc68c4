// One backprop step (docs/memory.md, "Backprop step"). Forward: values a gradient rule will read
// are kept on the tape, the others freed after their last reader. Backward, in reverse schedule
// order: an edge's operand gradients are allocated together, a fan-out contribution is added into
// the existing gradient and freed, the target's gradient is freed once used, a parameter's gradient
// goes to the optimizer (and is freed) as soon as it is complete, and tape entries are freed after
// their last backward reader.
import type { IrNode } from '../../engine/ir/types.js';
import type { ByteLedger } from './byte-ledger.js';
import { isClassLabel, isLeaf, type GraphFacts } from './graph-facts.js';
import { gradientReads } from './op-memory-rules.js';
import type { PlanSettings } from './plan-types.js';

/** Which values backprop keeps, and why. */
export interface BackpropFacts {
    /** Values (batch tensors and computed values) a gradient rule reads. */
    readonly tape: ReadonlySet<string>;
    /** Per scheduled edge: whether its gradient rule runs. */
    readonly runsBackward: readonly boolean[];
}

/** The static backprop facts of a graph with a loss. */
export function backpropFacts(facts: GraphFacts): BackpropFacts & { readonly gradientTargets: readonly (readonly (IrNode | null)[])[]; readonly lastBackwardReader: ReadonlyMap<string, number> } {
    const edges = facts.training!.edges;
    const reachesLoss = new Set<string>([facts.graph.loss!]);
    for (let i = edges.length - 1; i >= 0; i--) if (reachesLoss.has(edges[i]!.target)) for (const source of edges[i]!.sources) reachesLoss.add(source);
    const tape = new Set<string>();
    const lastBackwardReader = new Map<string, number>();
    const runsBackward: boolean[] = [];
    const gradientTargets: (IrNode | null)[][] = [];
    edges.forEach((edge, i) => {
        const fused = facts.isFusedSoftmax(edge);
        const runs = !fused && reachesLoss.has(edge.target) && facts.dependsOnParams.has(edge.target);
        runsBackward.push(runs);
        const targets = runs ? facts.differentiatedNodes(edge) : edge.sources.map(() => null);
        gradientTargets.push(targets);
        if (!runs) return;
        const reads = gradientReads(facts, edge, targets.map((target) => target !== null));
        // The smallest reading edge index is the last one backward visits.
        const keep = (name: string): void => {
            tape.add(name);
            lastBackwardReader.set(name, Math.min(lastBackwardReader.get(name) ?? i, i));
        };
        edge.sources.forEach((source, j) => { if (reads.sources[j] === true && !isLeaf(facts.node(source))) keep(source); });
        if (reads.target) keep(edge.target);
    });
    return { tape, runsBackward, gradientTargets, lastBackwardReader };
}

/**
 * Replays a backprop step into the ledger; returns the tape it kept. `afterBatch` allocates what a
 * caller's step holds beside the batch for the whole step (a distillation's soft labels).
 */
export function replayBackpropStep(ledger: ByteLedger, facts: GraphFacts, settings: PlanSettings, afterBatch?: (ledger: ByteLedger) => void): BackpropFacts {
    const { graph } = facts;
    const schedule = facts.training!;
    const edges = schedule.edges;
    const { tape, runsBackward, gradientTargets, lastBackwardReader } = backpropFacts(facts);
    const bytes = (node: IrNode): number => facts.bytesAt(node, settings.batch);
    // Class labels are not tensors: never on the tape, freed only when the step ends.
    const onTape = (node: IrNode): boolean => tape.has(node.name) && !isClassLabel(node);

    ledger.at({ phase: 'batch' });
    for (const node of graph.nodes) {
        if (node.role === 'input' || node.role === 'target') ledger.allocate(`v:${node.name}`, onTape(node) ? 'tape' : 'activation', bytes(node), 'batch', node.name);
    }
    afterBatch?.(ledger);
    const outputs = new Set(graph.outputs);
    edges.forEach((edge, i) => {
        ledger.at({ phase: 'forward', node: edge.target });
        const target = facts.node(edge.target);
        ledger.allocate(`v:${target.name}`, onTape(target) ? 'tape' : 'activation', bytes(target), 'value', target.name);
        for (const source of edge.sources) {
            const node = facts.node(source);
            if (schedule.lastUse.get(source) === i && !tape.has(source) && !outputs.has(source) && !isLeaf(node) && !isClassLabel(node)) ledger.free(`v:${source}`);
        }
    });
    for (const output of graph.outputs) if (!tape.has(output)) ledger.free(`v:${output}`);

    const contributions = new Map<string, number>();
    for (const targets of gradientTargets) for (const node of targets) if (node !== null) contributions.set(node.name, (contributions.get(node.name) ?? 0) + 1);
    const tapeFreedAfter = new Map<number, string[]>();
    for (const [name, reader] of lastBackwardReader) tapeFreedAfter.set(reader, [...(tapeFreedAfter.get(reader) ?? []), name]);
    const hasGradient = new Set<string>();
    for (let i = edges.length - 1; i >= 0; i--) {
        const edge = edges[i]!;
        if (runsBackward[i]) {
            ledger.at({ phase: 'backward', node: edge.target });
            const isLoss = facts.node(edge.target).role === 'loss';
            if (isLoss || hasGradient.has(edge.target)) allocateOperandGradients(ledger, i, gradientTargets[i]!, hasGradient, bytes);
            if (hasGradient.delete(edge.target)) ledger.free(`g:${edge.target}`);
            for (const node of gradientTargets[i]!) {
                if (node === null || node.role !== 'param') continue;
                const left = contributions.get(node.name)! - 1;
                contributions.set(node.name, left);
                if (left === 0 && hasGradient.delete(node.name)) ledger.free(`g:${node.name}`);
            }
        }
        for (const name of tapeFreedAfter.get(i) ?? []) if (!isClassLabel(facts.node(name))) ledger.free(`v:${name}`);
    }
    return { tape, runsBackward };
}

// All operand gradients of an edge are allocated before its rule runs; afterwards each one whose
// node already had a gradient (fan-out) is added into it and freed.
function allocateOperandGradients(ledger: ByteLedger, index: number, targets: readonly (IrNode | null)[], hasGradient: Set<string>, bytes: (node: IrNode) => number): void {
    const claimed = new Set<string>();
    const partials: string[] = [];
    targets.forEach((node, j) => {
        if (node === null) return;
        if (!hasGradient.has(node.name) && !claimed.has(node.name)) {
            claimed.add(node.name);
            ledger.allocate(`g:${node.name}`, 'gradient', bytes(node), 'gradient', node.name);
        } else {
            const key = `g+:${node.name}:${index}:${j}`;
            partials.push(key);
            ledger.allocate(key, 'gradient', bytes(node), 'gradient', node.name);
        }
    });
    for (const key of partials) ledger.free(key);
    for (const name of claimed) hasGradient.add(name);
}
