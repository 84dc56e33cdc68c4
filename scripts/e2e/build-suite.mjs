// Bundles the extension test suite (test/e2e/index.ts) into one CommonJS file that VS Code's
// extension host loads as `extensionTestsPath`, for both runners (offline and test-electron).
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

/** Where the bundled suite lands. */
export const suiteBundle = fileURLToPath(new URL('../../dist/test/e2e/index.cjs', import.meta.url));

/** Builds the suite bundle. */
export async function buildSuite() {
    await build({
        entryPoints: [fileURLToPath(new URL('../../test/e2e/index.ts', import.meta.url))],
        outfile: suiteBundle,
        bundle: true,
        platform: 'node',
        target: 'node20',
        format: 'cjs',
        sourcemap: 'inline',
        logLevel: 'warning',
        external: ['vscode']
    });
    return suiteBundle;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildSuite();
