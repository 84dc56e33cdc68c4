// PHG: Serve Model — `phg serve FILE --json` as a child process: a real HTTP inference service on
// 127.0.0.1 with warm rotation, the newest signed version (or the last active one) live. Port,
// watch mode and token come from `phg.serve.*`. The Rotation panel and the status bar follow it.
// Resolves once the service listens (or failed to start) with its state.
// Arguments: `{ uri, model? }`, a URI, or none (the active .phg editor).
import * as vscode from 'vscode';
import { readCliSettings, readServingSettings } from '../config.js';
import type { ServiceState } from '../serving/service-state.js';
import type { PhgCommand } from './command.js';
import { resolveModelTarget } from './model-target.js';
import { launchFolder } from './train-target.js';
import { requireTrustedWorkspace } from './workspace-trust.js';

const SHOW_PANEL = 'Open Rotation Panel';
const SHOW_LOG = 'Show Log';

export const serveModel: PhgCommand = {
    id: 'phg.serveModel',
    async run(context, arg): Promise<ServiceState | undefined> {
        if (!requireTrustedWorkspace('Serving')) return undefined;
        if (context.serving.isRunning) {
            const current = context.serving.service;
            void vscode.window.showInformationMessage(`${current?.name ?? 'A model'} is already being served${current?.url !== undefined ? ` at ${current.url}` : ''}: stop it first (PHG: Stop Serving).`, SHOW_PANEL).then((choice) => {
                if (choice === SHOW_PANEL) context.rotationPanel.reveal();
            });
            return current;
        }
        const target = await resolveModelTarget(arg, 'serve', false);
        if (target === undefined) return undefined;
        const { document, model } = target;
        if (document.isDirty && !(await document.save())) return undefined;
        const settings = readServingSettings(document.uri);
        const folder = launchFolder(document.uri);
        const ready = context.serving.start(
            { file: document.uri.fsPath, ...(model !== undefined ? { model } : {}), ...(settings.port !== undefined ? { port: settings.port } : {}), watch: settings.watch, ...(settings.token !== undefined ? { token: settings.token } : {}) },
            { cwd: folder.cwd, displayFile: folder.displayFile, nodePath: readCliSettings().nodePath, pollIntervalMs: settings.pollIntervalMs });
        if (ready === undefined) return undefined;
        if (settings.revealPanel) context.rotationPanel.reveal(true);
        const state = await ready;
        if (state.phase === 'serving') {
            void vscode.window.showInformationMessage(`Serving ${state.name ?? folder.displayFile} version ${state.activeVersion ?? '?'} at ${state.url ?? '?'}.`, SHOW_PANEL).then((choice) => {
                if (choice === SHOW_PANEL) context.rotationPanel.reveal();
            });
        } else if (state.phase === 'failed') {
            void vscode.window.showErrorMessage(`PHG: cannot serve ${folder.displayFile}: ${state.failure?.message ?? 'phg serve failed'}${state.failure !== undefined ? ` [${state.failure.code}]` : ''}`, SHOW_LOG).then((choice) => {
                if (choice === SHOW_LOG) context.servingLog.show(true);
            });
        }
        return state;
    }
};
