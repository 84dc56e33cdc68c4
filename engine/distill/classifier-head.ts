// The classifier head distillation works on: the output that is `softmax(logits)`, the logits node
// it reads (soft labels at temperature T are softmax(logits / T), so they need the logits, not the
// probabilities), and the class-label target of a `cross_entropy` loss over that output. A graph
// whose head looks different cannot be distilled; the reason is returned as a value.
import type { IrEdge, IrGraph } from '../ir/types.js';

/** Where a classifier's logits, probabilities and label are in its graph. */
export interface ClassifierHead {
    /** The output node `softmax(logits)`. */
    readonly output: string;
    /** The softmax's input. */
    readonly logits: string;
    readonly classes: number;
    /** The class-label target of the loss, when the graph was lowered with `cross_entropy(output, label)`. */
    readonly label?: string;
}

/** The head of a classifier graph, or why the graph is not one. */
export function classifierHead(graph: IrGraph): ClassifierHead | { readonly problem: string } {
    const output = graph.outputs[0];
    if (output === undefined) return { problem: `model ${graph.model} has no output` };
    const producer = graph.edges.find((edge) => edge.target === output);
    if (producer?.op !== 'softmax') return { problem: `the output ${output} of model ${graph.model} is not softmax(…): soft labels at a temperature need the logits a softmax reads` };
    const node = graph.nodes.find((candidate) => candidate.name === output);
    const classes = node?.shape[node.shape.length - 1];
    if (node === undefined || node.shape.length !== 1 || classes === undefined) return { problem: `the output ${output} of model ${graph.model} is not a vector of class probabilities` };
    const loss = graph.edges.find((edge) => edge.target === graph.loss);
    const label = loss !== undefined ? labelOf(loss, output) : undefined;
    return { output, logits: producer.sources[0]!, classes, ...(label !== undefined ? { label } : {}) };
}

function labelOf(loss: IrEdge, output: string): string | undefined {
    return loss.op === 'cross_entropy' && loss.sources[0] === output ? loss.sources[1] : undefined;
}

/** The graph whose only output is the logits (no loss): what soft labels and JVPs run. */
export function logitsGraph(graph: IrGraph, head: ClassifierHead): IrGraph {
    return { model: graph.model, nodes: graph.nodes, edges: graph.edges, outputs: [head.logits] };
}
