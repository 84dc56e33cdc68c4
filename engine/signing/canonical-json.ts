// Canonical JSON (RFC 8785, JCS) wherever bytes are signed or hashed: the same value always
// serializes to the same bytes, so a signature over them is reproducible by any verifier.
import canonicalize from 'canonicalize';

/** A JSON value as RFC 8785 accepts it (finite numbers only). */
export type JsonValue = null | boolean | number | string | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/** The RFC 8785 canonical text of a JSON value. */
export function canonicalJson(value: JsonValue): string {
    const text = canonicalize(value);
    // canonicalize returns undefined only for undefined/symbol, which JsonValue excludes.
    if (text === undefined) throw new Error('canonicalJson: value has no JSON form');
    return text;
}

/** The RFC 8785 canonical UTF-8 bytes of a JSON value. */
export function canonicalBytes(value: JsonValue): Buffer {
    return Buffer.from(canonicalJson(value), 'utf8');
}

/** Why a text is not the canonical form of a JSON document. */
export interface CanonicalParseFailure {
    readonly ok: false;
    readonly reason: string;
}

/**
 * Parses a file written as canonical JSON followed by one newline, and refuses anything else.
 * Strictness is deliberate: a signed file has exactly one byte form, so any edit to it — even
 * one that JSON.parse would forgive, like whitespace — is detectable.
 */
export function parseCanonicalFile(bytes: Uint8Array): { readonly ok: true; readonly value: JsonValue } | CanonicalParseFailure {
    const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
    let value: JsonValue;
    try {
        value = JSON.parse(text) as JsonValue;
    } catch (error) {
        return { ok: false, reason: `not valid JSON (${error instanceof Error ? error.message : String(error)})` };
    }
    let canonical: string;
    try {
        canonical = canonicalJson(value);
    } catch (error) {
        return { ok: false, reason: `not representable as canonical JSON (${error instanceof Error ? error.message : String(error)})` };
    }
    const expected = Buffer.from(`${canonical}\n`, 'utf8');
    if (!expected.equals(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength))) {
        return { ok: false, reason: 'not in canonical form (RFC 8785 followed by one newline): the file was edited' };
    }
    return { ok: true, value };
}

/** The bytes of a canonical JSON file: canonical text and one trailing newline. */
export function canonicalFileBytes(value: JsonValue): Buffer {
    return Buffer.from(`${canonicalJson(value)}\n`, 'utf8');
}
