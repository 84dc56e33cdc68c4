// Serving and warm rotation as a user runs them in VS Code, after the certificate specs (the model
// is certified, the key trusted): train a signed version, PHG: Serve Model, train a second signed
// version, PHG: Rotate to Latest Version — the Rotation panel's rendered DOM must show the rotation
// reach `active`; then the Hypergraph panel; then PHG: Stop Serving. Screenshots of both panels.
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import type { RotationRecord } from '../../../client/serving/serve-json.js';
import type { ServiceState } from '../../../client/serving/service-state.js';
import type { TrainingRunState } from '../../../client/training/run-state.js';
import type { HypergraphResult } from '../../../server/protocol.js';
import { activatedExtension } from '../harness/extension.js';
import { clearNotifications, maximizeEditorGroup, restoreEditorGroups, useColorTheme } from '../harness/layout.js';
import type { SpecGroup } from '../harness/spec.js';
import { frameText, hasWorkbenchBridge, screenshot, workbenchText } from '../harness/workbench-bridge.js';
import { waitFor } from '../harness/wait.js';
import { openInEditor, workspaceFile } from '../harness/workspace.js';
import { CERTIFIED_MODEL_FILE, certificateLens } from './certificates.e2e.js';

/** `count` batches of `size` held-out digits (64 pixel values each) from the workspace's data. */
function digitBatches(count: number, size: number): number[][][] {
    const lines = readFileSync(workspaceFile('examples/data/optdigits/test.csv').fsPath, 'utf8').trim().split('\n');
    const rows = lines.slice(0, count * size).map((line) => line.split(',').slice(0, 64).map(Number));
    return Array.from({ length: count }, (_, index) => rows.slice(index * size, (index + 1) * size));
}

/** Trains the model for one epoch (its version is signed with the key the certificate specs made). */
export async function trainOneSignedVersion(): Promise<TrainingRunState> {
    const settings = vscode.workspace.getConfiguration('phg');
    await settings.update('training.epochs', 1, vscode.ConfigurationTarget.Workspace);
    try {
        await openInEditor(CERTIFIED_MODEL_FILE);
        const run = await vscode.commands.executeCommand<TrainingRunState | undefined>('phg.trainModel');
        assert.equal(run?.phase, 'finished', `${run?.phase}: ${run?.failure?.message}`);
        assert.equal(run?.done?.signature, 'signed', `the version is signed: ${run?.done?.signatureMessage}`);
        return run as TrainingRunState;
    } finally {
        await settings.update('training.epochs', undefined, vscode.ConfigurationTarget.Workspace);
    }
}

