// The PHG language server's custom requests, typed once: the server registers their handlers, the
// client imports these types type-only (server/ is not bundled into the extension's host code).
//
//   phg/memoryPlan  { uri } → MemoryPlanResult   the design-time memory plan of every train block of
//                   a document (and of every model no block trains), for panels: the JSON of
//                   `phg plan --json` per entry, plus the block's context (title, range, gradient
//                   mode, budgets) and every value's lifetime and bytes.
//   phg/hypergraph  { uri } → HypergraphResult   the lowered PHG IR per train block (see below).
import { RequestType } from 'vscode-languageserver';
import type { ModelPlanJson, PlanContextJson, UnplannedModelJson } from '../language/index.js';

/** Parameters of `phg/memoryPlan`: a document the server knows (open, or readable from disk). */
export interface MemoryPlanParams {
    readonly uri: string;
}

/** One planned block: exactly a `phg plan --json` entry, and what the block says beside it. */
export type MemoryPlanEntry = ModelPlanJson & { readonly context: PlanContextJson };

/** The answer of `phg/memoryPlan`. */
export interface MemoryPlanResult {
    readonly uri: string;
    /** One entry per train (or distill) block, then per model no block trains, in source order. */
    readonly models: readonly MemoryPlanEntry[];
    /** Models that cannot be planned (the engine could not run them), with the reason. */
    readonly unplanned: readonly UnplannedModelJson[];
    /** Why no model was planned at all (a document with errors everywhere, a file too large to analyse live). */
    readonly reason?: string;
}

/** `phg/memoryPlan`. */
export const MemoryPlanRequest = new RequestType<MemoryPlanParams, MemoryPlanResult, void>('phg/memoryPlan');

//   phg/hypergraph  { uri } → HypergraphResult   the lowered PHG IR of every train block of a document
//                   (and of every model no block trains), as `phg train` lowers it: nodes with
//                   shape, dimension (in the file's units), format, lifetime class and bytes, and the
//                   hyperedges (op, ordered sources, one target), for the Hypergraph panel.

/** Parameters of `phg/hypergraph`: a document the server knows (open, or readable from disk). */
export interface HypergraphParams {
    readonly uri: string;
}

/** A source range, 0-based as LSP ranges are. */
export interface HypergraphRange {
    readonly start: { readonly line: number; readonly character: number };
    readonly end: { readonly line: number; readonly character: number };
}

/** A value of the lowered model. */
export interface HypergraphNode {
    /** The IR name: the source name, or `%n` for an anonymous intermediate. */
    readonly name: string;
    /** How it reads in the source: its name, or the expression it was lowered from (`xs @ W1`). */
    readonly label: string;
    /** input, target, param, constant, value, output, loss. */
    readonly role: string;
    /** Per-sample shape (batched values also have the implicit leading batch axis). */
    readonly shape: readonly number[];
    readonly batched: boolean;
    /** In the file's own units (`1/px`, `m/s^2`, `1` for dimensionless). */
    readonly dimension: string;
    /** Canonical format (`posit<16>`), or `class(N)` for a class label. */
    readonly format: string;
    /** The memory lifetime class of the value in inference (param, activation, data, …). */
    readonly lifetime: string;
    /** Bytes of one instance (per sample for batched values). */
    readonly bytes: number;
    /** A multivector's algebra and stored blades (hex mask over the 2^n blades). */
    readonly support?: string;
    readonly range?: HypergraphRange;
}

/** An operation: ordered sources, one target. */
export interface HypergraphEdge {
    readonly op: string;
    readonly sources: readonly string[];
    readonly target: string;
    /** Number of sources. */
    readonly arity: number;
    /** Op parameters as text (`exponent=2`), if any. */
    readonly attributes?: string;
    readonly range?: HypergraphRange;
}

/** One lowered model: a train block's, or an untrained model's. */
export interface HypergraphModel {
    /** `train Mlp on train_set`, or `model Mlp`. */
    readonly title: string;
    readonly model: string;
    readonly format: string;
    /** SHA-256 of the canonical IR (what a certificate signs), hex. */
    readonly structureHash: string;
    readonly nodes: readonly HypergraphNode[];
    /** In schedule order. */
    readonly edges: readonly HypergraphEdge[];
    readonly outputs: readonly string[];
    readonly loss?: string;
}

/** The answer of `phg/hypergraph`. */
export interface HypergraphResult {
    readonly uri: string;
    readonly models: readonly HypergraphModel[];
    /** Blocks that could not be lowered, with the reason. */
    readonly unavailable: readonly { readonly title: string; readonly reason: string }[];
    /** Why nothing was lowered at all. */
    readonly reason?: string;
}

/** `phg/hypergraph`. */
export const HypergraphRequest = new RequestType<HypergraphParams, HypergraphResult, void>('phg/hypergraph');
