// What the editor shows about each model's certificate: the code lens, the diagnostics on the model
// (PHG5001 on each changed declaration; PHG5002/5003/5007/5008 and a failing newest version's
// PHG5002–5006 on the model's name) and the diagnostics on the files themselves (the `.phgcert`,
// `phg.trust.json`, a version's `record.json`). engine/verify decides; this file places the
// results in the source and words the lenses.
import type { LangiumDocument } from 'langium';
import { URI } from 'langium';
import { DiagnosticSeverity, type Command, type Diagnostic, type Range } from 'vscode-languageserver';
import type { TrustStore } from '../../engine/signing/trust-store.js';
import { CertificateCode, type CertificateCodeValue } from '../../engine/verify/certificate-codes.js';
import { certificateStatus, type CertificateDiagnostic, type CertificateStatus } from '../../engine/verify/certificate-status.js';
import { analyzeDocument, type ModelAnalysis } from '../../language/index.js';
import type { PhgLspServices } from '../phg-lsp-module.js';
import { certificateFilesOf, type CertificateFiles } from './certificate-files.js';
import { certifiesSource } from './certified-source.js';
import { loweredModelOf, nameRange, nodeDeclarationRange, type LoweredModel } from './current-model.js';
import type { VersionStatus } from './version-status.js';

/** The client commands the lenses run (client/commands/). */
export const certificateCommands = { certify: 'phg.certifyModel', verify: 'phg.verifyCertificate', open: 'vscode.open' } as const;

/** A certificate file's bytes, its absence, or why it cannot be read. */
export type CertificateRead =
    | { readonly kind: 'present'; readonly bytes: Uint8Array }
    | { readonly kind: 'absent' }
    | { readonly kind: 'unreadable'; readonly message: string };

/** The trust store, its absence (nothing trusted yet), or why it is malformed. */
export type TrustRead =
    | { readonly kind: 'present'; readonly store: TrustStore }
    | { readonly kind: 'absent'; readonly store: TrustStore }
    | { readonly kind: 'malformed'; readonly message: string };

/** The file reads an evaluation needs; the certificate workspace caches them. */
export interface CertificateInputs {
    certificate(file: string): CertificateRead;
    trust(file: string): TrustRead;
    /** The newest version whose record pins these certificate bytes (the `v7` of the label). */
    certifiedVersion(versions: string, certificateBytes: Uint8Array): number | undefined;
    /** The newest version of `model`, verified. */
    newestVersion(versions: string, model: string, trust: TrustStore): VersionStatus;
}

/** Diagnostics for one file other than the `.phg` source. */
export interface FileDiagnostics {
    /** Absolute path. */
    readonly file: string;
    readonly diagnostics: readonly Diagnostic[];
}

/** One model's certificate, as the editor shows it. */
export interface ModelCertificate {
    readonly model: string;
    readonly files: CertificateFiles;
    /** Undefined when the model has no certificate (or the trust store cannot be read). */
    readonly status: CertificateStatus | undefined;
    readonly version: VersionStatus | undefined;
    /** Where the lenses sit: the first line of the model declaration. */
    readonly lensRange: Range;
    readonly lenses: readonly Command[];
    readonly modelDiagnostics: readonly Diagnostic[];
    readonly fileDiagnostics: readonly FileDiagnostics[];
}

/** Evaluates every model of a document. */
export function evaluateModelCertificates(document: LangiumDocument, services: PhgLspServices, inputs: CertificateInputs): ModelCertificate[] {
    if (document.uri.scheme !== 'file') return [];
    const analysis = analyzeDocument(document, services);
    const results: ModelCertificate[] = [];
    for (const model of analysis.models) {
        const range = model.model.$cstNode?.range;
        if (range === undefined || model.model.name === undefined) continue;
        results.push(evaluateModel(document, services, inputs, model, { start: range.start, end: { line: range.start.line, character: range.start.character + 1 } }));
    }
    return results;
}

