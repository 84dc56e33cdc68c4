// The PHG IR (Program Hypergraph): the one structure the language, the planner, the engine, the
// certificates and the version store agree on. Nodes are values; hyperedges are operations with an
// ordered source set and exactly one target. See ARCHITECTURE.md ("The PHG intermediate
// representation") and docs/memory.md for how lifetime classes and byte sizes are used.

/** Where a node or edge came from in the source (never part of the structure hash). */
export interface IrSourceRange {
    readonly file?: string;
    /** 0-based, as LSP ranges are. */
    readonly startLine: number;
    readonly startColumn: number;
    readonly endLine: number;
    readonly endColumn: number;
}

/**
 * A physical dimension as an integer exponent vector over named base dimensions
 * (`Length`, `Time`, …, and declared ones such as `Intensity`). Only nonzero exponents are listed;
 * dimensionless is `{}`.
 */
export type IrDimension = Readonly<Record<string, number>>;

/**
 * The lifetime classes of the tracked allocator (docs/memory.md). A node's `lifetime` is the class
 * its value has in inference; training modes derive `tape`, `tangent`, `gradient` and `state`
 * from the schedule and the gradient mode.
 */
export type LifetimeClass = 'param' | 'state' | 'activation' | 'tape' | 'tangent' | 'gradient' | 'quire' | 'data';

/** What a node is in the model. */
export type IrNodeRole =
    /** A per-sample model input, filled from a data column. */
    | 'input'
    /** A per-sample training target (a class label or a regression target), filled from data. */
    | 'target'
    /** A trained parameter. */
    | 'param'
    /** A literal. */
    | 'constant'
    /** An intermediate named or anonymous value. */
    | 'value'
    /** A model output. */
    | 'output'
    /** The scalar training objective of a `train` block. */
    | 'loss';

/**
 * Multivector nodes: the algebra and the set of basis blades the value stores, as a hexadecimal
 * bitmask over the 2^n blades (bit A set: blade A stored). The node's last axis holds exactly
 * those coefficients, in canonical blade order (engine/ga, docs/geometric-algebra.md).
 */
export interface IrBladeSupport {
    readonly algebra: string;
    /** `Cl(p, q, r)` signature, so the support means the same thing without the source. */
    readonly signature: readonly [number, number, number];
    readonly mask: string;
}

/** How a parameter is initialised (not part of the structure hash: weights of any init fit it). */
export type IrInit =
    | { readonly kind: 'he' | 'glorot' | 'zeros' | 'ones' | 'identity' }
    | { readonly kind: 'normal'; readonly mean: number; readonly std: number }
    | { readonly kind: 'uniform'; readonly low: number; readonly high: number }
    | { readonly kind: 'constant'; readonly value: number };

/** A value of the program. */
export interface IrNode {
    /** Unique within the graph; lowering uses the source name, or `%n` for anonymous values. */
    readonly name: string;
    readonly role: IrNodeRole;
    /**
     * Shape of one instance. For batched nodes (`batched: true`) this excludes the implicit
     * leading batch axis; params and constants are unbatched.
     */
    readonly shape: readonly number[];
    readonly batched: boolean;
    readonly dimension: IrDimension;
    /**
     * Canonical numeric format name (`posit<16>`, `bposit<32>`, `float32`), or `class(N)` for a
     * class-label target (stored as 32-bit integers).
     */
    readonly format: string;
    /** The class the value is allocated in during inference. */
    readonly lifetime: LifetimeClass;
    /** Bytes of one instance (per sample for batched nodes): elements × bytes per element. */
    readonly bytes: number;
    /** Blade support of a multivector value (reserved for the geometric-algebra issue). */
    readonly support?: IrBladeSupport;
    /** Literal value of a `constant` node, in the coherent base unit. */
    readonly value?: number;
    /** Parameter initialiser (params only). */
    readonly init?: IrInit;
    readonly source?: IrSourceRange;
}

/**
 * Operations the engine executes. Elementwise ops broadcast (NumPy rules on full shapes, the
 * batch axis leading). Geometric-algebra ops (`geometric_product` … `ga_norm`) read multivector
 * nodes, see engine/ga/ir-edges.ts. Reserved names for later issues: `lif`, `stdp` (the engine
 * rejects them until implemented).
 */
export type IrOp =
    | 'matmul'
    | 'add' | 'sub' | 'mul' | 'div' | 'neg' | 'max' | 'min'
    | 'relu' | 'tanh' | 'sigmoid' | 'exp' | 'log' | 'sqrt' | 'abs' | 'sin' | 'cos' | 'pow'
    | 'softmax'
    | 'sum' | 'mean'
    | 'mse' | 'cross_entropy'
    | 'geometric_product' | 'wedge' | 'inner' | 'sandwich' | 'reverse' | 'dual' | 'grade' | 'ga_add' | 'ga_sub' | 'ga_norm';

/** An attribute value of a hyperedge. */
export type IrAttribute = number | string | boolean | readonly number[];

/** An operation: ordered sources, one target. */
export interface IrEdge {
    readonly op: IrOp;
    readonly sources: readonly string[];
    readonly target: string;
    /** Op parameters, e.g. `pow`'s integer `exponent`. */
    readonly attributes?: Readonly<Record<string, IrAttribute>>;
    readonly source?: IrSourceRange;
}

/** A lowered model (and, when lowered with a `train` block, its loss). */
export interface IrGraph {
    /** Model name. */
    readonly model: string;
    readonly nodes: readonly IrNode[];
    /** In a valid schedule order (lowering emits them in source order). */
    readonly edges: readonly IrEdge[];
    /** Names of the model outputs, in declaration order. */
    readonly outputs: readonly string[];
    /** Name of the loss node when the graph was lowered for training. */
    readonly loss?: string;
}
