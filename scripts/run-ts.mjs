// Runs a TypeScript script (benchmarks, data tools) on Node 20: bundle it with esbuild into .cache/,
// then run it with the remaining arguments. `node scripts/run-ts.mjs scripts/bench/numeric.ts --quick`
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { basename, resolve } from 'node:path';

const [entry, ...args] = process.argv.slice(2);
if (!entry) {
    console.error('usage: node scripts/run-ts.mjs FILE.ts [ARGS...]');
    process.exit(2);
}
mkdirSync('.cache/run-ts', { recursive: true });
const outfile = resolve('.cache/run-ts', basename(entry).replace(/\.ts$/, '.mjs'));
await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    sourcemap: 'inline',
    packages: 'external',
    logLevel: 'warning',
    banner: { js: "import '" + resolve('language/node20-polyfill.js') + "';" }
});
const result = spawnSync(process.execPath, ['--enable-source-maps', outfile, ...args], { stdio: 'inherit' });
process.exit(result.status ?? 1);
