// The training worker entry bundled as the build does (engine/parallel/train-worker.ts →
// a .cjs file), once per test process: test files run in parallel and must not read each other's
// half-written bundle.
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const repository = fileURLToPath(new URL('../../../../', import.meta.url));
const bundle = join(repository, '.cache', 'test-workers', `train-worker-${process.pid}.cjs`);
let bundled: Promise<string> | undefined;

/** The path of a freshly bundled training worker. */
export function bundledTrainWorker(): Promise<string> {
    bundled ??= (async () => {
        mkdirSync(join(repository, '.cache', 'test-workers'), { recursive: true });
        await build({ entryPoints: [join(repository, 'engine', 'parallel', 'train-worker.ts')], outfile: bundle, bundle: true, platform: 'node', target: 'node20', format: 'cjs', logLevel: 'error' });
        process.once('exit', () => rmSync(bundle, { force: true }));
        return bundle;
    })();
    return bundled;
}
