// `npm run test:e2e`: the extension test suite in a real VS Code, offline.
// code-server 4.100.3 (installed by scripts/e2e/setup-code-server.sh into .cache/code-server)
// serves VS Code; headless Debian Chromium opens it; the suite runs in the extension host.
//
// Sessions: `editor` (the extension in development mode: diagnostics, hover, code lens, training,
// cancellation, screenshots) then `vsix` (the packaged .vsix installed like a user installs it).
// Environment: PHG_E2E_ONLY=editor|vsix runs one session; PHG_E2E_SUITE=<name> runs another suite
// of test/e2e/index.ts in the editor session (e.g. `language` while developing); VERBOSE=1 prints
// code-server and browser logs; PHG_E2E_TIMEOUT_MS bounds each session (default 10 minutes).
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSuite } from './build-suite.mjs';
import { runSession } from './code-server-session.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const codeServerEntry = join(root, '.cache/code-server/out/node/entry.js');
const workspace = join(root, 'test/e2e/.workspace');
const screenshotDir = join(root, '.cache/e2e/screenshots');
const verbose = process.env.VERBOSE === '1';
const timeoutMs = Number(process.env.PHG_E2E_TIMEOUT_MS ?? 600_000);
const only = process.env.PHG_E2E_ONLY;

// The setup script is idempotent and fast when the install is already cached.
execFileSync('bash', [join(root, 'scripts/e2e/setup-code-server.sh')], { stdio: 'inherit' });
if (!existsSync(join(root, 'dist/extension.cjs'))) {
    console.error('dist/ is missing: run npm run build first');
    process.exit(1);
}

/** A fresh scratch workspace: the examples and the suite's fixtures, never the repository itself. */
function prepareWorkspace() {
    rmSync(workspace, { recursive: true, force: true });
    mkdirSync(workspace, { recursive: true });
    if (existsSync(join(root, 'examples'))) cpSync(join(root, 'examples'), join(workspace, 'examples'), { recursive: true });
    cpSync(join(root, 'test/e2e/fixtures'), join(workspace, 'fixtures'), { recursive: true });
}

const started = Date.now();
const testsPath = await buildSuite();
rmSync(screenshotDir, { recursive: true, force: true });
const results = [];

if (only === undefined || only === 'editor') {
    prepareWorkspace();
    console.log('e2e session "editor": the extension in development mode');
    const code = await runSession({
        name: 'editor', codeServerEntry, workspace, testsPath, extensionDevelopmentPath: root,
        screenshotDir, timeoutMs, verbose, env: { PHG_E2E_SUITE: process.env.PHG_E2E_SUITE ?? 'editor' }
    });
    results.push(['editor', code]);
}

if (only === undefined || only === 'vsix') {
    prepareWorkspace();
    console.log('e2e session "vsix": the packaged extension, installed');
    execFileSync('npm', ['run', '--silent', 'package'], { cwd: root, stdio: verbose ? 'inherit' : 'ignore' });
    const extensionsDir = mkdtempSync(join(tmpdir(), 'phg-e2e-extensions-'));
    try {
        execFileSync(process.execPath, [codeServerEntry, '--extensions-dir', extensionsDir, '--install-extension', join(root, 'dist/phg-studio.vsix')],
            { stdio: verbose ? 'inherit' : 'ignore', env: { ...process.env, XDG_CONFIG_HOME: join(extensionsDir, '.config') } });
        const code = await runSession({
            // VS Code runs tests only in an extension development host: an empty carrier extension
            // provides one, so the PHG extension under test is the installed one.
            name: 'vsix', codeServerEntry, workspace, testsPath, extensionsDir,
            extensionDevelopmentPath: join(root, 'scripts/e2e/test-carrier'),
            screenshotDir, timeoutMs, verbose, env: { PHG_E2E_SUITE: 'vsix', PHG_E2E_EXTENSIONS_DIR: extensionsDir }
        });
        results.push(['vsix', code]);
    } finally {
        rmSync(extensionsDir, { recursive: true, force: true });
    }
}

const failed = results.filter(([, code]) => code !== 0);
for (const [name, code] of results) console.log(`e2e session ${name}: ${code === 0 ? 'passed' : `FAILED (${code})`}`);
console.log(`e2e: ${results.length - failed.length} passed, ${failed.length} failed sessions in ${((Date.now() - started) / 1000).toFixed(0)} s; screenshots in ${screenshotDir}`);
process.exit(failed.length === 0 && results.length > 0 ? 0 : 1);
