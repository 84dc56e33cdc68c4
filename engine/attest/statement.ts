// in-toto Statement v1 (https://in-toto.io/Statement/v1): "these subjects (name + digest) have
// this predicate". Certificates and version records are both statements with predicates of ours,
// carried in DSSE envelopes with the in-toto payload type.
import { canonicalBytes, type JsonValue } from '../signing/canonical-json.js';
import { isSha256Hex, type Sha256Hex } from '../signing/digest.js';

/** The `_type` of an in-toto Statement v1. */
export const statementType = 'https://in-toto.io/Statement/v1';

/** The DSSE payload type of an in-toto statement. */
export const inTotoPayloadType = 'application/vnd.in-toto+json';

/** An artifact a statement is about. */
export interface Subject {
    readonly name: string;
    readonly digest: { readonly sha256: Sha256Hex };
}

/** An in-toto Statement v1 with a predicate of type P. */
export interface Statement<P> {
    readonly _type: typeof statementType;
    readonly subject: readonly Subject[];
    readonly predicateType: string;
    readonly predicate: P;
}

/** The canonical payload bytes of a statement (what a DSSE envelope carries and signs). */
export function statementPayload<P extends JsonValue>(statement: Statement<P>): Buffer {
    return canonicalBytes(statement as unknown as JsonValue);
}

/** A statement whose envelope shape was checked; its predicate is still raw JSON. */
export interface UncheckedStatement {
    readonly subject: readonly Subject[];
    readonly predicateType: string;
    readonly predicate: JsonValue;
}

/** Parses a statement payload and checks its type, subjects and predicate type. */
export function parseStatement(payload: Uint8Array, expectedPredicateType: string): { readonly ok: true; readonly statement: UncheckedStatement } | { readonly ok: false; readonly reason: string } {
    let value: unknown;
    try {
        value = JSON.parse(Buffer.from(payload).toString('utf8'));
    } catch {
        return { ok: false, reason: 'the payload is not JSON' };
    }
    if (!isRecord(value)) return { ok: false, reason: 'the payload is not a JSON object' };
    if (value._type !== statementType) return { ok: false, reason: `the payload is not an in-toto Statement v1 (_type ${JSON.stringify(value._type)})` };
    if (value.predicateType !== expectedPredicateType) {
        return { ok: false, reason: `predicateType is ${JSON.stringify(value.predicateType)}, expected ${expectedPredicateType}` };
    }
    if (!Array.isArray(value.subject) || value.subject.length === 0) return { ok: false, reason: 'the statement has no subject' };
    const subject: Subject[] = [];
    for (const entry of value.subject as unknown[]) {
        if (!isRecord(entry) || typeof entry.name !== 'string' || !isRecord(entry.digest) || !isSha256Hex(entry.digest.sha256)) {
            return { ok: false, reason: 'a subject lacks a name or a sha256 digest' };
        }
        subject.push({ name: entry.name, digest: { sha256: entry.digest.sha256 } });
    }
    if (!('predicate' in value)) return { ok: false, reason: 'the statement has no predicate' };
    return { ok: true, statement: { subject, predicateType: value.predicateType, predicate: value.predicate as JsonValue } };
}

function isRecord(value: unknown): value is { readonly [key: string]: unknown } {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}
