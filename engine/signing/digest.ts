// SHA-256 digests as lowercase hex, the form in-toto subjects and DSSE key ids use.
import { createHash } from 'node:crypto';

/** A SHA-256 digest as 64 lowercase hex characters. */
export type Sha256Hex = string;

/** The SHA-256 of some bytes, as lowercase hex. */
export function sha256Hex(bytes: Uint8Array | string): Sha256Hex {
    return createHash('sha256').update(bytes).digest('hex');
}

/** Whether a string has the form of a SHA-256 hex digest. */
export function isSha256Hex(text: unknown): text is Sha256Hex {
    return typeof text === 'string' && /^[0-9a-f]{64}$/.test(text);
}
