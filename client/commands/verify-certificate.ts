// PHG: Verify Certificate — `phg verify PATH --json`: signature, trusted signer, structure against
// the current source (PHG5001 names what changed), and for versions the weights digest, chain and
// version numbers; every check goes to the "PHG Certificates" output, the outcome to a
// notification. Verifying only reads files, so it also works in Restricted Mode.
// Arguments: `{ uri, model }` (a code lens: the .phgcert, a version's record.json, or the .phg
// with its model), a URI, or none (the active editor's certificate; else the whole workspace).
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { allPassed, firstFailure, parseVerifyAnswer, type VerificationReportAnswer } from '../certificates/cli-answers.js';
import { describeFailure } from '../certificates/cli-call.js';
import { commandFolder, runPhg } from '../certificates/phg-command.js';
import type { PhgContext } from '../context.js';
import type { PhgCommand } from './command.js';
import { declaredModels, targetArgument } from './model-target.js';

const SHOW_DETAILS = 'Show Details';
const CERTIFY = 'Certify Model';

/** What to verify: paths for `phg verify` (none: the whole workspace) and the folder it runs in. */
interface VerifyTarget {
    readonly paths: readonly string[];
    readonly folder: string;
    /** The model file a stale certificate belongs to (for the Certify action). */
    readonly source?: vscode.Uri;
}

/** The certificates beside a model file: `<Model>.phgcert` for its (chosen) models. */
function certificatesBeside(file: string, text: string, model: string | undefined): string[] {
    const models = model !== undefined ? [model] : declaredModels(text);
    return models.map((name) => path.join(path.dirname(file), `${name}.phgcert`)).filter((candidate) => existsSync(candidate));
}

async function resolveTarget(arg: unknown): Promise<VerifyTarget | undefined> {
    const given = targetArgument(arg);
    const uri = given?.uri ?? vscode.window.activeTextEditor?.document.uri;
    const folder = commandFolder(uri);
    if (uri === undefined || uri.scheme !== 'file') return { paths: [], folder };
    const file = uri.fsPath;
    if (file.endsWith('.phgcert')) return { paths: [file], folder };
    if (path.basename(file) === 'record.json') return { paths: [path.dirname(file)], folder };
    if (file.endsWith('.phg')) {
        const document = await vscode.workspace.openTextDocument(uri);
        const certificates = certificatesBeside(file, document.getText(), given?.model);
        if (certificates.length === 0) {
            const name = given?.model ?? (declaredModels(document.getText()).join(', ') || path.basename(file));
            void vscode.window.showWarningMessage(`${name} has no certificate yet.`, CERTIFY).then((choice) => {
                if (choice === CERTIFY) void vscode.commands.executeCommand('phg.certifyModel', { uri: uri.toString(), ...(given?.model !== undefined ? { model: given.model } : {}) });
            });
            return undefined;
        }
        return { paths: certificates, folder, source: uri };
    }
    return { paths: [], folder };
}

/** One report as `phg verify` prints it. */
function reportText(report: VerificationReportAnswer, folder: string): string {
    const lines = [path.relative(folder, report.subject) || report.subject];
    for (const check of report.checks) {
        const mark = check.status === 'passed' ? '✓' : check.status === 'failed' ? '✗' : '–';
        lines.push(`  ${mark} ${check.title}: ${check.message}${check.status === 'failed' && check.code !== undefined ? ` [${check.code}]` : ''}`);
    }
    return lines.join('\n');
}

export const verifyCertificate: PhgCommand = {
    id: 'phg.verifyCertificate',
    async run(context, arg) {
        const target = await resolveTarget(arg);
        if (target === undefined) return undefined;
        const result = await runPhg(context.extension.extensionPath, context.certificatesLog, ['verify', ...target.paths, '--json'], target.folder);
        const parsed = result.kind === 'exited' && (result.code === 0 || result.code === 1) ? parseVerifyAnswer(result.stdout) : undefined;
        if (parsed === undefined || !parsed.ok) {
            const problem = parsed === undefined ? describeFailure(result, 'verify') : parsed.reason;
            void vscode.window.showErrorMessage(`Could not verify: ${problem}`, SHOW_DETAILS).then((choice) => {
                if (choice === SHOW_DETAILS) context.certificatesLog.show(true);
            });
            return undefined;
        }
        const reports = parsed.value;
        context.certificatesLog.appendLine(reports.map((report) => reportText(report, target.folder)).join('\n'));
        announce(context, reports, target);
        return reports;
    }
};

function announce(context: PhgContext, reports: readonly VerificationReportAnswer[], target: VerifyTarget): void {
    const subject = (report: VerificationReportAnswer): string => path.relative(target.folder, report.subject) || report.subject;
    if (allPassed(reports)) {
        const checks = reports.reduce((sum, report) => sum + report.checks.length, 0);
        void vscode.window.showInformationMessage(`Verified ${reports.map(subject).join(', ')}: all ${checks} checks passed.`);
        return;
    }
    const failed = reports.find((report) => firstFailure(report) !== undefined) ?? reports.find((report) => report.checks.some((check) => check.status !== 'passed'));
    const check = failed !== undefined ? (firstFailure(failed) ?? failed.checks.find((entry) => entry.status !== 'passed')) : undefined;
    const stale = check?.code === 'PHG5001' && target.source !== undefined;
    const message = failed === undefined || check === undefined
        ? 'Nothing to verify.'
        : `${subject(failed)}: ✗ ${check.title}: ${check.message}${check.code !== undefined ? ` [${check.code}]` : ''}`;
    const actions = stale ? [CERTIFY, SHOW_DETAILS] : [SHOW_DETAILS];
    void vscode.window.showWarningMessage(message, ...actions).then((choice) => {
        if (choice === SHOW_DETAILS) context.certificatesLog.show(true);
        if (choice === CERTIFY && target.source !== undefined) void vscode.commands.executeCommand('phg.certifyModel', target.source);
    });
}
