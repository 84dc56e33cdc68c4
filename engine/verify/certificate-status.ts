// What the editor shows about a model's certificate: the code lens (`✓ certified v7 · key ab12…`
// / `✗ stale: W2 shape 32×10 → 32×12`) and diagnostics on the `.phgcert` file and on the model.
// Pure: the language server passes in bytes and the lowered model; no file system, no LSP.
import type { StructureChange } from '../attest/structure-diff.js';
import { describeChange } from '../attest/structure-diff.js';
import { shortFingerprint } from '../signing/keys.js';
import type { TrustStore } from '../signing/trust-store.js';
import type { CertificateCodeValue } from './certificate-codes.js';
import { verifyCertificate, type CurrentModel } from './verify-certificate.js';

/** The state a model's certificate is in. */
export type CertificateState = 'certified' | 'stale' | 'untrusted' | 'invalid' | 'uncertified';

/** Where a certificate diagnostic belongs. */
export type CertificateDiagnosticTarget =
    /** The `.phgcert` file (whole file). */
    | { readonly kind: 'certificate' }
    /** The model declaration in the `.phg` source. */
    | { readonly kind: 'model'; readonly model: string }
    /** A node's declaration in the `.phg` source (a changed param, input, value). */
    | { readonly kind: 'node'; readonly model: string; readonly node: string };

/** A diagnostic the language server publishes. */
export interface CertificateDiagnostic {
    readonly code: CertificateCodeValue;
    readonly severity: 'error' | 'warning';
    readonly message: string;
    readonly target: CertificateDiagnosticTarget;
}

/** The editor's view of one model's certificate. */
export interface CertificateStatus {
    readonly state: CertificateState;
    /** The code lens title. */
    readonly label: string;
    /** The signer's full fingerprint, when the signature holds. */
    readonly signer?: string;
    readonly diagnostics: readonly CertificateDiagnostic[];
}

/** What certificateStatus needs. */
export interface CertificateStatusInput {
    /** The model's name in the source. */
    readonly model: string;
    /** The `.phgcert` bytes, or undefined when the model has no certificate. */
    readonly certificateBytes: Uint8Array | undefined;
    readonly trust: TrustStore;
    /** The current source's lowered model; undefined when the source does not lower (it has errors). */
    readonly current: CurrentModel | undefined;
    /** The newest signed version that pins this certificate, for the `v7` of the label. */
    readonly certifiedVersion?: number;
}

/** The certificate status of a model, as the code lens and diagnostics show it. */
export function certificateStatus(input: CertificateStatusInput): CertificateStatus {
    if (!input.certificateBytes) {
        return { state: 'uncertified', label: `○ not certified · run PHG: Certify Model`, diagnostics: [] };
    }
    const { report, predicate, signer } = verifyCertificate(`${input.model}.phgcert`, input.certificateBytes, input.trust, input.current);
    const failed = report.checks.find((check) => check.status === 'failed');
    const key = signer ? `key ${shortFingerprint(signer.fingerprint, 4)}…` : '';
    const version = input.certifiedVersion !== undefined ? ` v${input.certifiedVersion}` : '';
    if (!failed) {
        const structure = report.checks.find((check) => check.id === 'structure');
        if (structure?.status === 'skipped') {
            return { state: 'certified', label: `✓ certified${version} · ${key} · source has errors, not re-checked`, ...(signer ? { signer: signer.fingerprint } : {}), diagnostics: [] };
        }
        return { state: 'certified', label: `✓ certified${version} · ${key}`, ...(signer ? { signer: signer.fingerprint } : {}), diagnostics: [] };
    }
    const code = failed.code as CertificateCodeValue;
    const onCertificate: CertificateDiagnostic = { code, severity: 'error', message: `${failed.title}: ${failed.message}`, target: { kind: 'certificate' } };
    if (failed.id === 'structure') {
        const changes = failed.changes ?? [];
        // A named node (W2) says more than an anonymous intermediate (%3) that changed with it.
        const first = changes.find((change) => !changedName(change).startsWith('%')) ?? changes[0];
        const label = `✗ stale: ${first ? describeChange(first) : 'structure changed'}${changes.length > 1 ? ` (+${changes.length - 1} more)` : ''}`;
        return {
            state: 'stale',
            label,
            ...(signer ? { signer: signer.fingerprint } : {}),
            diagnostics: [onCertificate, ...staleModelDiagnostics(predicate?.model ?? input.model, code, changes, failed.message)]
        };
    }
    if (failed.id === 'signer') {
        return { state: 'untrusted', label: '✗ certificate signer not trusted (phg keys trust)', diagnostics: [onCertificate, { ...onCertificate, target: { kind: 'model', model: input.model } }] };
    }
    return { state: 'invalid', label: '✗ certificate signature invalid', diagnostics: [onCertificate, { ...onCertificate, target: { kind: 'model', model: input.model } }] };
}

/** PHG5001 on each changed node's declaration (or on the model when no node can carry it). */
function staleModelDiagnostics(model: string, code: CertificateCodeValue, changes: readonly StructureChange[], summary: string): CertificateDiagnostic[] {
    const diagnostics: CertificateDiagnostic[] = [];
    for (const change of changes) {
        const node = changedName(change);
        if (node.startsWith('%')) continue; // anonymous values have no declaration to point at
        diagnostics.push({ code, severity: 'warning', message: `certificate is stale: ${describeChange(change)}; re-certify with PHG: Certify Model`, target: { kind: 'node', model, node } });
    }
    if (diagnostics.length === 0) diagnostics.push({ code, severity: 'warning', message: `certificate is ${summary}; re-certify with PHG: Certify Model`, target: { kind: 'model', model } });
    return diagnostics;
}

function changedName(change: StructureChange): string {
    return 'node' in change ? change.node : change.target;
}
