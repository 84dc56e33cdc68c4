// The scratch workspace both runners open: a fresh copy of examples/ and the suite's fixtures,
// so training runs and edits never touch the repository.
import { cpSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/** Recreates `<root>/test/e2e/.workspace` and returns its path. */
export function prepareScratchWorkspace(root) {
    const workspace = join(root, 'test/e2e/.workspace');
    rmSync(workspace, { recursive: true, force: true });
    mkdirSync(workspace, { recursive: true });
    if (existsSync(join(root, 'examples'))) cpSync(join(root, 'examples'), join(workspace, 'examples'), { recursive: true });
    cpSync(join(root, 'test/e2e/fixtures'), join(workspace, 'fixtures'), { recursive: true });
    return workspace;
}
