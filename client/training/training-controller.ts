// Runs at most one `phg train` at a time and turns its output into TrainingRunState updates.
// It owns the child process and the raw log; what the user sees (status bar, panel,
// notifications) listens to `onDidChangeRun`.
import * as vscode from 'vscode';
import type { SigningKeyHandOver } from '../certificates/configured-signing-key.js';
import { cliLaunch } from './cli-launch.js';
import {
    applyLaunchFailure,
    applyProcessExit,
    applyTrainEvent,
    isActive,
    requestStop,
    startingRun,
    type RunRequestSummary,
    type TrainingRunState
} from './run-state.js';
import { TrainProcess } from './train-process.js';
import { describeOverrides, trainArguments, type TrainRequest } from './train-request.js';

/** Where and how a request runs. */
export interface TrainLaunchContext {
    /** Working folder of the CLI: the workspace folder, so `.phg/runs` lands in it. */
    readonly cwd: string;
    /** The file as shown to the user (relative to the workspace folder). */
    readonly displayFile: string;
    /** `phg.cli.nodePath`; empty for the editor's own runtime. */
    readonly nodePath: string;
    /** How `phg train` gets the configured signing key (`--key -` and the key on stdin, or nothing). */
    readonly signingKey?: SigningKeyHandOver;
}

/** A run in progress or finished. */
interface RunRecord {
    state: TrainingRunState;
    readonly request: TrainRequest;
    readonly cwd: string;
    /** Set right after the record: the process's callbacks update the record. */
    process: TrainProcess | undefined;
    readonly finished: Promise<TrainingRunState>;
}

export class TrainingController implements vscode.Disposable {
    private record: RunRecord | undefined;
    private readonly changed = new vscode.EventEmitter<TrainingRunState>();

    /** Fires on every change of the current run, including its end. */
    readonly onDidChangeRun = this.changed.event;

    constructor(private readonly extensionPath: string, private readonly log: vscode.OutputChannel) {}

    /** The current or most recent run. */
    get run(): TrainingRunState | undefined {
        return this.record?.state;
    }

    /** The request and folder of the current or most recent run (to resume it). */
    get lastRequest(): { readonly request: TrainRequest; readonly cwd: string } | undefined {
        return this.record === undefined ? undefined : { request: this.record.request, cwd: this.record.cwd };
    }

    /** True while a run has not ended. */
    get isRunning(): boolean {
        return this.record !== undefined && isActive(this.record.state);
    }

    /**
     * Starts a run and resolves with its final state once the process has ended.
     * Returns undefined, starting nothing, while another run is active.
     */
    start(request: TrainRequest, where: TrainLaunchContext): Promise<TrainingRunState> | undefined {
        if (this.isRunning) return undefined;
        const summary: RunRequestSummary = { file: where.displayFile, model: request.model, overrides: describeOverrides(request) };
        // The key's hand-over is how the run signs, not what it trains: not one of the overrides.
        const args = [...trainArguments(request), ...(where.signingKey?.args ?? [])];
        const input = where.signingKey?.input;
        const launch = cliLaunch(this.extensionPath, args, where.cwd, where.nodePath, process.env);
        this.log.appendLine(`\n$ phg ${args.join(' ')}${input !== undefined ? ' < (key from secret storage)' : ''}    (in ${where.cwd})`);

        let resolveFinished: (state: TrainingRunState) => void = () => undefined;
        const finished = new Promise<TrainingRunState>((resolve) => { resolveFinished = resolve; });
        const record: RunRecord = { state: startingRun(summary, Date.now()), request, cwd: where.cwd, process: undefined, finished };
        this.record = record;
        this.changed.fire(record.state);
        const update = (next: (state: TrainingRunState) => TrainingRunState): void => {
            const before = record.state;
            record.state = next(before);
            if (record.state === before) return;
            this.changed.fire(record.state);
            if (!isActive(record.state) && isActive(before)) resolveFinished(record.state);
        };
        record.process = new TrainProcess(launch, {
            onLine: (parsed, raw) => {
                this.log.appendLine(raw);
                if (parsed.kind === 'event') update((state) => applyTrainEvent(state, parsed.event, Date.now()));
                else this.log.appendLine(`  (ignored: ${parsed.reason})`);
            },
            onStderr: (text) => this.log.append(text),
            onLaunchError: (message) => {
                this.log.appendLine(message);
                update((state) => applyLaunchFailure(state, message, Date.now()));
            },
            onExit: (exit) => {
                this.log.appendLine(`[phg train exited: ${exit.signal ?? `code ${exit.code}`}]`);
                update((state) => applyProcessExit(state, exit, Date.now()));
            }
        }, input);
        return finished;
    }

    /** Asks the running CLI to checkpoint and stop. False when nothing is running. */
    stop(): boolean {
        const record = this.record;
        if (record === undefined || !isActive(record.state)) return false;
        this.log.appendLine('[stop requested: sending SIGINT so phg saves a checkpoint]');
        record.state = requestStop(record.state);
        this.changed.fire(record.state);
        record.process?.interrupt();
        return true;
    }

    /** Resolves when the current run ends (immediately when none is active). */
    whenIdle(): Promise<TrainingRunState | undefined> {
        return this.record === undefined ? Promise.resolve(undefined) : this.record.finished;
    }

    dispose(): void {
        // The window is closing: a child left behind would train on unseen.
        this.record?.process?.kill();
        this.changed.dispose();
    }
}
