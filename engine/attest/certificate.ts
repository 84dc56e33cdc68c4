// A PHG certificate (`*.phgcert`): "this model's hypergraph passed these checks", as an in-toto
// statement about the model's structure hash, signed in a DSSE envelope.
import type { JsonValue } from '../signing/canonical-json.js';
import type { Sha256Hex } from '../signing/digest.js';
import { envelopeFileBytes, signEnvelope } from '../signing/dsse.js';
import type { SigningKey } from '../signing/keys.js';
import { arrayOf, boolean, nullable, natural, number, object, sha256, string, type Decoded, type Decoder } from './json-decoder.js';
import type { ModelInterface, ModelStructure } from './model-structure.js';
import { modelInterfaceDecoder, modelStructureDecoder } from './model-structure-decoders.js';
import { inTotoPayloadType, statementPayload, statementType, type Statement } from './statement.js';

/** The predicate type of a PHG certificate. */
export const certificatePredicateType = 'https://phg-studio.dev/attestations/certificate/v1';

/** The file extension of a certificate. */
export const certificateExtension = '.phgcert';

/** One family of checks the language ran on the model. */
export interface CertificateCheck {
    /** dimensions, shapes, grades, ranges (ranges and representation). */
    readonly name: string;
    readonly passed: boolean;
    /** How many diagnostics of this family the model had (0 when passed). */
    readonly problems: number;
}

/** The memory plan a certificate records (bytes). */
export interface CertifiedMemoryPlan {
    readonly inferenceBytes: number;
    /** Training bytes per gradient mode, e.g. `{ backprop: …, forward: … }`. */
    readonly trainingBytes: { readonly [mode: string]: number };
    /** Training ÷ inference for the model's configured gradient mode. */
    readonly ratio: number;
    /** The budget the train block declares, if any. */
    readonly budget: { readonly memoryBytes: number | null; readonly ratio: number | null } | null;
}

/** What a certificate says about a model. */
export interface CertificatePredicate {
    readonly model: string;
    readonly structureHash: Sha256Hex;
    readonly source: { readonly path: string; readonly sha256: Sha256Hex };
    readonly checks: readonly CertificateCheck[];
    readonly interface: ModelInterface;
    /** The memory plan; null when the tool that certified had no planner for this model. */
    readonly memoryPlan: CertifiedMemoryPlan | null;
    /** The hypergraph as certified: what a stale certificate is diffed against. */
    readonly structure: ModelStructure;
    readonly tool: { readonly name: string; readonly version: string };
    readonly issuedAt: string;
}

/** The in-toto statement of a certificate: subjects are the structure and the source file. */
export function certificateStatement(predicate: CertificatePredicate): Statement<CertificatePredicate> {
    return {
        _type: statementType,
        subject: [
            { name: `phg-model:${predicate.model}`, digest: { sha256: predicate.structureHash } },
            { name: predicate.source.path, digest: { sha256: predicate.source.sha256 } }
        ],
        predicateType: certificatePredicateType,
        predicate
    };
}

/** Signs a certificate and returns the bytes of its `.phgcert` file. */
export function signCertificate(predicate: CertificatePredicate, key: SigningKey): Buffer {
    const payload = statementPayload(certificateStatement(predicate) as unknown as Statement<JsonValue>);
    return envelopeFileBytes(signEnvelope(inTotoPayloadType, payload, key));
}

const memoryPlanDecoder: Decoder<CertifiedMemoryPlan> = (value, path) => {
    const decoded = object<Omit<CertifiedMemoryPlan, 'trainingBytes'> & { trainingBytes: unknown }>({
        inferenceBytes: natural,
        trainingBytes: (inner) => ({ ok: true, value: inner }),
        ratio: number,
        budget: nullable(object({ memoryBytes: nullable(natural), ratio: nullable(number) }))
    })(value, path);
    if (!decoded.ok) return decoded;
    const training = decoded.value.trainingBytes;
    if (typeof training !== 'object' || training === null || Array.isArray(training)) return { ok: false, reason: `${path}/trainingBytes: expected an object` };
    const trainingBytes: { [mode: string]: number } = {};
    for (const [mode, bytes] of Object.entries(training as { [mode: string]: unknown })) {
        const entry = natural(bytes, `${path}/trainingBytes/${mode}`);
        if (!entry.ok) return entry;
        trainingBytes[mode] = entry.value;
    }
    return { ok: true, value: { ...decoded.value, trainingBytes } };
};

const predicateDecoder: Decoder<CertificatePredicate> = object<CertificatePredicate>({
    model: string,
    structureHash: sha256,
    source: object({ path: string, sha256 }),
    checks: arrayOf(object<CertificateCheck>({ name: string, passed: boolean, problems: natural })),
    interface: modelInterfaceDecoder,
    memoryPlan: nullable(memoryPlanDecoder),
    structure: modelStructureDecoder,
    tool: object({ name: string, version: string }),
    issuedAt: string
});

/** Decodes a certificate predicate from signed JSON. */
export function decodeCertificatePredicate(value: JsonValue): Decoded<CertificatePredicate> {
    return predicateDecoder(value, '/predicate');
}
