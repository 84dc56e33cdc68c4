// The language server's view of the workspace's certificates: evaluates each document's models
// (cached per parse, until a certificate, the trust store or the version store changes), publishes
// diagnostics on the `.phgcert`, `phg.trust.json` and `record.json` files themselves (they are
// not documents Langium builds, so nothing else would), and re-checks the affected `.phg`
// documents when such a file changes (the client's file watchers report it).
import { basename, dirname } from 'node:path';
import { statSync } from 'node:fs';
import { DocumentState, URI, type LangiumDocument } from 'langium';
import type { LangiumSharedServices } from 'langium/lsp';
import { FileChangeType, type Diagnostic, type DidChangeWatchedFilesParams } from 'vscode-languageserver';
import { certificateExtension } from '../../engine/attest/certificate.js';
import { readFileIfPresent } from '../../engine/attest/version-files.js';
import { sha256Hex } from '../../engine/signing/digest.js';
import { readTrustStore, type TrustStore } from '../../engine/signing/trust-store.js';
import { newestVersionPinning } from '../../engine/verify/certified-version.js';
import { ast } from '../../language/index.js';
import type { PhgLspServices } from '../phg-lsp-module.js';
import { certificateFileKind, workspaceRootOf } from './certificate-files.js';
import { evaluateModelCertificates, type CertificateInputs, type CertificateRead, type ModelCertificate, type TrustRead } from './model-certificates.js';
import { newestVersionStatus, type VersionStatus } from './version-status.js';

const workspaces = new WeakMap<LangiumSharedServices, CertificateWorkspace>();

/** The one certificate workspace of a language server. */
export function certificateWorkspaceOf(services: PhgLspServices): CertificateWorkspace {
    let workspace = workspaces.get(services.shared);
    if (workspace === undefined) {
        workspace = new CertificateWorkspace(services);
        workspaces.set(services.shared, workspace);
    }
    return workspace;
}

/** Certificate state shared by the validator, the code lens and the file watcher. */
export class CertificateWorkspace implements CertificateInputs {
    /** Bumped whenever a certificate-related file changes: every cached answer is then stale. */
    private generation = 0;
    private readonly evaluated = new WeakMap<object, { readonly generation: number; readonly certificates: readonly ModelCertificate[] }>();
    private readonly pinned = new Map<string, number | undefined>();
    private readonly versions = new Map<string, VersionStatus>();
    /** Diagnostics on non-`.phg` files: file URI → contributing document URI → diagnostics. */
    private readonly fileDiagnostics = new Map<string, Map<string, readonly Diagnostic[]>>();
    /** Documents whose models were evaluated, for re-checking when a file changes. */
    private readonly watchedDocuments = new Set<string>();
    /** Documents to validate again at the next update (their certificate files changed). */
    private readonly pendingRecheck = new Set<string>();

    constructor(private readonly services: PhgLspServices) {
        const shared = services.shared;
        shared.lsp.DocumentUpdateHandler.onWatchedFilesChange((params) => this.filesChanged(params));
        shared.workspace.DocumentBuilder.onUpdate((_changed, deleted) => {
            for (const uri of deleted) this.forgetDocument(uri.toString());
            // Inside the update (under the workspace lock, before the builder picks what to rebuild):
            // documents whose certificate files changed are validated again.
            for (const uri of this.pendingRecheck) {
                const document = shared.workspace.LangiumDocuments.getDocument(URI.parse(uri));
                if (document !== undefined) shared.workspace.DocumentBuilder.resetToState(document, DocumentState.IndexedReferences);
            }
            this.pendingRecheck.clear();
        });
    }

    /** Every model's certificate in a document (cached per parse and file generation). */
    certificatesOf(document: LangiumDocument): readonly ModelCertificate[] {
        const key = document.parseResult.value;
        const cached = this.evaluated.get(key);
        if (cached !== undefined && cached.generation === this.generation) return cached.certificates;
        const certificates = evaluateModelCertificates(document, this.services, this);
        this.evaluated.set(key, { generation: this.generation, certificates });
        this.watchedDocuments.add(document.uri.toString());
        return certificates;
    }

    /** Publishes what a document's models say about the certificate files; clears what they no longer say. */
    publishFileDiagnostics(document: LangiumDocument, certificates: readonly ModelCertificate[]): void {
        const source = document.uri.toString();
        const now = new Map<string, Diagnostic[]>();
        for (const entry of certificates.flatMap((certificate) => certificate.fileDiagnostics)) {
            const uri = URI.file(entry.file).toString();
            now.set(uri, [...(now.get(uri) ?? []), ...entry.diagnostics]);
        }
        const touched = new Set<string>(now.keys());
        for (const [file, contributions] of this.fileDiagnostics) {
            if (contributions.has(source) && !now.has(file)) {
                contributions.delete(source);
                touched.add(file);
            }
        }
        for (const [file, diagnostics] of now) {
            const contributions = this.fileDiagnostics.get(file) ?? new Map<string, readonly Diagnostic[]>();
            contributions.set(source, diagnostics);
            this.fileDiagnostics.set(file, contributions);
        }
        for (const file of touched) this.sendFileDiagnostics(file);
    }

    // --- CertificateInputs: file reads, cached where they cost more than a read ---

    certificate(file: string): CertificateRead {
        try {
            return { kind: 'present', bytes: readFileIfPresentOrThrow(file) };
        } catch (error) {
            if (isMissingFile(error)) return { kind: 'absent' };
            return { kind: 'unreadable', message: error instanceof Error ? error.message : String(error) };
        }
    }

