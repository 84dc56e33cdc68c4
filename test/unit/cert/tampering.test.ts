// Flip each byte of a certificate, a record, a weights file and a parent record, one at a time:
// verification must fail, every time, with the code that names what was tampered with.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { canonicalJson, type JsonValue } from '../../../engine/signing/canonical-json.js';
import { CertificateCode, type CertificateCodeValue } from '../../../engine/verify/certificate-codes.js';
import { failedCodes } from '../../../engine/verify/verification-report.js';
import { verifyCertificate } from '../../../engine/verify/verify-certificate.js';
import { verifyVersion } from '../../../engine/verify/verify-version.js';
import { createSignedWorkspace } from './signed-store.js';

/** A nonzero XOR mask per position, from a fixed-seed generator, so each flip is reproducible. */
function maskAt(position: number): number {
    // murmur3's 32-bit finalizer: neighbouring positions get unrelated masks.
    let mixed = position + 0x9e3779b9;
    mixed = Math.imul(mixed ^ (mixed >>> 16), 0x85ebca6b);
    mixed = Math.imul(mixed ^ (mixed >>> 13), 0xc2b2ae35);
    mixed = (mixed ^ (mixed >>> 16)) >>> 0;
    return (mixed % 255) + 1;
}

/** Flips one byte of `original` at `position`. */
function flipped(original: Buffer, position: number): Buffer {
    const copy = Buffer.from(original);
    copy[position] = (copy[position] ?? 0) ^ maskAt(position);
    return copy;
}

/**
 * The code a tampered signed file must get. Only the signature's key id is outside what the
 * signature covers; a flip there that leaves a well-formed canonical envelope names another
 * signer (PHG5003). Every other flip makes the envelope unreadable or the signature fail (PHG5002).
 */
function expectedSignedFileCode(original: Buffer, tampered: Buffer): CertificateCodeValue {
    type Envelope = { payload: string; payloadType: string; signatures: { keyid: string; sig: string }[] };
    let before: Envelope;
    let after: Envelope;
    try {
        before = JSON.parse(original.toString('utf8')) as Envelope;
        after = JSON.parse(tampered.toString('utf8')) as Envelope;
    } catch {
        return CertificateCode.signatureInvalid;
    }
    const canonical = Buffer.from(`${canonicalJson(after as unknown as JsonValue)}\n`, 'utf8').equals(tampered);
    const signature = Array.isArray(after.signatures) && after.signatures.length === 1 ? after.signatures[0] : undefined;
    const keyidOnly = canonical
        && Object.keys(after).sort().join() === 'payload,payloadType,signatures'
        && after.payload === before.payload && after.payloadType === before.payloadType
        && signature !== undefined && Object.keys(signature).sort().join() === 'keyid,sig'
        && typeof signature.keyid === 'string' && signature.keyid !== before.signatures[0]?.keyid
        && signature.sig === before.signatures[0]?.sig;
    return keyidOnly ? CertificateCode.untrustedSigner : CertificateCode.signatureInvalid;
}

describe('tampering with a single byte', () => {
    const workspace = createSignedWorkspace(3, 512);
    const v3 = join(workspace.versionsDirectory, '3');
    const v2 = join(workspace.versionsDirectory, '2');

    function verifyTop(): readonly CertificateCodeValue[] {
        return failedCodes(verifyVersion({ versionsDirectory: workspace.versionsDirectory, version: 3, trust: workspace.trust, current: workspace.current }).report);
    }

    it('starts from a store and certificate that verify', () => {
        expect(verifyTop()).toEqual([]);
        expect(failedCodes(verifyCertificate(workspace.certificateFile, workspace.certificateBytes, workspace.trust, workspace.current).report)).toEqual([]);
    });

    it('of the certificate, at every position, fails with PHG5002 (or PHG5003 for the key id)', () => {
        const original = workspace.certificateBytes;
        const seen = new Set<string>();
        for (let position = 0; position < original.length; position++) {
            const tampered = flipped(original, position);
            const codes = failedCodes(verifyCertificate(workspace.certificateFile, tampered, workspace.trust, workspace.current).report);
            const expected = expectedSignedFileCode(original, tampered);
            seen.add(expected);
            if (codes.length !== 1 || codes[0] !== expected) expect({ position, codes }).toEqual({ position, codes: [expected] });
        }
        expect(original.length).toBeGreaterThan(1000);
        expect([...seen].sort()).toEqual([CertificateCode.signatureInvalid, CertificateCode.untrustedSigner]);
    });

    for (const [label, file, expectedOf] of [
        ['the version record', join(v3, 'record.json'), expectedSignedFileCode],
        ['the weights file', join(v3, 'weights.bin'), (): CertificateCodeValue => CertificateCode.weightsMismatch],
        ['the parent record', join(v2, 'record.json'), (): CertificateCodeValue => CertificateCode.chainBroken],
        ['the pinned certificate', join(v3, 'certificate.phgcert'), (): CertificateCodeValue => CertificateCode.chainBroken]
    ] as const) {
        it(`of ${label}, at every position, fails verification of the newest version with the right code`, () => {
            const original = readFileSync(file);
            try {
                for (let position = 0; position < original.length; position++) {
                    const tampered = flipped(original, position);
                    writeFileSync(file, tampered);
                    const codes = verifyTop();
                    const expected = expectedOf(original, tampered);
                    if (codes.length !== 1 || codes[0] !== expected) expect({ position, codes }).toEqual({ position, codes: [expected] });
                }
            } finally {
                writeFileSync(file, original);
            }
            expect(verifyTop()).toEqual([]);
        });
    }
});
