// The same lowered graph in another numeric format: what `phg train --format F` would lower, so a
// plan can say what a narrower format would cost without lowering the model again.
import { elementCount } from '../../engine/ir/shapes.js';
import type { IrGraph } from '../../engine/ir/types.js';
import type { NumericFormat } from '../../engine/numeric/index.js';
import { isClassLabel } from './graph-facts.js';

/** The graph with every numeric value in `format` (class labels unchanged). */
export function inFormat(graph: IrGraph, format: NumericFormat): IrGraph {
    return {
        ...graph,
        nodes: graph.nodes.map((node) => (isClassLabel(node) ? node : { ...node, format: format.name, bytes: elementCount(node.shape) * format.bytes }))
    };
}
