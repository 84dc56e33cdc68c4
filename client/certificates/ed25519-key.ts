// An Ed25519 signing key made in the extension host for VS Code's secret storage: the private key
// as PKCS#8 PEM (what `phg certify --key -` reads on stdin), its public half as SPKI PEM (what
// `phg keys trust FILE.pub` reads), and its fingerprint — the SHA-256 of the 32 raw public-key
// bytes, as engine/signing/keys.ts defines it (a unit test checks the two agree).
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';

/** A key pair as text. */
export interface Ed25519KeyText {
    readonly privateKeyPem: string;
    readonly publicKeyPem: string;
    readonly fingerprint: string;
}

/** Creates a fresh key pair; the private key never touches the disk. */
export function generateEd25519Key(): Ed25519KeyText {
    const { privateKey } = generateKeyPairSync('ed25519');
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const described = describeEd25519Key(pem);
    if (!described.ok) throw new Error(`node:crypto made an unreadable Ed25519 key: ${described.message}`);
    return described.key;
}

/** The public half and fingerprint of a private key PEM, or why it is not an Ed25519 key. */
export function describeEd25519Key(privateKeyPem: string): { readonly ok: true; readonly key: Ed25519KeyText } | { readonly ok: false; readonly message: string } {
    try {
        const privateKey = createPrivateKey(privateKeyPem);
        if (privateKey.asymmetricKeyType !== 'ed25519') return { ok: false, message: `a ${privateKey.asymmetricKeyType ?? 'non-asymmetric'} key, not Ed25519` };
        const publicKey = createPublicKey(privateKey);
        const raw = Buffer.from(publicKey.export({ format: 'jwk' }).x ?? '', 'base64url');
        if (raw.length !== 32) return { ok: false, message: 'the public key is not 32 bytes' };
        return {
            ok: true,
            key: {
                privateKeyPem,
                publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
                fingerprint: createHash('sha256').update(raw).digest('hex')
            }
        };
    } catch (error) {
        return { ok: false, message: error instanceof Error ? error.message : String(error) };
    }
}
