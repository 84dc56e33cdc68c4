// One forward-gradient step with K tangents (docs/memory.md, "Forward-gradient step"): the batch and
// K directional derivatives, then K passes through the training schedule, each value with its
// tangent beside it (inputs have none), each freed after its last reader; passes reuse the same
// buffers, so memory is K = 1's. A parameter's direction is read from sign words in the arena, or
// materialised for the one rule that needs it as a tensor; the update holds 2K words.
import type { IrNode } from '../../engine/ir/types.js';
import type { ByteLedger } from './byte-ledger.js';
import { isClassLabel, isLeaf, type GraphFacts } from './graph-facts.js';
import { isLossOp, readsDirectionBits } from './op-memory-rules.js';
import type { PlanSettings } from './plan-types.js';

/** Values whose tangent rides beside them in forward-gradient training. */
export type TangentCarriers = ReadonlySet<string>;

/** Replays a forward-gradient step into the ledger; returns the values that carry tangents. */
export function replayForwardGradientStep(ledger: ByteLedger, facts: GraphFacts, settings: PlanSettings): TangentCarriers {
    const { graph } = facts;
    const schedule = facts.training!;
    const edges = schedule.edges;
    const K = settings.tangents;
    const bytes = (node: IrNode): number => facts.bytesAt(node, settings.batch);
    const carries = edges.map((edge) => !facts.isFusedSoftmax(edge) && facts.dependsOnParams.has(edge.target));
    const tangentOf = edges.map((edge, i) => (carries[i] ? facts.differentiatedNodes(edge) : edge.sources.map(() => null)));
    const tangentLastUse = new Map<string, number>();
    tangentOf.forEach((nodes, i) => { for (const node of nodes) if (node !== null && node.role !== 'param') tangentLastUse.set(node.name, i); });

    ledger.at({ phase: 'batch' });
    const batchTensors = new Set<string>();
    for (const node of graph.nodes) {
        if (node.role !== 'input' && node.role !== 'target') continue;
        ledger.allocate(`v:${node.name}`, 'activation', bytes(node), 'batch', node.name);
        if (!isClassLabel(node)) batchTensors.add(node.name);
    }
    ledger.allocate('derivatives', 'tangent', 8 * K, 'derivatives');
    const outputs = new Set(graph.outputs);
    // Only tensors the step computed or gathered are freed by it; leaves and labels stay.
    const freeable = (node: IrNode): boolean => !isLeaf(node) && !isClassLabel(node);
    for (let k = 0; k < K; k++) {
        const lastPass = k === K - 1;
        edges.forEach((edge, i) => {
            ledger.at({ phase: 'tangent', node: edge.target });
            const target = facts.node(edge.target);
            ledger.allocate(`v:${target.name}`, 'activation', bytes(target), 'value', target.name);
            if (carries[i]) {
                ledger.allocate(`t:${target.name}`, 'tangent', bytes(target), 'tangent', target.name);
                const directions: string[] = [];
                tangentOf[i]!.forEach((node, j) => {
                    if (node === null || node.role !== 'param' || readsDirectionBits(edge.op)) return;
                    const key = `d:${node.name}:${j}`;
                    directions.push(key);
                    ledger.allocate(key, 'tangent', bytes(node), 'direction', node.name);
                });
                if (isLossOp(edge.op)) {
                    // L̇ = Σ g·v: the loss gradient w.r.t. its differentiated input, held while the rule runs.
                    const input = facts.fusedSoftmaxInput(edge) ?? facts.node(edge.sources[0]!);
                    ledger.allocate('loss-gradient', 'tangent', bytes(input), 'loss-gradient', input.name);
                    ledger.free('loss-gradient');
                }
                for (const key of directions) ledger.free(key);
            }
            for (const source of edge.sources) {
                if (schedule.lastUse.get(source) === i && !outputs.has(source) && freeable(facts.node(source)) && (lastPass || !batchTensors.has(source))) ledger.free(`v:${source}`);
                if (tangentLastUse.get(source) === i) ledger.free(`t:${source}`);
            }
            const fusedInput = facts.fusedSoftmaxInput(edge);
            if (fusedInput !== undefined && tangentLastUse.get(fusedInput.name) === i) ledger.free(`t:${fusedInput.name}`);
        });
        for (const key of ledger.heldKeys()) {
            if (key.startsWith('t:')) ledger.free(key);
            else if (key.startsWith('v:') && isStepValue(facts, key.slice(2)) && (lastPass || !batchTensors.has(key.slice(2)))) ledger.free(key);
        }
    }
    ledger.at({ phase: 'update' });
    ledger.allocate('direction-words', 'tangent', 8 * K, 'direction-words');
    return new Set(edges.filter((_, i) => carries[i]).map((edge) => edge.target));
}

// A value the step holds in its own map (computed or gathered tensors), not a leaf or a label.
function isStepValue(facts: GraphFacts, name: string): boolean {
    const node = facts.nodes.get(name);
    return node !== undefined && !isLeaf(node) && !isClassLabel(node);
}
