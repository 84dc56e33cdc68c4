// PHG: Certify Model — `phg certify FILE --model M --json`: every check, then a signed certificate
// `<Model>.phgcert` beside the source. Signs with the key `phg.signing.keyStorage` names: the
// default key file, or the key in VS Code's secret storage (passed on stdin, `--key -`; see
// certificates/configured-signing-key.ts). The
// language server sees the new file and the code lens turns to `✓ certified`.
// Arguments: `{ uri, model }` (the code lens), a URI, or none (the active .phg editor).
import * as path from 'node:path';
import * as vscode from 'vscode';
import { parseCertifyAnswer, type CertifyAnswer } from '../certificates/cli-answers.js';
import { describeFailure } from '../certificates/cli-call.js';
import { signingKeyHandOver } from '../certificates/configured-signing-key.js';
import { commandFolder, runPhg } from '../certificates/phg-command.js';
import { trustedFingerprints, trustKey } from '../certificates/workspace-trust-store.js';
import { readSigningSettings } from '../config.js';
import type { PhgContext } from '../context.js';
import type { PhgCommand } from './command.js';
import { resolveModelTarget } from './model-target.js';
import { requireTrustedWorkspace } from './workspace-trust.js';

const SHOW_LOG = 'Show Log';
const GENERATE = 'Generate Signing Key';
const TRUST = 'Trust This Key';

export const certifyModel: PhgCommand = {
    id: 'phg.certifyModel',
    async run(context, arg) {
        if (!requireTrustedWorkspace('Certifying (signing)')) return undefined;
        const target = await resolveModelTarget(arg, 'certify', true);
        if (target === undefined) return undefined;
        const { document, model } = target;
        // The CLI reads the file from disk: certify what the user sees.
        if (document.isDirty && !(await document.save())) return undefined;
        const folder = commandFolder(document.uri);
        const key = await signingKeyHandOver(readSigningSettings().keyStorage, context.secretSigningKey);
        if (key.kind === 'missing') {
            offerKey(context, "There is no signing key in VS Code's secret storage yet.");
            return undefined;
        }
        const args = ['certify', document.uri.fsPath, '--json', ...(model !== undefined ? ['--model', model] : []), ...key.args];
        const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `PHG: certifying ${model ?? path.basename(document.uri.fsPath)}` },
            () => runPhg(context.extension.extensionPath, context.certificatesLog, args, folder, key.input));
        const name = model ?? path.basename(document.uri.fsPath);
        if (result.kind === 'exited' && result.code === 0) {
            const answer = parseCertifyAnswer(result.stdout);
            if (!answer.ok) {
                void vscode.window.showErrorMessage(`phg certify: ${answer.reason}`);
                return undefined;
            }
            announce(context, answer.value, folder);
            return answer.value;
        }
        const problem = describeFailure(result, 'certify');
        if (result.kind === 'exited' && result.code === 2 && /key/i.test(problem)) {
            offerKey(context, `${name} is not certified: ${problem}`);
            return undefined;
        }
        void vscode.window.showErrorMessage(`${name} is not certified: ${problem}`, SHOW_LOG).then((choice) => {
            if (choice === SHOW_LOG) context.certificatesLog.show(true);
        });
        return undefined;
    }
};

function offerKey(context: PhgContext, message: string): void {
    void vscode.window.showWarningMessage(`${message} Create one with PHG: Generate Signing Key.`, GENERATE).then((choice) => {
        if (choice === GENERATE) void vscode.commands.executeCommand('phg.generateSigningKey');
    });
    context.certificatesLog.appendLine(message);
}

/** The closing notification; offers to trust the signer when phg.trust.json does not list it. */
function announce(context: PhgContext, answer: CertifyAnswer, folder: string): void {
    const file = vscode.workspace.asRelativePath(answer.file);
    const key = answer.signer.slice(0, 12);
    if (trustedFingerprints(folder).includes(answer.signer)) {
        void vscode.window.showInformationMessage(`Certified ${answer.model} → ${file} (key ${key}).`);
        return;
    }
    void vscode.window.showWarningMessage(`Certified ${answer.model} → ${file}, signed by key ${key}, which this workspace's phg.trust.json does not list yet.`, TRUST).then(async (choice) => {
        if (choice !== TRUST) return;
        const secret = await context.secretSigningKey.read();
        // A key from secret storage is trusted by its public half; a key file by its fingerprint (`phg keys trust` finds local keys).
        const result = secret?.fingerprint === answer.signer
            ? await trustKey(context.extension.extensionPath, context.certificatesLog, folder, { publicKeyPem: secret.publicKeyPem }, `vscode-${answer.signer.slice(0, 8)}`)
            : await trustKey(context.extension.extensionPath, context.certificatesLog, folder, { fingerprint: answer.signer }, '');
        if (!result.ok) void vscode.window.showErrorMessage(`Could not trust key ${key}: ${result.message}`);
    });
}