    trust(file: string): TrustRead {
        const read = readTrustStore(file);
        if (!read.ok) return { kind: 'malformed', message: read.problems.map((problem) => `${problem.pointer || '/'}: ${problem.message}`).join('; ') };
        return read.exists ? { kind: 'present', store: read.store } : { kind: 'absent', store: read.store };
    }

    certifiedVersion(versions: string, certificateBytes: Uint8Array): number | undefined {
        const key = `${this.generation}|${storeStamp(versions)}|${sha256Hex(certificateBytes)}`;
        if (this.pinned.size > maxCachedAnswers) this.pinned.clear();
        if (!this.pinned.has(key)) this.pinned.set(key, newestVersionPinning(versions, certificateBytes));
        return this.pinned.get(key);
    }

    newestVersion(versions: string, model: string, trust: TrustStore): VersionStatus {
        const trusted = trust.keys.map((entry) => entry.publicKey.fingerprint).sort().join(',');
        const key = `${this.generation}|${storeStamp(versions)}|${model}|${trusted}`;
        let status = this.versions.get(key);
        if (status === undefined) {
            if (this.versions.size > maxCachedAnswers) this.versions.clear();
            status = newestVersionStatus(versions, model, trust);
            this.versions.set(key, status);
        }
        return status;
    }

    // --- file changes ---

    private filesChanged(params: DidChangeWatchedFilesParams): void {
        const relevant = params.changes.filter((change) => certificateFileKind(URI.parse(change.uri).fsPath) !== undefined);
        for (const change of params.changes) {
            if (change.type === FileChangeType.Deleted && change.uri.endsWith('.phg')) this.forgetDocument(change.uri);
        }
        if (relevant.length === 0) return;
        this.generation++;
        this.pinned.clear();
        this.versions.clear();
        const paths = relevant.map((change) => URI.parse(change.uri).fsPath);
        const roots = new Set(paths.map((path) => workspaceRootOf(dirname(path))));
        // `<dir>/<Model>.phgcert` → the model it is named after, in that folder.
        const certified = new Set(paths.filter((path) => certificateFileKind(path) === 'certificate').map((path) => `${dirname(path)}\0${basename(path, certificateExtension)}`));
        const documents = this.services.shared.workspace.LangiumDocuments.all
            .filter((document) => document.uri.scheme === 'file' && document.uri.fsPath.endsWith('.phg'))
            .filter((document) => {
                const folder = dirname(document.uri.fsPath);
                // Documents already checked in an affected workspace, and (open or not) any document
                // declaring the model of a changed certificate beside it: its diagnostics show the change.
                if (this.watchedDocuments.has(document.uri.toString()) && roots.has(workspaceRootOf(folder))) return true;
                return declaredModelNames(document).some((model) => certified.has(`${folder}\0${model}`));
            })
            .map((document) => document.uri)
            .toArray();
        if (documents.length > 0) this.recheck(documents);
    }

    /**
     * Validates the documents again. Langium follows every watched-file notification with an update
     * of its own, which would cancel a separate one queued now; so the documents are reset inside
     * whichever update runs next (see the constructor), and an empty update is queued in case
     * none follows.
     */
    private recheck(documents: URI[]): void {
        for (const uri of documents) this.pendingRecheck.add(uri.toString());
        const shared = this.services.shared;
        shared.workspace.WorkspaceManager.ready
            .then(() => shared.workspace.WorkspaceLock.write((token) => shared.workspace.DocumentBuilder.update([], [], token)))
            .catch((error: unknown) => { console.error('PHG: re-checking certificates failed', error); });
    }

    private forgetDocument(uri: string): void {
        this.watchedDocuments.delete(uri);
        for (const [file, contributions] of this.fileDiagnostics) {
            if (contributions.delete(uri)) this.sendFileDiagnostics(file);
        }
    }

    private sendFileDiagnostics(file: string): void {
        const contributions = this.fileDiagnostics.get(file);
        const diagnostics = contributions === undefined ? [] : [...contributions.values()].flat();
        if (contributions !== undefined && contributions.size === 0) this.fileDiagnostics.delete(file);
        void this.services.shared.lsp.Connection?.sendDiagnostics({ uri: file, diagnostics });
    }
}

/**
 * Changes when a version is added or removed (the folder's mtime), so a new version shows even
 * without a file-watcher event; edits inside a version folder arrive as watcher events.
 */
function storeStamp(versions: string): string {
    try {
        return String(statSync(versions).mtimeMs);
    } catch {
        return 'none';
    }
}

/** Caches keyed by file stamps are dropped whole once they grow past this. */
const maxCachedAnswers = 64;

function readFileIfPresentOrThrow(file: string): Uint8Array {
    // readFileIfPresent hides why a read failed; an unreadable certificate is worth saying so.
    const stat = statSync(file);
    if (stat.isDirectory()) throw new Error(`${file} is a directory`);
    const bytes = readFileIfPresent(file);
    if (bytes === undefined) throw new Error(`${file} cannot be read`);
    return bytes;
}

/** The models a parsed document declares (none before it is parsed). */
function declaredModelNames(document: LangiumDocument): string[] {
    const root: unknown = document.parseResult.value;
    if (!ast.isPhgFile(root)) return [];
    return root.declarations.filter(ast.isModelDecl).map((model) => model.name);
}

function isMissingFile(error: unknown): boolean {
    return typeof error === 'object' && error !== null && 'code' in error && (error as { code?: unknown }).code === 'ENOENT';
}
