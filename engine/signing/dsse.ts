// DSSE (Dead Simple Signing Envelope, secure-systems-lab/dsse v1): the signature covers
// PAE(payloadType, payload), never the JSON around it, so the envelope's encoding cannot be
// used to smuggle a different meaning past a verifier.
import { sign, verify } from 'node:crypto';
import { canonicalFileBytes, parseCanonicalFile, type JsonValue } from './canonical-json.js';
import type { Fingerprint, PublicKey, SigningKey } from './keys.js';

/** One signature of an envelope: who (key id = fingerprint) and the Ed25519 signature. */
export interface EnvelopeSignature {
    readonly keyid: Fingerprint;
    /** The 64-byte signature, standard base64. */
    readonly sig: string;
}

/** A DSSE envelope as it is stored in a file. */
export interface Envelope {
    readonly payloadType: string;
    /** The payload bytes, standard base64. */
    readonly payload: string;
    readonly signatures: readonly EnvelopeSignature[];
}

/** An envelope read from bytes, with its payload decoded. */
export interface OpenedEnvelope {
    readonly envelope: Envelope;
    readonly payloadBytes: Buffer;
}

/** The outcome of checking an envelope's signatures against trusted keys. */
export type EnvelopeVerification =
    | { readonly status: 'verified'; readonly signer: PublicKey; readonly payloadBytes: Buffer }
    | { readonly status: 'untrusted'; readonly keyids: readonly string[] }
    | { readonly status: 'invalid'; readonly reason: string };

/** DSSE's pre-authentication encoding: what is actually signed. */
export function preAuthenticationEncoding(payloadType: string, payload: Uint8Array): Buffer {
    const type = Buffer.from(payloadType, 'utf8');
    return Buffer.concat([
        Buffer.from(`DSSEv1 ${type.length} `, 'utf8'), type,
        Buffer.from(` ${payload.length} `, 'utf8'), Buffer.from(payload)
    ]);
}

/** Signs a payload with one key and returns the envelope. */
export function signEnvelope(payloadType: string, payload: Uint8Array, key: SigningKey): Envelope {
    const signature = sign(null, preAuthenticationEncoding(payloadType, payload), key.privateKey);
    return {
        payloadType,
        payload: Buffer.from(payload).toString('base64'),
        signatures: [{ keyid: key.publicKey.fingerprint, sig: signature.toString('base64') }]
    };
}

/** The file bytes of an envelope: canonical JSON and a newline. */
export function envelopeFileBytes(envelope: Envelope): Buffer {
    return canonicalFileBytes(envelopeJson(envelope));
}

/**
 * Reads an envelope file strictly: canonical JSON, the three DSSE fields and nothing else,
 * strict base64. Returns why not, for a verifier to report as an invalid signature.
 */
export function openEnvelope(bytes: Uint8Array): { readonly ok: true; readonly opened: OpenedEnvelope } | { readonly ok: false; readonly reason: string } {
    const parsed = parseCanonicalFile(bytes);
    if (!parsed.ok) return parsed;
    const value = parsed.value;
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return { ok: false, reason: 'not a DSSE envelope (expected a JSON object)' };
    const record = value as { readonly [key: string]: JsonValue };
    const keys = Object.keys(record).sort().join(',');
    if (keys !== 'payload,payloadType,signatures') return { ok: false, reason: `not a DSSE envelope (fields ${keys || 'none'}; expected payload, payloadType, signatures)` };
    const { payload, payloadType, signatures } = record;
    if (typeof payloadType !== 'string') return { ok: false, reason: 'payloadType is not a string' };
    if (typeof payload !== 'string') return { ok: false, reason: 'payload is not a string' };
    const payloadBytes = strictBase64(payload);
    if (!payloadBytes) return { ok: false, reason: 'payload is not standard base64' };
    if (!Array.isArray(signatures) || signatures.length === 0) return { ok: false, reason: 'the envelope has no signatures' };
    const parsedSignatures: EnvelopeSignature[] = [];
    for (const entry of signatures as readonly JsonValue[]) {
        if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) return { ok: false, reason: 'a signature is not an object' };
        const signature = entry as { readonly [key: string]: JsonValue };
        if (Object.keys(signature).sort().join(',') !== 'keyid,sig') return { ok: false, reason: 'a signature must have exactly keyid and sig' };
        if (typeof signature.keyid !== 'string' || typeof signature.sig !== 'string') return { ok: false, reason: 'keyid and sig must be strings' };
        parsedSignatures.push({ keyid: signature.keyid, sig: signature.sig });
    }
    return { ok: true, opened: { envelope: { payloadType, payload, signatures: parsedSignatures }, payloadBytes } };
}

/**
 * Checks an envelope's signatures: verified if one signature's key id names a trusted key and
 * the signature holds; invalid if a trusted key's signature fails; untrusted if no key id is
 * trusted. The key id is matched exactly — a verifier never guesses the signer.
 */
export function verifyEnvelope(opened: OpenedEnvelope, expectedPayloadType: string, trustedKey: (fingerprint: Fingerprint) => PublicKey | undefined): EnvelopeVerification {
    const { envelope, payloadBytes } = opened;
    if (envelope.payloadType !== expectedPayloadType) {
        return { status: 'invalid', reason: `payloadType is '${envelope.payloadType}', expected '${expectedPayloadType}'` };
    }
    const message = preAuthenticationEncoding(envelope.payloadType, payloadBytes);
    let failure: string | undefined;
    for (const signature of envelope.signatures) {
        const key = trustedKey(signature.keyid);
        if (!key) continue;
        const sig = strictBase64(signature.sig);
        if (!sig || sig.length !== 64) {
            failure = `the signature by ${signature.keyid.slice(0, 8)} is not a 64-byte Ed25519 signature in base64`;
            continue;
        }
        if (verify(null, message, key.keyObject, sig)) return { status: 'verified', signer: key, payloadBytes };
        failure = `the signature by ${signature.keyid.slice(0, 8)} does not match the payload`;
    }
    if (failure !== undefined) return { status: 'invalid', reason: failure };
    return { status: 'untrusted', keyids: envelope.signatures.map((signature) => signature.keyid) };
}

function envelopeJson(envelope: Envelope): JsonValue {
    return {
        payloadType: envelope.payloadType,
        payload: envelope.payload,
        signatures: envelope.signatures.map((signature) => ({ keyid: signature.keyid, sig: signature.sig }))
    };
}

/** Decodes standard base64 only if re-encoding gives the same text (no slack bits, no junk). */
function strictBase64(text: string): Buffer | undefined {
    const bytes = Buffer.from(text, 'base64');
    return bytes.toString('base64') === text ? bytes : undefined;
}
