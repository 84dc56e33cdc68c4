// The scratch workspace both runners open: a fresh copy of examples/ and the suite's fixtures,
// so training runs and edits never touch the repository. Each session of each run gets a folder of
// its own (`test/e2e/.workspace/<session>-<pid>`): several engineers run the suite on one machine,
// and one run must not wipe the workspace another run is using. Folders of runs that have ended
// are removed when the next run starts.
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

function isRunning(pid) {
    try {
        process.kill(pid, 0);
        return true;
    } catch (error) {
        return error?.code === 'EPERM';
    }
}

/** Recreates `<root>/test/e2e/.workspace/<session>-<pid>` and returns its path. */
export function prepareScratchWorkspace(root, session = 'workspace') {
    const parent = join(root, 'test/e2e/.workspace');
    mkdirSync(parent, { recursive: true });
    for (const entry of readdirSync(parent, { withFileTypes: true })) {
        const owner = /^[a-z]+-(\d+)$/.exec(entry.name);
        if (entry.isDirectory() && owner && Number(owner[1]) !== process.pid && !isRunning(Number(owner[1]))) rmSync(join(parent, entry.name), { recursive: true, force: true });
    }
    const workspace = join(parent, `${session}-${process.pid}`);
    rmSync(workspace, { recursive: true, force: true });
    mkdirSync(workspace, { recursive: true });
    if (existsSync(join(root, 'examples'))) cpSync(join(root, 'examples'), join(workspace, 'examples'), { recursive: true, filter: (source) => !source.endsWith('/.phg') && !source.endsWith('.phgcert') });
    cpSync(join(root, 'test/e2e/fixtures'), join(workspace, 'fixtures'), { recursive: true });
    return workspace;
}
