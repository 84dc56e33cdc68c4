// Ed25519 keys (node:crypto) and their fingerprints. A fingerprint is the SHA-256 of the raw
// 32-byte public key: independent of how the key is encoded in a file, and what DSSE envelopes
// carry as their `keyid`.
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { sha256Hex, type Sha256Hex } from './digest.js';

/** The SHA-256 of a raw Ed25519 public key, 64 hex characters. */
export type Fingerprint = Sha256Hex;

/** A public key that can verify signatures. */
export interface PublicKey {
    readonly fingerprint: Fingerprint;
    /** The 32 raw key bytes, base64 — how `phg.trust.json` stores a key. */
    readonly rawBase64: string;
    readonly keyObject: KeyObject;
}

/** A private key and its public half. */
export interface SigningKey {
    readonly publicKey: PublicKey;
    readonly privateKey: KeyObject;
}

/** Why key material could not be read. */
export interface KeyProblem {
    readonly ok: false;
    readonly message: string;
}

/** Creates a fresh Ed25519 key pair. */
export function generateSigningKey(): SigningKey {
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    return { privateKey, publicKey: publicKeyFromObject(publicKey) };
}

/** The short form of a fingerprint that people read: `ab12…` style, first `length` hex digits. */
export function shortFingerprint(fingerprint: Fingerprint, length = 8): string {
    return fingerprint.slice(0, length);
}

/** Reads a PEM private key (PKCS#8) and checks that it is Ed25519. */
export function signingKeyFromPem(pem: string): { readonly ok: true; readonly key: SigningKey } | KeyProblem {
    let privateKey: KeyObject;
    try {
        privateKey = createPrivateKey({ key: pem, format: 'pem' });
    } catch (error) {
        return { ok: false, message: `not a PEM private key (${error instanceof Error ? error.message : String(error)})` };
    }
    if (privateKey.asymmetricKeyType !== 'ed25519') {
        return { ok: false, message: `expected an Ed25519 key, found ${privateKey.asymmetricKeyType ?? 'an unknown key type'}` };
    }
    return { ok: true, key: { privateKey, publicKey: publicKeyFromObject(createPublicKey(privateKey)) } };
}

/** Reads a PEM public key (SPKI) and checks that it is Ed25519. */
export function publicKeyFromPem(pem: string): { readonly ok: true; readonly key: PublicKey } | KeyProblem {
    let keyObject: KeyObject;
    try {
        keyObject = createPublicKey({ key: pem, format: 'pem' });
    } catch (error) {
        return { ok: false, message: `not a PEM public key (${error instanceof Error ? error.message : String(error)})` };
    }
    if (keyObject.asymmetricKeyType !== 'ed25519') {
        return { ok: false, message: `expected an Ed25519 key, found ${keyObject.asymmetricKeyType ?? 'an unknown key type'}` };
    }
    return { ok: true, key: publicKeyFromObject(keyObject) };
}

/** Rebuilds a public key from its 32 raw bytes in base64 (the trust store's form). */
export function publicKeyFromRawBase64(rawBase64: string): { readonly ok: true; readonly key: PublicKey } | KeyProblem {
    const raw = Buffer.from(rawBase64, 'base64');
    if (raw.length !== 32 || raw.toString('base64') !== rawBase64) {
        return { ok: false, message: 'an Ed25519 public key is 32 bytes in standard base64' };
    }
    try {
        const keyObject = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: raw.toString('base64url') }, format: 'jwk' });
        return { ok: true, key: publicKeyFromObject(keyObject) };
    } catch (error) {
        return { ok: false, message: `not an Ed25519 public key (${error instanceof Error ? error.message : String(error)})` };
    }
}

/** The PEM (PKCS#8) text of a private key. */
export function privateKeyPem(key: SigningKey): string {
    return key.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
}

/** The PEM (SPKI) text of a public key. */
export function publicKeyPem(key: PublicKey): string {
    return key.keyObject.export({ format: 'pem', type: 'spki' }).toString();
}

function publicKeyFromObject(keyObject: KeyObject): PublicKey {
    const jwk = keyObject.export({ format: 'jwk' });
    const raw = Buffer.from(jwk.x ?? '', 'base64url');
    return { keyObject, rawBase64: raw.toString('base64'), fingerprint: sha256Hex(raw) };
}
