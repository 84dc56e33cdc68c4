// Where the files of a model's certificate live, as the editor looks for them: `<Model>.phgcert`
// beside the source (where `phg certify` writes it), and the workspace root's `phg.trust.json` and
// `.phg/versions/`. The root is found by the rule of `phg verify` (cli/cert/workspace-paths.ts):
// the nearest folder up from the source with phg.trust.json, .phg/ or .git/. The server cannot
// import cli/, so the rule is restated here; both must stay the same.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { certificateExtension } from '../../engine/attest/certificate.js';
import { trustStoreFileName } from '../../engine/signing/trust-store.js';

/** The files a model's certificate status is computed from. */
export interface CertificateFiles {
    /** The workspace root (see above). */
    readonly root: string;
    /** `<dir of source>/<Model>.phgcert`. */
    readonly certificate: string;
    readonly trustStore: string;
    readonly versions: string;
}

/** The workspace root of a folder: nearest ancestor with phg.trust.json, .phg or .git; else the folder. */
export function workspaceRootOf(folder: string): string {
    let current = resolve(folder);
    for (;;) {
        if ([trustStoreFileName, '.phg', '.git'].some((marker) => existsSync(join(current, marker)))) return current;
        const parent = dirname(current);
        if (parent === current) return resolve(folder);
        current = parent;
    }
}

/** The certificate files of `model` declared in the source file `sourcePath`. */
export function certificateFilesOf(sourcePath: string, model: string): CertificateFiles {
    const root = workspaceRootOf(dirname(sourcePath));
    return {
        root,
        certificate: join(dirname(sourcePath), `${model}${certificateExtension}`),
        trustStore: join(root, trustStoreFileName),
        versions: join(root, '.phg', 'versions')
    };
}

/** What a file-change path is to certificates, if anything. */
export type CertificateFileKind = 'certificate' | 'trust-store' | 'version';

/** Classifies a changed file: a certificate, the trust store, something under `.phg/versions/`. */
export function certificateFileKind(path: string): CertificateFileKind | undefined {
    const normalized = path.split('\\').join('/');
    if (normalized.endsWith(certificateExtension)) return 'certificate';
    if (normalized.endsWith(`/${trustStoreFileName}`)) return 'trust-store';
    if (normalized.includes('/.phg/versions/') || normalized.endsWith('/.phg/versions') || normalized.endsWith('/.phg')) return 'version';
    return undefined;
}
