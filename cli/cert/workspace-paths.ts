// Where certificate-related files live for a command run in `cwd`: the workspace root (the
// nearest folder up from cwd with phg.trust.json, .phg/ or .git/), its trust store and store.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { trustStoreFileName } from '../../engine/signing/trust-store.js';

/** The workspace root of a working directory: nearest ancestor with phg.trust.json, .phg or .git; else cwd. */
export function findWorkspaceRoot(cwd: string): string {
    let folder = resolve(cwd);
    for (;;) {
        if ([trustStoreFileName, '.phg', '.git'].some((marker) => existsSync(join(folder, marker)))) return folder;
        const parent = dirname(folder);
        if (parent === folder) return resolve(cwd);
        folder = parent;
    }
}

/** The trust store file of a workspace. */
export function trustStorePath(root: string): string {
    return join(root, trustStoreFileName);
}

/** The version store of a workspace. */
export function versionsPath(root: string): string {
    return join(root, '.phg', 'versions');
}
