// The packaged extension as a user gets it: `npm run package` built the .vsix, the runner
// installed it into code-server's extensions folder, and this session has no development copy.
import * as assert from 'node:assert/strict';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as vscode from 'vscode';
import type { PhgExtensionApi } from '../../../client/api.js';
import type { TrainingRunState } from '../../../client/training/run-state.js';
import { EXTENSION_ID } from '../harness/extension.js';
import type { SpecGroup } from '../harness/spec.js';
import { waitFor } from '../harness/wait.js';
import { openInEditor, waitForDiagnostics } from '../harness/workspace.js';

/** Every file the .vsix may install: what runs, and nothing else (see .vscodeignore). */
const SHIPPED_FILES = [
    'LICENSE.txt', 'README.md', 'package.json', 'language-configuration.json',
    'syntaxes/phg.tmLanguage.json', 'client/media/icon.png', 'client/snippets/phg.json',
    'dist/extension.cjs', 'dist/server.cjs', 'dist/cli.cjs', 'dist/train-worker.cjs', 'dist/serve-canary-worker.cjs', 'dist/webview/training.js', 'dist/webview/training.css',
    'dist/webview/rotation.js', 'dist/webview/rotation.css', 'dist/webview/hypergraph.js', 'dist/webview/hypergraph.css', 'dist/webview/base.css'
].sort();

function filesUnder(root: string, folder = root): string[] {
    return readdirSync(folder).flatMap((name) => {
        const path = join(folder, name);
        return statSync(path).isDirectory() ? filesUnder(root, path) : [relative(root, path).split('\\').join('/')];
    });
}

function installedExtension(): vscode.Extension<PhgExtensionApi> {
    const extension = vscode.extensions.getExtension<PhgExtensionApi>(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is installed`);
    return extension;
}

export const installedVsixSpecs: SpecGroup = {
    name: 'the installed .vsix',
    specs: [
        {
            name: 'is installed from the package, not from the repository, with only the files that run',
            body: async () => {
                const extension = installedExtension();
                const extensionsDir = process.env.PHG_E2E_EXTENSIONS_DIR;
                assert.ok(extensionsDir, 'the runner names the extensions folder');
                assert.ok(extension.extensionPath.startsWith(extensionsDir), `${extension.extensionPath} is under ${extensionsDir}`);
                const files = filesUnder(extension.extensionPath).filter((f) => f !== '.vsixmanifest').map((f) => (f.toLowerCase() === 'readme.md' ? 'README.md' : f)).sort();
                assert.deepEqual(files, SHIPPED_FILES);
            }
        },
        {
            name: 'activates when a .phg file is opened and its bundled server publishes diagnostics',
            body: async () => {
                const extension = installedExtension();
                const editor = await openInEditor('fixtures/unclosed-model.phg');
                await waitFor('the extension to activate', () => (extension.isActive ? true : undefined), 30_000);
                const diagnostics = await waitForDiagnostics(editor.document.uri);
                assert.ok(diagnostics.some((d) => d.message.includes("'}'")), JSON.stringify(diagnostics.map((d) => d.message)));
                assert.equal(extension.exports.isLanguageClientRunning(), true);
                const commands = await vscode.commands.getCommands(true);
                for (const id of ['phg.trainModel', 'phg.trainForwardGradient', 'phg.stopTraining', 'phg.showTrainingPanel', 'phg.showMemoryPlan', 'phg.showHypergraph',
                    'phg.certifyModel', 'phg.verifyCertificate', 'phg.generateSigningKey', 'phg.serveModel', 'phg.stopServing', 'phg.rotateToLatestVersion', 'phg.showRotationPanel']) {
                    assert.ok(commands.includes(id), `command ${id} is registered`);
                }
            }
        },
        {
            name: 'trains with the CLI bundled in the package',
            body: async () => {
                await vscode.workspace.getConfiguration('phg').update('training.epochs', 2, vscode.ConfigurationTarget.Workspace);
                await openInEditor('examples/digits.phg');
                const run = await vscode.commands.executeCommand<TrainingRunState | undefined>('phg.trainModel');
                assert.equal(run?.phase, 'finished', `${run?.phase}: ${run?.failure?.message}`);
                assert.deepEqual(run?.epochs.map((e) => e.epoch), [1, 2]);
                assert.match(run?.done?.version ?? '', /^\.phg\/versions\/\d+$/);
            }
        }
    ]
};