function evaluateModel(document: LangiumDocument, services: PhgLspServices, inputs: CertificateInputs, model: ModelAnalysis, lensRange: Range): ModelCertificate {
    const name = model.model.name;
    const files = certificateFilesOf(document.uri.fsPath, name);
    const uri = document.uri.toString();
    const modelRange = nameRange(model.model) ?? lensRange;
    const base = { model: name, files, lensRange };
    const trust = inputs.trust(files.trustStore);
    const read = inputs.certificate(files.certificate);
    // The certificate beside the file may be another file's model of the same name: then this one has none.
    const certificate: CertificateRead = read.kind === 'present' && !certifiesSource(read.bytes, files.root, document.uri.fsPath) ? { kind: 'absent' } : read;
    if (trust.kind === 'malformed') {
        if (certificate.kind === 'absent') return { ...base, status: undefined, version: undefined, lenses: [], modelDiagnostics: [], fileDiagnostics: [] };
        const message = `${files.trustStore} is malformed: ${trust.message}`;
        return {
            ...base, status: undefined, version: undefined,
            lenses: [{ title: `✗ phg.trust.json is malformed (${CertificateCode.trustStoreInvalid})`, command: certificateCommands.open, arguments: [URI.file(files.trustStore).toString()] }],
            modelDiagnostics: [diagnostic(modelRange, CertificateCode.trustStoreInvalid, `the certificate of ${name} cannot be checked: ${message}`, DiagnosticSeverity.Warning)],
            fileDiagnostics: [{ file: files.trustStore, diagnostics: [diagnostic(firstLine, CertificateCode.trustStoreInvalid, message, DiagnosticSeverity.Error)] }]
        };
    }
    if (certificate.kind === 'unreadable') {
        return {
            ...base, status: undefined, version: undefined,
            lenses: [{ title: `✗ ${name}.phgcert cannot be read (${CertificateCode.fileUnreadable})`, command: certificateCommands.verify, arguments: [{ uri, model: name }] }],
            modelDiagnostics: [diagnostic(modelRange, CertificateCode.fileUnreadable, `${files.certificate} cannot be read: ${certificate.message}`, DiagnosticSeverity.Warning)],
            fileDiagnostics: []
        };
    }
    if (certificate.kind === 'absent') {
        // Quiet for a workspace that does not use certificates; an action where it does.
        const lenses = trust.kind === 'present' ? [{ title: 'certify…', command: certificateCommands.certify, arguments: [{ uri, model: name }] }] : [];
        return { ...base, status: undefined, version: undefined, lenses, modelDiagnostics: [], fileDiagnostics: [] };
    }
    const lowered = loweredModelOf(document, services, model);
    const status = certificateStatus({
        model: name,
        certificateBytes: certificate.bytes,
        trust: trust.store,
        current: lowered?.current,
        certifiedVersion: inputs.certifiedVersion(files.versions, certificate.bytes)
    });
    const placed = placeDiagnostics(status.diagnostics, model, lowered, modelRange);
    const version = status.state === 'certified' || status.state === 'stale' ? inputs.newestVersion(files.versions, name, trust.store) : undefined;
    const certificateUri = URI.file(files.certificate).toString();
    const lenses: Command[] = [status.state === 'stale'
        ? { title: status.label, command: certificateCommands.certify, arguments: [{ uri, model: name }] }
        : { title: status.label, command: certificateCommands.verify, arguments: [{ uri: certificateUri, model: name }] }];
    const modelDiagnostics = [...placed.model];
    const fileDiagnostics: FileDiagnostics[] = [{ file: files.certificate, diagnostics: placed.certificate }];
    if (version?.kind === 'failed') {
        const message = `version ${version.version} of ${name} does not verify: ${version.title}: ${version.message}`;
        lenses.push({ title: `✗ v${version.version}: ${version.title} (${version.code})`, command: certificateCommands.verify, arguments: [{ uri: URI.file(version.recordFile).toString(), model: name }] });
        modelDiagnostics.push(diagnostic(modelRange, version.code, message, DiagnosticSeverity.Warning));
        fileDiagnostics.push({ file: version.recordFile, diagnostics: [diagnostic(firstLine, version.code, message, DiagnosticSeverity.Error)] });
    }
    return { ...base, status, version, lenses, modelDiagnostics, fileDiagnostics };
}

/** A `.phgcert` or record is one line of canonical JSON: a diagnostic on it covers that line. */
const firstLine: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 2 ** 31 - 1 } };

function placeDiagnostics(diagnostics: readonly CertificateDiagnostic[], model: ModelAnalysis, lowered: LoweredModel | undefined, modelRange: Range): { readonly model: Diagnostic[]; readonly certificate: Diagnostic[] } {
    const onModel: Diagnostic[] = [];
    const onCertificate: Diagnostic[] = [];
    for (const entry of diagnostics) {
        const severity = entry.severity === 'error' ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning;
        switch (entry.target.kind) {
            case 'certificate':
                onCertificate.push(diagnostic(firstLine, entry.code, entry.message, severity));
                break;
            case 'model':
                onModel.push(diagnostic(modelRange, entry.code, entry.message, severity));
                break;
            case 'node':
                onModel.push(diagnostic(nodeDeclarationRange(lowered, model, entry.target.node) ?? modelRange, entry.code, entry.message, severity));
                break;
        }
    }
    return { model: onModel, certificate: onCertificate };
}

function diagnostic(range: Range, code: CertificateCodeValue, message: string, severity: DiagnosticSeverity): Diagnostic {
    return { range, severity, code, source: 'phg', message, data: { code } };
}
