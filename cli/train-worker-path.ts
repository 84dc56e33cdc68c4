// Where `phg train --workers W` finds its worker threads' code: the bundle dist/train-worker.cjs that
// the build writes beside dist/cli.cjs (scripts/build.mjs).
import { fileURLToPath } from 'node:url';

/** The training worker bundle next to the running CLI bundle. */
export function trainWorkerScript(): string {
    return fileURLToPath(new URL('./train-worker.cjs', import.meta.url));
}
