// The stable codes of certificate and version-record problems (docs/certificates.md lists them).
// PHG5001–PHG5006 are the verification codes of the design; 5007+ are the service's and the
// files' own failures that a user can cause.

/** Stable diagnostic codes of certificates, version records and rotation. */
export const CertificateCode = {
    /** The certificate is stale: the source's structure hash differs. */
    stale: 'PHG5001',
    /** A signature does not verify, or the signed envelope is malformed. */
    signatureInvalid: 'PHG5002',
    /** The signer is not in phg.trust.json. */
    untrustedSigner: 'PHG5003',
    /** The version chain is broken: parent hash mismatch, missing or unsigned record. */
    chainBroken: 'PHG5004',
    /** A weights file does not match its record's digest. */
    weightsMismatch: 'PHG5005',
    /** A version number does not increase (rollback protection). */
    versionNotIncreasing: 'PHG5006',
    /** phg.trust.json is unreadable or malformed. */
    trustStoreInvalid: 'PHG5007',
    /** A certificate, record or key file is missing or unreadable. */
    fileUnreadable: 'PHG5008',
    /** A candidate's interface (inputs/outputs) differs from the active version's. */
    interfaceIncompatible: 'PHG5009',
    /** A candidate failed its canary (disagreement or errors over threshold). */
    canaryFailed: 'PHG5010'
} as const;

/** One of the codes above. */
export type CertificateCodeValue = (typeof CertificateCode)[keyof typeof CertificateCode];
