// One inference step (docs/memory.md, "Inference step"): the batch, then each scheduled edge's
// target, each value freed right after its last reader unless it is an output or a leaf.
import type { ByteLedger } from './byte-ledger.js';
import { isClassLabel, isLeaf, type GraphFacts } from './graph-facts.js';
import type { PlanSettings } from './plan-types.js';

/** Replays an inference step into the ledger. */
export function replayInferenceStep(ledger: ByteLedger, facts: GraphFacts, settings: PlanSettings): void {
    const { graph } = facts;
    const withTargets = settings.inferenceWithTargets ?? true;
    ledger.at({ phase: 'batch' });
    for (const node of graph.nodes) {
        if (node.role === 'input' || (withTargets && node.role === 'target')) ledger.allocate(`v:${node.name}`, 'activation', facts.bytesAt(node, settings.batch), 'batch', node.name);
    }
    const outputs = new Set(graph.outputs);
    const schedule = facts.inference;
    schedule.edges.forEach((edge, i) => {
        ledger.at({ phase: 'forward', node: edge.target });
        ledger.allocate(`v:${edge.target}`, 'activation', facts.bytesAt(facts.node(edge.target), settings.batch), 'value', edge.target);
        for (const source of edge.sources) {
            const node = facts.node(source);
            // Class labels are not tensors: they live until the step ends.
            if (schedule.lastUse.get(source) === i && !outputs.has(source) && !isLeaf(node) && !isClassLabel(node)) ledger.free(`v:${source}`);
        }
    });
}