export const servingSpecs: SpecGroup = {
    name: 'serving and warm rotation',
    specs: [
        {
            name: 'PHG: Serve Model serves the signed version 1 on loopback; the Rotation panel and the status bar say so',
            body: async () => {
                const api = await activatedExtension();
                const run = await trainOneSignedVersion();
                assert.equal(run.done?.version, '.phg/versions/1');
                const editor = await openInEditor(CERTIFIED_MODEL_FILE);
                await certificateLens(editor.document, (title) => title.startsWith('✓ certified v1 '), 'the lens to name the pinning version 1');
                // A free port: the machine may have something on the default 8088.
                await vscode.workspace.getConfiguration('phg').update('serve.port', 0, vscode.ConfigurationTarget.Workspace);
                const state = await vscode.commands.executeCommand<ServiceState | undefined>('phg.serveModel');
                assert.equal(state?.phase, 'serving', `${state?.phase}: ${state?.failure?.code} ${state?.failure?.message}`);
                assert.equal(state?.activeVersion, 1);
                assert.match(state?.url ?? '', /^http:\/\/127\.0\.0\.1:\d+$/);
                const view = await waitFor('the panel to show the service', () => {
                    const rendered = api.rotationPanelRendered();
                    return rendered?.phase === 'serving' && rendered.activeVersion === 1 ? rendered : undefined;
                }, 30_000);
                assert.deepEqual([view.stage, view.historyRows, view.lastRotation], ['idle', 0, '']);
                await waitFor('the status bar to show Mlp v1', () => (api.servingStatusText() === '$(broadcast) Mlp v1' ? true : undefined));
                if (hasWorkbenchBridge()) {
                    const status = await workbenchText('.statusbar-item[id$="phg.serving"]');
                    assert.ok(status.some((text) => text.includes('Mlp v1')), JSON.stringify(status));
                }
            }
        },
        {
            name: 'a second signed version, then PHG: Rotate to Latest Version: the panel shows the rotation reach active',
            body: async () => {
                const api = await activatedExtension();
                assert.equal(api.service()?.phase, 'serving', 'the serve spec left a service running');
                // A client using the service: predictions of held-out digits, all answered by version 1.
                const url = api.service()?.url ?? '';
                for (const rows of digitBatches(3, 8)) {
                    const response = await fetch(`${url}/v1/models/Mlp:predict`, { method: 'POST', body: JSON.stringify({ instances: rows }) });
                    const body = await response.json() as { model_version?: number; predictions?: number[][] };
                    assert.deepEqual([response.status, body.model_version, body.predictions?.length], [200, 1, rows.length]);
                }
                const run = await trainOneSignedVersion();
                assert.equal(run.done?.version, '.phg/versions/2');
                const rotation = await vscode.commands.executeCommand<RotationRecord | undefined>('phg.rotateToLatestVersion');
                assert.ok(rotation, 'the rotate command returns the rotation');
                assert.deepEqual([rotation.fromVersion, rotation.toVersion, rotation.outcome], [1, 2, 'active']);
                assert.deepEqual(rotation.stages.map((entry) => entry.stage), ['received', 'verifying', 'loading', 'warming', 'switching', 'active']);
                assert.equal(rotation.canary?.disagreements, 0, 'two versions trained alike agree on the canary');
                const view = await waitFor('the panel to render the active rotation', () => {
                    const rendered = api.rotationPanelRendered();
                    return rendered?.activeVersion === 2 && rendered.lastRotation === '#1 v1 → v2 active' ? rendered : undefined;
                }, 30_000).catch((error: unknown) => {
                    throw new Error(`${String(error)}; last rendered: ${JSON.stringify(api.rotationPanelRendered())}; service: ${JSON.stringify({ phase: api.service()?.phase, active: api.service()?.activeVersion, rotations: api.service()?.rotations.length })}`);
                });
                assert.deepEqual(view.litStages, ['received', 'verifying', 'loading', 'warming', 'switching', 'active']);
                assert.equal(view.historyRows, 1);
                assert.equal(api.service()?.activeVersion, 2);
                const counted = await waitFor('the status poll to count the 3 prediction requests', () => ((api.service()?.counters?.requests ?? 0) >= 3 ? api.service()?.counters : undefined));
                assert.equal(counted.errors, 0);
                if (hasWorkbenchBridge()) {
                    // What the user sees, read from the webview's DOM.
                    const caption = await frameText('#last-rotation');
                    assert.ok(caption.some((text) => text.startsWith('#1 v1 → v2 active')), JSON.stringify(caption));
                    const activeBox = await frameText('.stage.done[data-stage="active"]');
                    assert.equal(activeBox.length, 1, 'the active stage is lit');
                    assert.match(activeBox[0] ?? '', /^active\s+\d\d:\d\d:\d\d$/);
                    assert.deepEqual(await frameText('.stage.failed'), [], 'no exit stage is lit');
                    const active = await frameText('#active-version .card-value');
                    assert.deepEqual(active, ['v2']);
                    const canary = await frameText('#canary-disagreement .card-value');
                    assert.ok(canary.some((text) => text.startsWith('0/') && text.includes('disagree (0.0%) · max 2.0%')), JSON.stringify(canary));
                    const requests = await frameText('#requests .card-value');
                    assert.ok(requests.length === 1 && Number(requests[0]) >= 3, JSON.stringify(requests));
                    const history = await frameText('#history vscode-table-row[data-rotation="1"]');
                    assert.ok(history.some((text) => /v1 → v2\s+active/.test(text)), JSON.stringify(history));
                    await clearNotifications();
                    await useColorTheme('Default Dark Modern');
                    await screenshot('rotation-panel-beside-model');
                    await vscode.commands.executeCommand('phg.showRotationPanel');
                    await maximizeEditorGroup();
                    await screenshot('rotation-panel');
                    await restoreEditorGroups();
                }
            }
        },
        {
            name: 'PHG: Show Hypergraph draws the model’s values and hyperedges with their shapes, dimensions and formats',
            body: async () => {
                const api = await activatedExtension();
                await openInEditor(CERTIFIED_MODEL_FILE);
                const result = await vscode.commands.executeCommand<HypergraphResult | undefined>('phg.showHypergraph');
                const model = result?.models[0];
                assert.ok(model, 'the server answers phg/hypergraph');
                assert.equal(model.title, 'train Mlp on train_set');
                const w1 = model.nodes.find((node) => node.name === 'W1');
                assert.deepEqual([w1?.shape, w1?.dimension, w1?.format, w1?.lifetime], [[64, 32], '1', 'posit<16>', 'param']);
                const view = await waitFor('the Hypergraph panel to render the model', () => {
                    const rendered = api.hypergraphPanelRendered();
                    return rendered?.title === model.title ? rendered : undefined;
                }, 30_000);
                assert.deepEqual([view.nodeRows, view.edgeRows, view.drawnNodes, view.drawnEdges], [model.nodes.length, model.edges.length, model.nodes.length, model.edges.length]);
                if (hasWorkbenchBridge()) {
                    const summary = await frameText('#hypergraph-summary');
                    assert.ok(summary.some((text) => text.startsWith(`${model.nodes.length} values · ${model.edges.length} hyperedges`)), JSON.stringify(summary));
                    const row = await frameText('#nodes vscode-table-row[data-node="W1"]');
                    assert.ok(row.some((text) => /W1\s+param\s+64×32\s+1\s+posit<16>\s+param/.test(text)), JSON.stringify(row));
                    await clearNotifications();
                    await maximizeEditorGroup();
                    await screenshot('hypergraph-panel');
                    await restoreEditorGroups();
                }
            }
        },
        {
            name: 'PHG: Stop Serving stops the service and removes its discovery file',
            body: async () => {
                const api = await activatedExtension();
                const stopped = await vscode.commands.executeCommand<ServiceState | undefined>('phg.stopServing');
                assert.equal(stopped?.phase, 'stopped', `${stopped?.phase}: ${stopped?.failure?.message}`);
                assert.equal(existsSync(workspaceFile('.phg/serve/Mlp.json').fsPath), false);
                // The Hypergraph panel took the panel's place: show it again (it restores and renders the last state).
                await vscode.commands.executeCommand('phg.showRotationPanel');
                await waitFor('the panel to say stopped', () => (api.rotationPanelRendered()?.phase === 'stopped' ? true : undefined));
                await vscode.workspace.getConfiguration('phg').update('serve.port', undefined, vscode.ConfigurationTarget.Workspace);
            }
        }
    ]
};
