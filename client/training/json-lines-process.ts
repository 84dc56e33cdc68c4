// One long-running `phg … --json` child process (train, serve): its stdout becomes parsed JSON
// Lines, its stderr a log, and stopping it sends SIGINT so the CLI ends cleanly (a checkpoint, a
// closed port). Optional input goes to its stdin and stdin is closed: a private key from the
// editor's secret storage reaches the CLI that way and never touches the disk. Free of `vscode`
// so the unit tests drive it with a real child process.
import { spawn, type ChildProcess } from 'node:child_process';
import type { CliLaunch } from './cli-launch.js';
import { JsonLinesDecoder } from './json-lines.js';
import type { ProcessExit } from './run-state.js';

/** Callbacks for what the process says and how it ends. */
export interface JsonLinesProcessListener<Line> {
    /** One stdout line, parsed, with its raw text for the log. */
    onLine(parsed: Line, raw: string): void;
    /** A chunk of stderr (human text: warnings, a crash). */
    onStderr(text: string): void;
    /** The process could not be started at all. */
    onLaunchError(message: string): void;
    /** The process ended; called once, after every stdout line. */
    onExit(exit: ProcessExit): void;
}

/** Keeps the last few lines of stderr for a failure message. */
const STDERR_TAIL_CHARS = 2000;

/** A running CLI command that streams JSON Lines. */
export class JsonLinesProcess<Line> {
    private readonly child: ChildProcess;
    private stderrTail = '';
    private exited = false;

    constructor(launch: CliLaunch, parse: (raw: string) => Line, listener: JsonLinesProcessListener<Line>, input?: string) {
        this.child = spawn(launch.executable, [...launch.args], { cwd: launch.cwd, env: launch.env, stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
        const decoder = new JsonLinesDecoder();
        const emit = (lines: string[]): void => { for (const raw of lines) listener.onLine(parse(raw), raw); };
        this.child.stdout?.setEncoding('utf8');
        this.child.stderr?.setEncoding('utf8');
        this.child.stdout?.on('data', (chunk: string) => emit(decoder.push(chunk)));
        this.child.stderr?.on('data', (chunk: string) => {
            this.stderrTail = (this.stderrTail + chunk).slice(-STDERR_TAIL_CHARS);
            listener.onStderr(chunk);
        });
        this.child.on('error', (error) => {
            // 'error' without a prior spawn means the executable could not be started.
            if (this.child.pid === undefined && !this.exited) {
                this.exited = true;
                listener.onLaunchError(`could not start ${launch.executable}: ${error.message}`);
            }
        });
        // 'close' comes after stdout has ended, so every line has been delivered by then.
        this.child.on('close', (code, signal) => {
            if (this.exited) return;
            this.exited = true;
            emit(decoder.end());
            listener.onExit({ code, signal, stderrTail: this.stderrTail });
        });
        if (this.child.stdin) {
            // A command that exits before reading its stdin closes the pipe: not an error of ours.
            this.child.stdin.on('error', () => undefined);
            this.child.stdin.end(input);
        }
    }

    /** The child's process id (undefined if it never started). */
    get pid(): number | undefined {
        return this.child.pid;
    }

    /** Asks the CLI to end cleanly (SIGINT, as Ctrl+C in a terminal). */
    interrupt(): void {
        if (!this.exited) this.child.kill('SIGINT');
    }

    /** Ends the process at once (the extension is shutting down). */
    kill(): void {
        if (!this.exited) this.child.kill('SIGKILL');
    }
}
