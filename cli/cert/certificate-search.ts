// Finds a model's certificate in a workspace: the `*.phgcert` files under the root (not in
// node_modules, .phg or hidden folders) whose signed predicate names the model and structure.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { certificateExtension, certificatePredicateType, decodeCertificatePredicate, type CertificatePredicate } from '../../engine/attest/certificate.js';
import { parseStatement } from '../../engine/attest/statement.js';
import { openEnvelope } from '../../engine/signing/dsse.js';

/** A certificate file with its (not yet verified) predicate. */
export interface FoundCertificate {
    readonly file: string;
    readonly bytes: Buffer;
    readonly predicate: CertificatePredicate;
}

/** Every `*.phgcert` file under `root` (not in node_modules or hidden folders), readable or not. */
export function listCertificateFiles(root: string): string[] {
    const files: string[] = [];
    const walk = (folder: string, depth: number): void => {
        let entries;
        try {
            entries = readdirSync(folder, { withFileTypes: true });
        } catch {
            return;
        }
        for (const entry of entries) {
            if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
            const path = join(folder, entry.name);
            if (entry.isDirectory() && depth < 6) walk(path, depth + 1);
            else if (entry.isFile() && entry.name.endsWith(certificateExtension)) files.push(path);
        }
    };
    walk(root, 0);
    return files.sort();
}

/** Every readable certificate under `root`. */
export function findCertificates(root: string): FoundCertificate[] {
    return listCertificateFiles(root).flatMap((file) => readCertificate(file) ?? []);
}

/** The certificate of `model` with this structure hash (hex), if the workspace has one. */
export function findCertificateFor(root: string, model: string, structureHash: string): FoundCertificate | undefined {
    return findCertificates(root).find((certificate) => certificate.predicate.model === model && certificate.predicate.structureHash === structureHash);
}

function readCertificate(file: string): FoundCertificate | undefined {
    const bytes = readFileSync(file);
    const opened = openEnvelope(bytes);
    if (!opened.ok) return undefined;
    const statement = parseStatement(opened.opened.payloadBytes, certificatePredicateType);
    if (!statement.ok) return undefined;
    const predicate = decodeCertificatePredicate(statement.statement.predicate);
    return predicate.ok ? { file, bytes, predicate: predicate.value } : undefined;
}
