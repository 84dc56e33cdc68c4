// What a certificate records about a model's hypergraph: enough of the canonical IR to name what
// changed when a certificate goes stale (nodes with shape, dimension, format, grade; hyperedges
// with their ordered sources), and the interface a served version must keep.

/** One value of the hypergraph. Dimension, format and grade are canonical spellings. */
export interface StructureNode {
    readonly name: string;
    /** input, param, output, value, ... as the IR classifies the node. */
    readonly kind: string;
    readonly shape: readonly number[];
    /** Canonical dimension, e.g. `1`, `Length·Time^-1`. */
    readonly dimension: string;
    /** Canonical format name, e.g. `posit<16>`. */
    readonly format: string;
    /** Blade support of a multivector, if it is one. */
    readonly grade?: string;
}

/** One hyperedge: an operation with an ordered source set and one target. */
export interface StructureEdge {
    readonly op: string;
    readonly sources: readonly string[];
    readonly target: string;
}

/** The nodes and hyperedges of a model, as recorded in a certificate. */
export interface ModelStructure {
    readonly nodes: readonly StructureNode[];
    readonly edges: readonly StructureEdge[];
}

/** One input or output of a model's interface. */
export interface TensorInterface {
    readonly name: string;
    readonly shape: readonly number[];
    readonly dimension: string;
    readonly format: string;
}

/** What callers of a served model depend on: its inputs and outputs. */
export interface ModelInterface {
    readonly inputs: readonly TensorInterface[];
    readonly outputs: readonly TensorInterface[];
}

/** A shape as people write it: `32×10`, `64`, or `scalar`. */
export function formatShape(shape: readonly number[]): string {
    return shape.length === 0 ? 'scalar' : shape.join('×');
}
