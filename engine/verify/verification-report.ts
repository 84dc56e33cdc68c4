// The result of verifying a certificate or a version: every check with its outcome, so the CLI
// can print each one and the editor can turn failures into diagnostics.
import type { StructureChange } from '../attest/structure-diff.js';
import type { CertificateCodeValue } from './certificate-codes.js';

/** The outcome of one check. */
export type CheckStatus = 'passed' | 'failed' | 'skipped';

/** One check of a verification. */
export interface VerificationCheck {
    /** Stable id: envelope, signer, signature, statement, structure, weights, version, chain, certificate, interface. */
    readonly id: string;
    /** What was checked, as a person reads it. */
    readonly title: string;
    readonly status: CheckStatus;
    /** Why it passed, failed or was skipped. */
    readonly message: string;
    /** Set on failures. */
    readonly code?: CertificateCodeValue;
    /** The file the check concerns (a diagnostic's location). */
    readonly file: string;
    /** On a stale certificate: what changed in the structure. */
    readonly changes?: readonly StructureChange[];
}

/** All checks of one verified artifact. */
export interface VerificationReport {
    /** What was verified: a certificate file or a version directory. */
    readonly subject: string;
    readonly checks: readonly VerificationCheck[];
}

/** Whether every check passed (skipped checks count as not passed). */
export function reportPassed(report: VerificationReport): boolean {
    return report.checks.every((check) => check.status === 'passed');
}

/** The codes of the failed checks, in check order. */
export function failedCodes(report: VerificationReport): readonly CertificateCodeValue[] {
    return report.checks.flatMap((check) => (check.status === 'failed' && check.code ? [check.code] : []));
}

/** Helpers that build checks for one file. */
export function checksFor(file: string): {
    readonly passed: (id: string, title: string, message: string) => VerificationCheck;
    readonly failed: (id: string, title: string, code: CertificateCodeValue, message: string, changes?: readonly StructureChange[]) => VerificationCheck;
    readonly skipped: (id: string, title: string, message: string) => VerificationCheck;
} {
    return {
        passed: (id, title, message) => ({ id, title, status: 'passed', message, file }),
        failed: (id, title, code, message, changes) => ({ id, title, status: 'failed', code, message, file, ...(changes ? { changes } : {}) }),
        skipped: (id, title, message) => ({ id, title, status: 'skipped', message, file })
    };
}
