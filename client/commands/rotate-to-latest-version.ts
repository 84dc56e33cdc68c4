// PHG: Rotate to Latest Version — `phg rotate NAME --json`: asks the running service to verify,
// load, warm (canary) and switch to the newest version in the store; answers when it is active or
// rejected. The Rotation panel shows the stages live from the service's own events.
// Arguments: `{ version?: number }` (rotate to that version instead of the newest).
import * as vscode from 'vscode';
import { parseRotateAnswer } from '../certificates/cli-answers.js';
import { describeFailure } from '../certificates/cli-call.js';
import { commandFolder, runPhg } from '../certificates/phg-command.js';
import { rotateArguments } from '../serving/serve-request.js';
import type { RotationRecord } from '../serving/serve-json.js';
import { canaryDisagreement } from '../serving/rotation-view.js';
import type { PhgCommand } from './command.js';
import { requireTrustedWorkspace } from './workspace-trust.js';

const SHOW_PANEL = 'Open Rotation Panel';
const SHOW_LOG = 'Show Log';

function versionOf(arg: unknown): number | undefined {
    if (typeof arg !== 'object' || arg === null || !('version' in arg)) return undefined;
    const { version } = arg as { version?: unknown };
    return typeof version === 'number' && Number.isInteger(version) && version > 0 ? version : undefined;
}

export const rotateToLatestVersion: PhgCommand = {
    id: 'phg.rotateToLatestVersion',
    async run(context, arg): Promise<RotationRecord | undefined> {
        if (!requireTrustedWorkspace('Rotating a service')) return undefined;
        const service = context.serving.isRunning ? context.serving.service : undefined;
        // A service started in a terminal is found by `phg rotate` itself (.phg/serve/NAME.json).
        const folder = context.serving.serviceFolder !== undefined && service !== undefined ? context.serving.serviceFolder : commandFolder(vscode.window.activeTextEditor?.document.uri);
        const name = service?.name;
        const args = rotateArguments(name, versionOf(arg));
        if (service !== undefined) context.rotationPanel.reveal(true);
        const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `PHG: rotating ${name ?? 'the service'} to ${versionOf(arg) !== undefined ? `version ${versionOf(arg)}` : 'the newest version'}` },
            () => runPhg(context.extension.extensionPath, context.servingLog, args, folder));
        const answer = result.kind === 'exited' ? parseRotateAnswer(result.stdout) : undefined;
        if (answer === undefined || !answer.ok) {
            void vscode.window.showErrorMessage(`Could not rotate: ${answer === undefined || result.kind !== 'exited' || result.stdout.trim() === '' ? describeFailure(result, 'rotate') : answer.reason}`, SHOW_LOG).then((choice) => {
                if (choice === SHOW_LOG) context.servingLog.show(true);
            });
            return undefined;
        }
        const { status, rotation, error } = answer.value;
        const open = (choice: string | undefined): void => {
            if (choice === SHOW_PANEL) context.rotationPanel.reveal();
        };
        if (status === 200 && rotation !== undefined) {
            const canary = canaryDisagreement(rotation);
            void vscode.window.showInformationMessage(`Version ${rotation.toVersion} of ${name ?? 'the model'} is active${canary !== undefined ? ` (canary: ${canary})` : ''}; version ${rotation.fromVersion} stays loaded for the grace window.`, SHOW_PANEL).then(open);
        } else if (rotation !== undefined) {
            void vscode.window.showWarningMessage(`Rotation to version ${rotation.toVersion} ${rotation.outcome}: ${rotation.reason ?? error ?? ''}${rotation.code !== undefined ? ` [${rotation.code}]` : ''}. Version ${rotation.fromVersion} keeps serving.`, SHOW_PANEL).then(open);
        } else {
            void vscode.window.showWarningMessage(`Rotation refused (${status}): ${error ?? 'no reason given'}`, SHOW_PANEL).then(open);
        }
        return rotation;
    }
};
