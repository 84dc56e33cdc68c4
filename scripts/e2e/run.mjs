// `npm run test:e2e`: the extension test suite in a real VS Code, offline.
// code-server 4.100.3 (installed by scripts/e2e/setup-code-server.sh into .cache/code-server)
// serves VS Code; headless Debian Chromium opens it; the suite runs in the extension host.
//
// Sessions: `editor` (the extension in development mode: diagnostics, hover, code lens, training,
// cancellation, screenshots), `certificates` (keys, certificates, serving, warm rotation, the
// Rotation and Hypergraph panels, in a fresh workspace), `restricted` (an untrusted workspace),
// then `vsix` (the packaged .vsix installed like a user installs it).
// Environment: PHG_E2E_ONLY=editor|certificates|restricted|vsix runs one session; PHG_E2E_SUITE=<name> runs another suite
// of test/e2e/index.ts in the editor session (e.g. `language` while developing); VERBOSE=1 prints
// code-server and browser logs; PHG_E2E_TIMEOUT_MS bounds each session (default 10 minutes).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSuite } from './build-suite.mjs';
import { runSession } from './code-server-session.mjs';
import { prepareScratchWorkspace } from './scratch-workspace.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const codeServerEntry = join(root, '.cache/code-server/out/node/entry.js');
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

const started = Date.now();
const testsPath = await buildSuite();
rmSync(screenshotDir, { recursive: true, force: true });
const results = [];

if (only === undefined || only === 'editor') {
    const workspace = prepareScratchWorkspace(root, 'editor');
    console.log('e2e session "editor": the extension in development mode');
    const result = await runSession({
        name: 'editor', codeServerEntry, workspace, testsPath, extensionDevelopmentPath: root,
        screenshotDir, timeoutMs, verbose, env: { PHG_E2E_SUITE: process.env.PHG_E2E_SUITE ?? 'editor' }
    });
    results.push(['editor', result]);
}

if (only === undefined || only === 'certificates') {
    // A fresh workspace: certificates, signed versions and a service need a version store and a
    // trust store of their own (the editor session's training leaves unsigned versions behind).
    const workspace = prepareScratchWorkspace(root, 'certificates');
    console.log('e2e session "certificates": certificates, serving and warm rotation');
    const result = await runSession({
        name: 'certificates', codeServerEntry, workspace, testsPath, extensionDevelopmentPath: root,
        screenshotDir, timeoutMs, verbose, env: { PHG_E2E_SUITE: 'certificates' }
    });
    results.push(['certificates', result]);
}

if (only === undefined || only === 'restricted') {
    const workspace = prepareScratchWorkspace(root, 'restricted');
    console.log('e2e session "restricted": an untrusted workspace');
    const result = await runSession({
        name: 'restricted', codeServerEntry, workspace, testsPath, extensionDevelopmentPath: root, trustWorkspace: false,
        screenshotDir, timeoutMs, verbose, env: { PHG_E2E_SUITE: 'restricted' }
    });
    results.push(['restricted', result]);
}

if (only === undefined || only === 'vsix') {
    const workspace = prepareScratchWorkspace(root, 'vsix');
    console.log('e2e session "vsix": the packaged extension, installed');
    execFileSync('npm', ['run', '--silent', 'package'], { cwd: root, stdio: verbose ? 'inherit' : 'ignore' });
    const extensionsDir = mkdtempSync(join(tmpdir(), 'phg-e2e-extensions-'));
    try {
        execFileSync(process.execPath, [codeServerEntry, '--extensions-dir', extensionsDir, '--install-extension', join(root, 'dist/phg-studio.vsix')],
            { stdio: verbose ? 'inherit' : 'ignore', env: { ...process.env, XDG_CONFIG_HOME: join(extensionsDir, '.config') } });
        const result = await runSession({
            // VS Code runs tests only in an extension development host: an empty carrier extension
            // provides one, so the PHG extension under test is the installed one.
            name: 'vsix', codeServerEntry, workspace, testsPath, extensionsDir,
            extensionDevelopmentPath: join(root, 'scripts/e2e/test-carrier'),
            screenshotDir, timeoutMs, verbose, env: { PHG_E2E_SUITE: 'vsix', PHG_E2E_EXTENSIONS_DIR: extensionsDir }
        });
        results.push(['vsix', result]);
    } finally {
        rmSync(extensionsDir, { recursive: true, force: true });
    }
}

const failedSessions = results.filter(([, result]) => result.code !== 0);
for (const [name, { code }] of results) console.log(`e2e session ${name}: ${code === 0 ? 'passed' : `FAILED (${code})`}`);
console.log(`e2e: ${results.length} VS Code sessions in ${((Date.now() - started) / 1000).toFixed(0)} s; screenshots in ${screenshotDir}`);
// A session that failed or timed out without reporting counts as one failure at least.
const total = results.reduce((sum, [, { code, tally }]) => ({
    passed: sum.passed + tally.passed,
    failed: sum.failed + Math.max(tally.failed, code === 0 ? 0 : 1),
    skipped: sum.skipped + tally.skipped
}), { passed: 0, failed: 0, skipped: 0 });
console.log(`e2e: ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
process.exit(failedSessions.length === 0 && results.length > 0 && total.passed > 0 ? 0 : 1);
