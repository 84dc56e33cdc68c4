// The checks every signed PHG file shares: a well-formed DSSE envelope, a trusted signer, a valid
// signature, and an in-toto statement of the expected predicate type inside.
import { parseStatement, inTotoPayloadType, type UncheckedStatement } from '../attest/statement.js';
import { openEnvelope, verifyEnvelope } from '../signing/dsse.js';
import type { PublicKey } from '../signing/keys.js';
import { trustedKeyLookup, type TrustStore } from '../signing/trust-store.js';
import { CertificateCode } from './certificate-codes.js';
import { checksFor, type VerificationCheck } from './verification-report.js';

/** The checks of a signed statement and, when they all pass, the statement and its signer. */
export interface SignedStatementResult {
    readonly checks: readonly VerificationCheck[];
    readonly verified?: { readonly statement: UncheckedStatement; readonly signer: PublicKey };
}

/** Opens a signed statement file and checks envelope, signer and signature (PHG5002, PHG5003). */
export function verifySignedStatement(file: string, bytes: Uint8Array, predicateType: string, trust: TrustStore): SignedStatementResult {
    const check = checksFor(file);
    const opened = openEnvelope(bytes);
    if (!opened.ok) {
        return {
            checks: [
                check.failed('signature', 'signature', CertificateCode.signatureInvalid, `the signed envelope is malformed: ${opened.reason}`),
                check.skipped('signer', 'signer trusted', 'no readable signature')
            ]
        };
    }
    const verification = verifyEnvelope(opened.opened, inTotoPayloadType, trustedKeyLookup(trust));
    if (verification.status === 'untrusted') {
        const keys = verification.keyids.map((keyid) => keyid.slice(0, 8)).join(', ');
        return {
            checks: [
                check.failed('signer', 'signer trusted', CertificateCode.untrustedSigner, `signed by key ${keys}, which phg.trust.json does not list; trust it with 'phg keys trust'`),
                check.skipped('signature', 'signature', 'no trusted key to check it with')
            ]
        };
    }
    if (verification.status === 'invalid') {
        return {
            checks: [
                check.passed('signer', 'signer trusted', 'the key id names a trusted key'),
                check.failed('signature', 'signature', CertificateCode.signatureInvalid, `signature invalid: ${verification.reason}`)
            ]
        };
    }
    const signerName = `key ${verification.signer.fingerprint.slice(0, 8)}`;
    const statement = parseStatement(verification.payloadBytes, predicateType);
    if (!statement.ok) {
        return {
            checks: [
                check.passed('signer', 'signer trusted', `${signerName} is in phg.trust.json`),
                check.failed('signature', 'signature', CertificateCode.signatureInvalid, `signed, but not a valid statement: ${statement.reason}`)
            ]
        };
    }
    return {
        checks: [
            check.passed('signer', 'signer trusted', `${signerName} is in phg.trust.json`),
            check.passed('signature', 'signature', `valid Ed25519 signature by ${signerName}`)
        ],
        verified: { statement: statement.statement, signer: verification.signer }
    };
}
