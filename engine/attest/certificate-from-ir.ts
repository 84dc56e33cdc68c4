// Assembles a certificate predicate from a lowered model and what the language found about it.
import type { IrGraph } from '../ir/types.js';
import { sha256Hex } from '../signing/digest.js';
import type { CertificateCheck, CertificatePredicate, CertifiedMemoryPlan } from './certificate.js';
import { modelInterface, modelStructure, structureDigest } from './ir-structure.js';

/** What certifying a model needs besides its graph. */
export interface CertificationInput {
    readonly graph: IrGraph;
    /** The source file's path as the certificate names it (workspace-relative) and its bytes. */
    readonly sourcePath: string;
    readonly sourceBytes: Uint8Array;
    readonly checks: readonly CertificateCheck[];
    readonly memoryPlan: CertifiedMemoryPlan | null;
    readonly toolVersion: string;
    readonly issuedAt: string;
}

/** The predicate of a certificate for a lowered model. */
export function certificatePredicateFor(input: CertificationInput): CertificatePredicate {
    return {
        model: input.graph.model,
        structureHash: structureDigest(input.graph),
        source: { path: input.sourcePath, sha256: sha256Hex(input.sourceBytes) },
        checks: input.checks,
        interface: modelInterface(input.graph),
        memoryPlan: input.memoryPlan,
        structure: modelStructure(input.graph),
        tool: { name: 'phg', version: input.toolVersion },
        issuedAt: input.issuedAt
    };
}
