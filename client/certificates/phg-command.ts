// Runs a short `phg` command for the certificate and serving commands: where (the workspace folder
// of the file, so `phg.trust.json` and `.phg/` are the workspace's), with which Node, logged to the
// "PHG Certificates" output (the command line and its output; never what goes to stdin).
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { readCliSettings } from '../config.js';
import { cliLaunch } from '../training/cli-launch.js';
import { callCli, type CliCallResult } from './cli-call.js';

/** The folder commands about `uri` run in: its workspace folder, else the first one, else its own folder. */
export function commandFolder(uri: vscode.Uri | undefined): string {
    const folder = (uri !== undefined ? vscode.workspace.getWorkspaceFolder(uri) : undefined) ?? vscode.workspace.workspaceFolders?.[0];
    if (folder !== undefined) return folder.uri.fsPath;
    return uri !== undefined ? path.dirname(uri.fsPath) : os.homedir();
}

/** Runs `phg ARGS` in `cwd`; `input` goes to stdin and is not logged. */
export async function runPhg(extensionPath: string, log: vscode.OutputChannel, args: readonly string[], cwd: string, input?: string): Promise<CliCallResult> {
    const launch = cliLaunch(extensionPath, args, cwd, readCliSettings().nodePath, process.env);
    log.appendLine(`\n$ phg ${args.join(' ')}${input !== undefined ? ' < (key from secret storage)' : ''}    (in ${cwd})`);
    const result = await callCli(launch, input);
    if (result.kind === 'launch-failed') log.appendLine(result.message);
    else {
        if (result.stdout.trim() !== '') log.appendLine(result.stdout.trimEnd());
        if (result.stderr.trim() !== '') log.appendLine(result.stderr.trimEnd());
        log.appendLine(`[exit ${result.signal ?? result.code ?? 'unknown'}]`);
    }
    return result;
}
