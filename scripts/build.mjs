// Bundles every runnable part with esbuild. Langium is ESM-only; VS Code and `phg` load CommonJS,
// so each entry point becomes one self-contained .cjs file under dist/.
import { build } from 'esbuild';
import { readFile } from 'node:fs/promises';

const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8'));
const watch = process.argv.includes('--watch');

/** Node entry points: [source, output]. */
const nodeEntries = [
    ['server/main.ts', 'dist/server.cjs'],
    ['client/extension.ts', 'dist/extension.cjs'],
    ['cli/main.ts', 'dist/cli.cjs'],
    // Data-parallel training workers; the CLI finds it beside itself (cli/train-worker-path.ts).
    ['engine/parallel/train-worker.ts', 'dist/train-worker.cjs'],
    ['engine/serve/canary-worker.ts', 'dist/serve-canary-worker.cjs'] // phg serve's canary thread, beside dist/cli.cjs (engine/serve/canary-replayer.ts)
];

const common = {
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: true,
    logLevel: 'warning',
    external: ['vscode'],
    define: { PHG_VERSION: JSON.stringify(pkg.version) },
    // Langium and its dependencies read import.meta.url; in a CJS bundle it comes from __filename.
    banner: { js: 'const __import_meta_url = require("url").pathToFileURL(__filename).href;' },
    inject: [],
    supported: { 'top-level-await': false }
};

await Promise.all(nodeEntries.map(([entry, outfile]) => build({
    ...common,
    entryPoints: [entry],
    outfile,
    alias: {},
    ...(entry.startsWith('cli/') ? { banner: { js: '#!/usr/bin/env node\n' + common.banner.js } } : {}),
    define: { ...common.define, 'import.meta.url': '__import_meta_url' }
})));

// Webview scripts run in the browser: one IIFE per panel (with its CSS) under dist/webview/.
await build({ entryPoints: { base: 'client/webview/base.css', training: 'client/webview/training/main.ts', rotation: 'client/webview/rotation/main.ts', hypergraph: 'client/webview/hypergraph/main.ts' }, outdir: 'dist/webview', bundle: true, platform: 'browser', target: 'es2022', format: 'iife', minify: true, sourcemap: true, logLevel: 'warning' });

if (watch) console.log('watch mode is not supported; rerun npm run build');
