import { createHash, createPrivateKey } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { envelopeFileBytes, openEnvelope, preAuthenticationEncoding, signEnvelope, verifyEnvelope } from '../../../engine/signing/dsse.js';
import { generateSigningKey, signingKeyFromPem, type PublicKey } from '../../../engine/signing/keys.js';

// RFC 8032 section 7.1, TEST 1: an Ed25519 key pair and its signature of the empty message.
const rfc8032 = {
    secret: '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60',
    public: 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a',
    signatureOfEmpty: 'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b'
};

function rfcKeyPem(): string {
    // PKCS#8 wrapping of a raw Ed25519 seed (RFC 8410): a fixed 16-byte prefix, then the seed.
    const der = Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), Buffer.from(rfc8032.secret, 'hex')]);
    return createPrivateKey({ key: der, format: 'der', type: 'pkcs8' }).export({ format: 'pem', type: 'pkcs8' }).toString();
}

describe('DSSE envelopes', () => {
    it('pre-authentication encoding is the DSSE v1 byte layout', () => {
        expect(preAuthenticationEncoding('http://example.com/HelloWorld', Buffer.from('hello world')).toString())
            .toBe('DSSEv1 29 http://example.com/HelloWorld 11 hello world');
        expect(preAuthenticationEncoding('t', Buffer.from('')).toString()).toBe('DSSEv1 1 t 0 ');
    });

    it('reads an RFC 8032 key: its fingerprint is the SHA-256 of the raw public key', () => {
        const key = signingKeyFromPem(rfcKeyPem());
        expect(key.ok).toBe(true);
        if (!key.ok) return;
        expect(Buffer.from(key.key.publicKey.rawBase64, 'base64').toString('hex')).toBe(rfc8032.public);
        expect(key.key.publicKey.fingerprint).toBe(createHash('sha256').update(Buffer.from(rfc8032.public, 'hex')).digest('hex'));
    });

    it('signs PAE(type, payload) with Ed25519: the RFC key gives a signature that verifies', () => {
        const parsed = signingKeyFromPem(rfcKeyPem());
        if (!parsed.ok) throw new Error(parsed.message);
        const envelope = signEnvelope('application/vnd.in-toto+json', Buffer.from('{"a":1}'), parsed.key);
        expect(envelope.signatures[0]?.keyid).toBe(parsed.key.publicKey.fingerprint);
        const opened = openEnvelope(envelopeFileBytes(envelope));
        if (!opened.ok) throw new Error(opened.reason);
        const lookup = (fingerprint: string): PublicKey | undefined => (fingerprint === parsed.key.publicKey.fingerprint ? parsed.key.publicKey : undefined);
        const result = verifyEnvelope(opened.opened, 'application/vnd.in-toto+json', lookup);
        expect(result.status).toBe('verified');
    });

    it('node:crypto Ed25519 reproduces the RFC 8032 signature of the empty message', async () => {
        const { sign } = await import('node:crypto');
        expect(sign(null, Buffer.alloc(0), createPrivateKey(rfcKeyPem())).toString('hex')).toBe(rfc8032.signatureOfEmpty);
    });

    it('reports a changed payload as invalid, an unknown key id as untrusted', () => {
        const key = generateSigningKey();
        const other = generateSigningKey();
        const envelope = signEnvelope('type/x', Buffer.from('payload'), key);
        const lookup = (fingerprint: string): PublicKey | undefined => (fingerprint === key.publicKey.fingerprint ? key.publicKey : undefined);

        const changed = { ...envelope, payload: Buffer.from('pAyload').toString('base64') };
        const openedChanged = openEnvelope(envelopeFileBytes(changed));
        if (!openedChanged.ok) throw new Error(openedChanged.reason);
        expect(verifyEnvelope(openedChanged.opened, 'type/x', lookup).status).toBe('invalid');

        const signedByOther = signEnvelope('type/x', Buffer.from('payload'), other);
        const openedOther = openEnvelope(envelopeFileBytes(signedByOther));
        if (!openedOther.ok) throw new Error(openedOther.reason);
        expect(verifyEnvelope(openedOther.opened, 'type/x', lookup)).toEqual({ status: 'untrusted', keyids: [other.publicKey.fingerprint] });

        const openedRight = openEnvelope(envelopeFileBytes(envelope));
        if (!openedRight.ok) throw new Error(openedRight.reason);
        expect(verifyEnvelope(openedRight.opened, 'type/y', lookup).status).toBe('invalid');
    });

    it('refuses envelopes with extra fields, non-canonical bytes or sloppy base64', () => {
        const key = generateSigningKey();
        const envelope = signEnvelope('t', Buffer.from('p'), key);
        const good = envelopeFileBytes(envelope).toString();
        expect(openEnvelope(Buffer.from(good)).ok).toBe(true);
        expect(openEnvelope(Buffer.from(good.replace('{', '{"extra":1,'))).ok).toBe(false);
        expect(openEnvelope(Buffer.from(good.replace('\n', ''))).ok).toBe(false);
        // "cA==" decodes to "p"; "cB==" decodes to "p" too under lenient decoders (slack bits).
        expect(openEnvelope(Buffer.from(good.replace('"cA=="', '"cB=="'))).ok).toBe(false);
    });
});
