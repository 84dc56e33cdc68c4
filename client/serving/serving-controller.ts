// Runs at most one `phg serve` at a time, polls its status endpoint while it listens, and turns
// both into ServiceState updates. It owns the child process, the poller and the raw log; what the
// user sees (status bar, Rotation panel, notifications) listens to `onDidChangeService`.
import * as vscode from 'vscode';
import { cliLaunch } from '../training/cli-launch.js';
import { serveArguments, serveEnvironment, type ServeRequest } from './serve-request.js';
import { ServeProcess } from './serve-process.js';
import {
    applyPollProblem,
    applyServeEvent,
    applyServeExit,
    applyServeLaunchFailure,
    applyServiceStatus,
    isServiceActive,
    requestServiceStop,
    startingService,
    type ServiceState
} from './service-state.js';
import { ServiceStatusPoller, statusUrl } from './service-status-poller.js';

/** Where and how a service runs. */
export interface ServeLaunchContext {
    /** Working folder of the CLI (the workspace folder). */
    readonly cwd: string;
    /** The file as shown to the user. */
    readonly displayFile: string;
    /** `phg.cli.nodePath`; empty for the editor's own runtime. */
    readonly nodePath: string;
    readonly pollIntervalMs: number;
}

interface ServiceRecord {
    state: ServiceState;
    readonly request: ServeRequest;
    readonly cwd: string;
    process: ServeProcess | undefined;
    poller: ServiceStatusPoller | undefined;
    readonly ended: Promise<ServiceState>;
}

export class ServingController implements vscode.Disposable {
    private record: ServiceRecord | undefined;
    private readonly changed = new vscode.EventEmitter<ServiceState>();

    /** Fires on every change of the current service, including its end. */
    readonly onDidChangeService = this.changed.event;

    constructor(private readonly extensionPath: string, private readonly log: vscode.OutputChannel) {}

    /** The current or most recent service. */
    get service(): ServiceState | undefined {
        return this.record?.state;
    }

    /** The folder the current service was started in (where `phg rotate` finds it). */
    get serviceFolder(): string | undefined {
        return this.record?.cwd;
    }

    /** True while a service has not ended. */
    get isRunning(): boolean {
        return this.record !== undefined && isServiceActive(this.record.state);
    }

    /**
     * Starts a service; resolves once it listens (or ended without listening). Returns undefined,
     * starting nothing, while another service runs.
     */
    start(request: ServeRequest, where: ServeLaunchContext): Promise<ServiceState> | undefined {
        if (this.isRunning) return undefined;
        const args = serveArguments(request);
        const launch = cliLaunch(this.extensionPath, args, where.cwd, where.nodePath, { ...process.env, ...serveEnvironment(request) });
        this.log.appendLine(`\n$ phg ${args.join(' ')}    (in ${where.cwd})`);

        let resolveEnded: (state: ServiceState) => void = () => undefined;
        const ended = new Promise<ServiceState>((resolve) => { resolveEnded = resolve; });
        let resolveReady: (state: ServiceState) => void = () => undefined;
        const ready = new Promise<ServiceState>((resolve) => { resolveReady = resolve; });
        const record: ServiceRecord = {
            state: startingService({ file: where.displayFile, model: request.model, watch: request.watch }, Date.now()),
            request, cwd: where.cwd, process: undefined, poller: undefined, ended
        };
        this.record = record;
        this.changed.fire(record.state);
        const update = (next: (state: ServiceState) => ServiceState): void => {
            const before = record.state;
            record.state = next(before);
            if (record.state === before) return;
            this.changed.fire(record.state);
            if (record.state.url !== undefined && record.state.name !== undefined && record.poller === undefined && isServiceActive(record.state)) {
                record.poller = new ServiceStatusPoller(statusUrl(record.state.url, record.state.name), {
                    onStatus: (status) => update((state) => applyServiceStatus(state, status, Date.now())),
                    onProblem: (problem) => update((state) => applyPollProblem(state, problem))
                }, where.pollIntervalMs);
            }
            if (before.phase === 'starting' && record.state.phase !== 'starting') resolveReady(record.state);
            if (!isServiceActive(record.state) && isServiceActive(before)) {
                record.poller?.stop();
                resolveReady(record.state);
                resolveEnded(record.state);
            }
        };
        record.process = new ServeProcess(launch, {
            onLine: (parsed, raw) => {
                this.log.appendLine(raw);
                if (parsed.kind !== 'event') {
                    this.log.appendLine(`  (ignored: ${parsed.reason})`);
                    return;
                }
                update((state) => applyServeEvent(state, parsed.event, Date.now()));
                // A rotation event: fetch the counters and grace window that go with it.
                if (parsed.event.type === 'rotation') record.poller?.pollNow();
            },
            onStderr: (text) => this.log.append(text),
            onLaunchError: (message) => {
                this.log.appendLine(message);
                update((state) => applyServeLaunchFailure(state, message, Date.now()));
            },
            onExit: (exit) => {
                this.log.appendLine(`[phg serve exited: ${exit.signal ?? `code ${exit.code}`}]`);
                update((state) => applyServeExit(state, exit, Date.now()));
            }
        });
        return ready;
    }

    /** Stops the running service (SIGINT: it closes its port and discovery files). False when none runs. */
    stop(): boolean {
        const record = this.record;
        if (record === undefined || !isServiceActive(record.state)) return false;
        this.log.appendLine('[stop requested: sending SIGINT]');
        record.state = requestServiceStop(record.state);
        this.changed.fire(record.state);
        record.process?.interrupt();
        return true;
    }

    /** Resolves when the current service ends (immediately when none runs). */
    whenStopped(): Promise<ServiceState | undefined> {
        return this.record === undefined ? Promise.resolve(undefined) : this.record.ended;
    }

    dispose(): void {
        // The window is closing: a service left behind would hold its port. SIGINT lets it remove
        // its discovery files; SIGKILL follows if it has not gone by then.
        const process = this.record?.process;
        this.record?.poller?.stop();
        process?.interrupt();
        if (process !== undefined) setTimeout(() => process.kill(), 3000).unref();
        this.changed.dispose();
    }
}
