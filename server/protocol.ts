// The PHG language server's custom requests, typed once: the server registers their handlers, the
// client imports these types type-only (server/ is not bundled into the extension's host code).
//
//   phg/memoryPlan  { uri } → MemoryPlanResult   the design-time memory plan of every train block of
//                   a document (and of every model no block trains), for panels: the JSON of
//                   `phg plan --json` per entry, plus the block's context (title, range, gradient
//                   mode, budgets) and every value's lifetime and bytes.
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
