// `npm run test:vscode`: the same extension test suite in desktop VS Code, downloaded by
// @vscode/test-electron. ONLINE ONLY: it fetches VS Code 1.100.3 from Microsoft's update servers,
// which this project's CI and development machines cannot reach — there, `npm run test:e2e`
// runs the suite offline in code-server. On a developer's desktop with network access:
//   npm run test:vscode            (needs a display; on headless Linux: xvfb-run -a npm run test:vscode)
//
// Differences from the offline run: there is no workbench bridge, so the specs skip what only
// the browser can see (webview DOM text, status bar DOM, screenshots) and assert the extension's
// own record of them; the installed-.vsix session is offline-only.
import { runTests } from '@vscode/test-electron';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSuite } from '../e2e/build-suite.mjs';
import { prepareScratchWorkspace } from '../e2e/scratch-workspace.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const VSCODE_VERSION = '1.100.3';

const extensionTestsPath = await buildSuite();
const workspace = prepareScratchWorkspace(root);
try {
    await runTests({
        version: VSCODE_VERSION,
        extensionDevelopmentPath: root,
        extensionTestsPath,
        launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
        extensionTestsEnv: { PHG_E2E_SUITE: process.env.PHG_E2E_SUITE ?? 'editor' },
        cachePath: join(root, '.vscode-test')
    });
} catch (error) {
    console.error(`extension tests failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
}
