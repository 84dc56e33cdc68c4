// Small typed decoders for signed JSON. A valid signature proves who wrote a predicate, not that
// it has the fields a verifier reads, so every predicate is decoded before use and a malformed
// one is reported with the path of the offending field.
import type { JsonValue } from '../signing/canonical-json.js';
import { isSha256Hex, type Sha256Hex } from '../signing/digest.js';

/** A decoded value, or why the JSON at `path` is not one. */
export type Decoded<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };

/** Turns untrusted JSON into a typed value. */
export type Decoder<T> = (value: unknown, path: string) => Decoded<T>;

const ok = <T>(value: T): Decoded<T> => ({ ok: true, value });
const fail = <T>(path: string, expected: string): Decoded<T> => ({ ok: false, reason: `${path || '(root)'}: expected ${expected}` });

/** A string. */
export const string: Decoder<string> = (value, path) => (typeof value === 'string' ? ok(value) : fail(path, 'a string'));

/** A boolean. */
export const boolean: Decoder<boolean> = (value, path) => (typeof value === 'boolean' ? ok(value) : fail(path, 'true or false'));

/** A finite number. */
export const number: Decoder<number> = (value, path) => (typeof value === 'number' && Number.isFinite(value) ? ok(value) : fail(path, 'a number'));

/** A non-negative integer. */
export const natural: Decoder<number> = (value, path) => (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? ok(value) : fail(path, 'a non-negative integer'));

/** A SHA-256 digest in lowercase hex. */
export const sha256: Decoder<Sha256Hex> = (value, path) => (isSha256Hex(value) ? ok(value) : fail(path, 'a SHA-256 hex digest'));

/** Any JSON value, kept as is (provenance and metrics are open-ended). */
export const json: Decoder<JsonValue> = (value, path) => (value === undefined ? fail(path, 'a value') : ok(value as JsonValue));

/** A JSON object with arbitrary fields. */
export const jsonObject: Decoder<{ readonly [key: string]: JsonValue }> = (value, path) =>
    (typeof value === 'object' && value !== null && !Array.isArray(value) ? ok(value as { readonly [key: string]: JsonValue }) : fail(path, 'an object'));

/** An array of T. */
export function arrayOf<T>(item: Decoder<T>): Decoder<readonly T[]> {
    return (value, path) => {
        if (!Array.isArray(value)) return fail(path, 'an array');
        const items: T[] = [];
        for (let index = 0; index < value.length; index++) {
            const decoded = item(value[index], `${path}/${index}`);
            if (!decoded.ok) return decoded;
            items.push(decoded.value);
        }
        return ok(items);
    };
}

/** T or null. */
export function nullable<T>(inner: Decoder<T>): Decoder<T | null> {
    return (value, path) => (value === null ? ok(null) : inner(value, path));
}

/** T, or undefined when the field is absent. */
export function optional<T>(inner: Decoder<T>): Decoder<T | undefined> {
    return (value, path) => (value === undefined ? ok(undefined) : inner(value, path));
}

/** An object with these fields (others are ignored: newer tools may add fields). */
export function object<T>(fields: { readonly [K in keyof T]: Decoder<T[K]> }): Decoder<T> {
    return (value, path) => {
        if (typeof value !== 'object' || value === null || Array.isArray(value)) return fail(path, 'an object');
        const source = value as { readonly [key: string]: unknown };
        const result: Partial<T> = {};
        for (const key of Object.keys(fields) as (keyof T & string)[]) {
            const decoded = fields[key](source[key], `${path}/${key}`);
            if (!decoded.ok) return decoded;
            if (decoded.value !== undefined) result[key] = decoded.value;
        }
        return ok(result as T);
    };
}
