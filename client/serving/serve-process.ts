// One `phg serve --json` child process: its stdout becomes typed events, its stderr a log, and
// stopping it sends SIGINT so the service closes its port and removes its discovery files. Free
// of `vscode` so the unit tests drive it with a real child process.
import { spawn, type ChildProcess } from 'node:child_process';
import type { CliLaunch } from '../training/cli-launch.js';
import { JsonLinesDecoder } from '../training/json-lines.js';
import type { ProcessExit } from '../training/run-state.js';
import { parseServeLine, type ParsedServeLine } from './serve-event-parser.js';

/** Callbacks for what the process says and how it ends. */
export interface ServeProcessListener {
    onLine(parsed: ParsedServeLine, raw: string): void;
    onStderr(text: string): void;
    onLaunchError(message: string): void;
    /** Called once, after every stdout line. */
    onExit(exit: ProcessExit): void;
}

const STDERR_TAIL_CHARS = 2000;

/** A running `phg serve`. */
export class ServeProcess {
    private readonly child: ChildProcess;
    private stderrTail = '';
    private exited = false;

    constructor(launch: CliLaunch, listener: ServeProcessListener) {
        this.child = spawn(launch.executable, [...launch.args], { cwd: launch.cwd, env: launch.env, stdio: ['ignore', 'pipe', 'pipe'] });
        const decoder = new JsonLinesDecoder();
        const emit = (lines: string[]): void => { for (const raw of lines) listener.onLine(parseServeLine(raw), raw); };
        this.child.stdout?.setEncoding('utf8');
        this.child.stderr?.setEncoding('utf8');
        this.child.stdout?.on('data', (chunk: string) => emit(decoder.push(chunk)));
        this.child.stderr?.on('data', (chunk: string) => {
            this.stderrTail = (this.stderrTail + chunk).slice(-STDERR_TAIL_CHARS);
            listener.onStderr(chunk);
        });
        this.child.on('error', (error) => {
            if (this.child.pid === undefined && !this.exited) {
                this.exited = true;
                listener.onLaunchError(`could not start ${launch.executable}: ${error.message}`);
            }
        });
        this.child.on('close', (code, signal) => {
            if (this.exited) return;
            this.exited = true;
            emit(decoder.end());
            listener.onExit({ code, signal, stderrTail: this.stderrTail });
        });
    }

    /** The child's process id (undefined if it never started). */
    get pid(): number | undefined {
        return this.child.pid;
    }

    /** Asks the service to stop cleanly (SIGINT, as Ctrl+C in a terminal). */
    interrupt(): void {
        if (!this.exited) this.child.kill('SIGINT');
    }

    /** Ends the process at once (the extension is shutting down). */
    kill(): void {
        if (!this.exited) this.child.kill('SIGKILL');
    }
}
