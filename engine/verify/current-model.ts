// The current model a certificate is checked against, from a lowered graph: what the language
// server passes to certificateStatus after lowering the open document.
import { modelStructure, structureDigest } from '../attest/ir-structure.js';
import type { IrGraph } from '../ir/types.js';
import type { CurrentModel } from './verify-certificate.js';

/** The name, structure hash and structure summary of a lowered model. */
export function currentModelOf(graph: IrGraph): CurrentModel {
    return { model: graph.model, structureHash: structureDigest(graph), structure: modelStructure(graph) };
}
