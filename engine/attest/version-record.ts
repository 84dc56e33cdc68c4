// A signed version record (`.phg/versions/<n>/record.json`): "version n of this model is these
// weights, trained like this, descended from n−1". An in-toto statement about the weights file,
// in a DSSE envelope; the parent's record bytes are hashed into it, so editing or removing an
// old record breaks every later one (a hash chain).
import type { JsonValue } from '../signing/canonical-json.js';
import type { Sha256Hex } from '../signing/digest.js';
import { envelopeFileBytes, signEnvelope } from '../signing/dsse.js';
import type { SigningKey } from '../signing/keys.js';
import { jsonObject, natural, nullable, object, optional, sha256, string, type Decoded, type Decoder } from './json-decoder.js';
import type { ModelInterface } from './model-structure.js';
import { modelInterfaceDecoder } from './model-structure-decoders.js';
import { inTotoPayloadType, statementPayload, statementType, type Statement } from './statement.js';

/** The predicate type of a PHG version record. */
export const versionRecordPredicateType = 'https://phg-studio.dev/attestations/version-record/v1';

/** What a version record says. */
export interface VersionRecordPredicate {
    readonly model: string;
    readonly version: number;
    /** The previous version and the SHA-256 of its record file's bytes; null for the first version. */
    readonly parent: { readonly version: number; readonly sha256: Sha256Hex } | null;
    readonly structureHash: Sha256Hex;
    /** The SHA-256 of the certificate (`.phgcert` bytes) of this structure, if one was made. */
    readonly certificate: { readonly sha256: Sha256Hex } | null;
    /** The weights file (relative to the version directory), its digest and size. */
    readonly weights: { readonly file: string; readonly sha256: Sha256Hex; readonly bytes: number };
    /** The interface this version serves (from the certificate), if known. */
    readonly interface?: ModelInterface;
    /** Training provenance: dataset digest, seed, epochs, format, gradient mode, ... */
    readonly training: { readonly [key: string]: JsonValue };
    /** Evaluation metrics of the version (accuracy, loss, ...). */
    readonly metrics: { readonly [key: string]: JsonValue };
    readonly createdAt: string;
}

/** The statement of a version record: its subject is the weights file. */
export function versionRecordStatement(predicate: VersionRecordPredicate): Statement<VersionRecordPredicate> {
    return {
        _type: statementType,
        subject: [{ name: predicate.weights.file, digest: { sha256: predicate.weights.sha256 } }],
        predicateType: versionRecordPredicateType,
        predicate
    };
}

/** Signs a version record and returns the bytes of its `record.json`. */
export function signVersionRecord(predicate: VersionRecordPredicate, key: SigningKey): Buffer {
    const payload = statementPayload(versionRecordStatement(predicate) as unknown as Statement<JsonValue>);
    return envelopeFileBytes(signEnvelope(inTotoPayloadType, payload, key));
}

const predicateDecoder: Decoder<VersionRecordPredicate> = object<VersionRecordPredicate>({
    model: string,
    version: natural,
    parent: nullable(object({ version: natural, sha256 })),
    structureHash: sha256,
    certificate: nullable(object({ sha256 })),
    weights: object({ file: string, sha256, bytes: natural }),
    interface: optional(modelInterfaceDecoder),
    training: jsonObject,
    metrics: jsonObject,
    createdAt: string
});

/** Decodes a version record predicate from signed JSON. */
export function decodeVersionRecordPredicate(value: JsonValue): Decoded<VersionRecordPredicate> {
    const decoded = predicateDecoder(value, '/predicate');
    if (decoded.ok && !isSafeWeightsFileName(decoded.value.weights.file)) {
        return { ok: false, reason: `/predicate/weights/file: '${decoded.value.weights.file}' must be a plain file name inside the version directory` };
    }
    return decoded;
}

/** A weights file name stays inside its version directory: no separators, no `..`. */
function isSafeWeightsFileName(name: string): boolean {
    return name.length > 0 && !/[\\/]/.test(name) && name !== '.' && name !== '..';
}
