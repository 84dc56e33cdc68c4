// One short `phg` command (certify, verify, keys, rotate) as a child process: optional input on
// stdin (a private key from the editor's secret storage never touches the disk), its stdout and
// stderr collected, its exit. Free of `vscode`, so the unit tests run it for real.
import { spawn } from 'node:child_process';
import type { CliLaunch } from '../training/cli-launch.js';

/** How a short command ended. */
export type CliCallResult =
    | { readonly kind: 'exited'; readonly code: number | null; readonly signal: string | null; readonly stdout: string; readonly stderr: string }
    | { readonly kind: 'launch-failed'; readonly message: string };

/** Runs a command to its end; `input`, when given, is written to its stdin and stdin closed. */
export function callCli(launch: CliLaunch, input?: string): Promise<CliCallResult> {
    return new Promise((resolve) => {
        const child = spawn(launch.executable, [...launch.args], { cwd: launch.cwd, env: launch.env, stdio: ['pipe', 'pipe', 'pipe'] });
        let stdout = '';
        let stderr = '';
        let settled = false;
        child.stdout.setEncoding('utf8');
        child.stderr.setEncoding('utf8');
        child.stdout.on('data', (chunk: string) => { stdout += chunk; });
        child.stderr.on('data', (chunk: string) => { stderr += chunk; });
        child.on('error', (error) => {
            if (settled || child.pid !== undefined) return;
            settled = true;
            resolve({ kind: 'launch-failed', message: `could not start ${launch.executable}: ${error.message}` });
        });
        child.on('close', (code, signal) => {
            if (settled) return;
            settled = true;
            resolve({ kind: 'exited', code, signal, stdout, stderr });
        });
        // A command that reads no stdin may exit before we finish writing: that is not an error.
        child.stdin.on('error', () => undefined);
        child.stdin.end(input ?? '');
    });
}

/** The command's problem in one line, for a notification: its stderr, else how it ended. */
export function describeFailure(result: CliCallResult, command: string): string {
    if (result.kind === 'launch-failed') return result.message;
    const lines = result.stderr.split('\n').map((line) => line.trim()).filter((line) => line !== '' && !line.startsWith('usage:'));
    if (lines.length > 0) return lines[0]?.replace(/^phg [a-z-]+(?: [a-z]+)?: /, '') ?? '';
    return `phg ${command} ${result.signal !== null ? `was killed by ${result.signal}` : `exited with code ${result.code ?? 'unknown'}`}`;
}
