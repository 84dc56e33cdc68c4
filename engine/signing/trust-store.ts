// The workspace's trust store, `phg.trust.json`: the public keys whose certificates and version
// records this workspace accepts. Each entry carries the key itself (verification needs it) and
// its fingerprint (what people compare); a fingerprint that does not match its key is refused.
import { readFileSync } from 'node:fs';
import { writeAtomic } from '../store/atomic-write.js';
import { publicKeyFromRawBase64, type Fingerprint, type PublicKey } from './keys.js';

/** The trust store's file name in a workspace root. */
export const trustStoreFileName = 'phg.trust.json';

/** One trusted key. */
export interface TrustedKey {
    readonly name: string;
    readonly publicKey: PublicKey;
    /** When it was added (ISO 8601), informational. */
    readonly addedAt: string;
}

/** The trusted keys of a workspace. */
export interface TrustStore {
    readonly keys: readonly TrustedKey[];
}

/** Something wrong in a trust store file, located by a JSON pointer (`/keys/1/publicKey`). */
export interface TrustStoreProblem {
    readonly message: string;
    readonly pointer: string;
}

/** An empty trust store (trusts nothing). */
export const emptyTrustStore: TrustStore = { keys: [] };

/** The trusted key with this fingerprint, if any. */
export function findTrustedKey(store: TrustStore, fingerprint: Fingerprint): TrustedKey | undefined {
    return store.keys.find((entry) => entry.publicKey.fingerprint === fingerprint);
}

/** A lookup function for envelope verification: fingerprint → trusted public key. */
export function trustedKeyLookup(store: TrustStore): (fingerprint: Fingerprint) => PublicKey | undefined {
    return (fingerprint) => findTrustedKey(store, fingerprint)?.publicKey;
}

/** The store with `key` added under `name`; unchanged (and `added: false`) if already trusted. */
export function addTrustedKey(store: TrustStore, key: PublicKey, name: string, addedAt: string): { readonly store: TrustStore; readonly added: boolean } {
    if (findTrustedKey(store, key.fingerprint)) return { store, added: false };
    return { store: { keys: [...store.keys, { name, publicKey: key, addedAt }] }, added: true };
}

/** Parses the text of a trust store; every malformed entry is reported, none is half-trusted. */
export function parseTrustStore(text: string): { readonly ok: true; readonly store: TrustStore } | { readonly ok: false; readonly problems: readonly TrustStoreProblem[] } {
    let value: unknown;
    try {
        value = JSON.parse(text);
    } catch (error) {
        return { ok: false, problems: [{ pointer: '', message: `not valid JSON (${error instanceof Error ? error.message : String(error)})` }] };
    }
    if (!isObject(value) || !Array.isArray(value.keys)) {
        return { ok: false, problems: [{ pointer: '', message: 'expected an object with a "keys" array' }] };
    }
    const problems: TrustStoreProblem[] = [];
    const keys: TrustedKey[] = [];
    value.keys.forEach((entry: unknown, index: number) => {
        const at = `/keys/${index}`;
        if (!isObject(entry)) {
            problems.push({ pointer: at, message: 'a key entry must be an object' });
            return;
        }
        const { name, fingerprint, publicKey, addedAt } = entry;
        if (typeof publicKey !== 'string') {
            problems.push({ pointer: `${at}/publicKey`, message: 'publicKey must be the base64 of the 32-byte Ed25519 key' });
            return;
        }
        const key = publicKeyFromRawBase64(publicKey);
        if (!key.ok) {
            problems.push({ pointer: `${at}/publicKey`, message: key.message });
            return;
        }
        if (fingerprint !== key.key.fingerprint) {
            problems.push({ pointer: `${at}/fingerprint`, message: `fingerprint does not match the key (the key's fingerprint is ${key.key.fingerprint})` });
            return;
        }
        keys.push({ name: typeof name === 'string' ? name : '', publicKey: key.key, addedAt: typeof addedAt === 'string' ? addedAt : '' });
    });
    return problems.length > 0 ? { ok: false, problems } : { ok: true, store: { keys } };
}

/** The text of a trust store file: pretty JSON, since people read and review it. */
export function serializeTrustStore(store: TrustStore): string {
    const keys = store.keys.map((entry) => ({
        name: entry.name,
        fingerprint: entry.publicKey.fingerprint,
        publicKey: entry.publicKey.rawBase64,
        addedAt: entry.addedAt
    }));
    return `${JSON.stringify({ keys }, null, 2)}\n`;
}

/** Reads a trust store file; a missing file is an empty store (nothing trusted yet). */
export function readTrustStore(file: string): { readonly ok: true; readonly store: TrustStore; readonly exists: boolean } | { readonly ok: false; readonly problems: readonly TrustStoreProblem[] } {
    let text: string;
    try {
        text = readFileSync(file, 'utf8');
    } catch (error) {
        if (isObject(error) && error.code === 'ENOENT') return { ok: true, store: emptyTrustStore, exists: false };
        return { ok: false, problems: [{ pointer: '', message: `cannot read ${file}` }] };
    }
    const parsed = parseTrustStore(text);
    return parsed.ok ? { ok: true, store: parsed.store, exists: true } : parsed;
}

/** Writes a trust store file atomically. */
export function writeTrustStore(file: string, store: TrustStore): void {
    writeAtomic(file, serializeTrustStore(store));
}

function isObject(value: unknown): value is { readonly [key: string]: unknown } {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}
