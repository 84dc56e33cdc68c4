// A real LSP client for tests: spawns the BUILT server (`node dist/server.cjs --stdio`) and talks
// JSON-RPC to it over stdio, as VS Code would. Every request races the server's exit, so a crash
// fails the test at once with the server's stderr instead of a timeout.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
    createMessageConnection,
    DidChangeTextDocumentNotification,
    DidOpenTextDocumentNotification,
    ExitNotification,
    HoverRequest,
    InitializedNotification,
    InitializeRequest,
    PublishDiagnosticsNotification,
    ShutdownRequest,
    StreamMessageReader,
    StreamMessageWriter,
    type Diagnostic,
    type MarkupContent,
    type Position,
    type MessageConnection,
    type RequestType,
    type PublishDiagnosticsParams,
    type ServerCapabilities
} from 'vscode-languageserver-protocol/node';

/** The bundle the tests run: what `npm run build` produces and the extension ships. */
export const builtServerPath = fileURLToPath(new URL('../../../dist/server.cjs', import.meta.url));

/** How the server process ended, if it did. */
export interface ServerExit {
    readonly code: number | null;
    readonly signal: NodeJS.Signals | null;
}

interface DiagnosticsWaiter {
    readonly uri: string;
    readonly accept: (diagnostics: readonly Diagnostic[]) => boolean;
    readonly resolve: (diagnostics: readonly Diagnostic[]) => void;
}

/** One running language server and the client side of its connection. */
export class LspServerProcess {
    /** The capabilities the server announced in its `initialize` answer. */
    capabilities: ServerCapabilities = {};
    private readonly latestDiagnostics = new Map<string, PublishDiagnosticsParams>();
    private diagnosticsWaiters: DiagnosticsWaiter[] = [];
    private stderrText = '';
    private exitInfo: ServerExit | undefined;
    private readonly exited: Promise<ServerExit>;

    private constructor(private readonly child: ChildProcess, readonly connection: MessageConnection) {
        child.stderr?.setEncoding('utf8');
        child.stderr?.on('data', (chunk: string) => {
            // Keep the tail only: a fuzz run can log a lot.
            this.stderrText = (this.stderrText + chunk).slice(-20_000);
        });
        this.exited = new Promise((resolveExit) => {
            child.on('exit', (code, signal) => {
                this.exitInfo = { code, signal };
                resolveExit(this.exitInfo);
            });
        });
        connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
            this.latestDiagnostics.set(params.uri, params);
            const ready = this.diagnosticsWaiters.filter((w) => w.uri === params.uri && w.accept(params.diagnostics));
            this.diagnosticsWaiters = this.diagnosticsWaiters.filter((w) => !ready.includes(w));
            for (const waiter of ready) waiter.resolve(params.diagnostics);
        });
    }

    /** Spawns the built server and completes the `initialize` handshake (no workspace folder). */
    static async start(serverPath = builtServerPath): Promise<LspServerProcess> {
        if (!existsSync(serverPath)) throw new Error(`${serverPath} is missing: run 'npm run build' first`);
        // PHG_SERVER_NODE_ARGS passes flags to the server's node, e.g. `--cpu-prof` to profile a bench run.
        const nodeArgs = (process.env.PHG_SERVER_NODE_ARGS ?? '').split(' ').filter((arg) => arg !== '');
        const child = spawn(process.execPath, [...nodeArgs, serverPath, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
        if (!child.stdout || !child.stdin) throw new Error('the server process has no stdio pipes');
        // Writing to a server that just died raises EPIPE; the exit handler reports the crash.
        child.stdin.on('error', () => undefined);
        const connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
        connection.listen();
        const server = new LspServerProcess(child, connection);
        const result = await server.request(InitializeRequest.type, {
            processId: process.pid,
            rootUri: null,
            workspaceFolders: null,
            capabilities: {
                textDocument: {
                    hover: { contentFormat: ['markdown', 'plaintext'] },
                    completion: { completionItem: { snippetSupport: false } },
                    publishDiagnostics: { relatedInformation: true }
                }
            }
        });
        server.capabilities = result.capabilities;
        await connection.sendNotification(InitializedNotification.type, {});
        return server;
    }

    /** The server's process id (for benches that read its CPU time). */
    get pid(): number | undefined {
        return this.child.pid;
    }

    /** Whether the process is still running. */
    get alive(): boolean {
        return this.exitInfo === undefined;
    }

    /** What the server wrote to stderr (the last 20 kB). */
    get stderr(): string {
        return this.stderrText;
    }

    /** Sends a request; rejects if the server exits or does not answer within `timeoutMs`. */
    async request<P, R, E>(type: RequestType<P, R, E>, params: P, timeoutMs = 30_000): Promise<R> {
        // By method name: the typed overload cannot check a generic `P`; the signature above does.
        return this.raceExit(this.connection.sendRequest<R>(type.method, params), type.method, timeoutMs);
    }

    private async raceExit<R>(answer: Promise<R>, what: string, timeoutMs: number): Promise<R> {
        let timer: ReturnType<typeof setTimeout> | undefined;
        const timeout = new Promise<never>((_, reject) => {
            timer = setTimeout(() => reject(new Error(`no answer to ${what} within ${timeoutMs} ms`)), timeoutMs);
        });
        try {
            return await Promise.race([answer, timeout, this.crashed(what)]);
        } finally {
            clearTimeout(timer);
        }
    }

    /** Opens a document with the given text. */
    async open(uri: string, text: string, version = 1): Promise<void> {
        await this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'phg', version, text } });
    }

    /** Opens a document and waits for its first published diagnostics. */
    async openForDiagnostics(uri: string, text: string): Promise<readonly Diagnostic[]> {
        const published = this.nextDiagnostics(uri);
        await this.open(uri, text, 1);
        return published;
    }

    /** The markdown text of the hover at a position ('' when there is none). */
    async hoverText(uri: string, position: Position): Promise<string> {
        const hover = await this.request(HoverRequest.type, { textDocument: { uri }, position });
        return (hover?.contents as MarkupContent | undefined)?.value ?? '';
    }

    /** Replaces the document's whole text (the simplest kind of edit a client sends). */
    async replaceText(uri: string, text: string, version: number): Promise<void> {
        await this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [{ text }] });
    }

    /** Inserts text at a position (an incremental edit, as VS Code sends while typing). */
    async insertText(uri: string, line: number, character: number, text: string, version: number): Promise<void> {
        const position = { line, character };
        await this.connection.sendNotification(DidChangeTextDocumentNotification.type, {
            textDocument: { uri, version },
            contentChanges: [{ range: { start: position, end: position }, text }]
        });
    }

    /** The last diagnostics the server published for a document, if any. */
    diagnosticsOf(uri: string): readonly Diagnostic[] | undefined {
        return this.latestDiagnostics.get(uri)?.diagnostics;
    }

    /**
     * Waits for the next diagnostics publication for `uri` that `accept` accepts. Register the
     * wait BEFORE sending the edit that causes it.
     */
    nextDiagnostics(uri: string, accept: (diagnostics: readonly Diagnostic[]) => boolean = () => true, timeoutMs = 30_000): Promise<readonly Diagnostic[]> {
        const published = new Promise<readonly Diagnostic[]>((resolveWait) => {
            this.diagnosticsWaiters.push({ uri, accept, resolve: resolveWait });
        });
        let timer: ReturnType<typeof setTimeout> | undefined;
        const timeout = new Promise<never>((_, reject) => {
            timer = setTimeout(() => reject(new Error(`no matching diagnostics for ${uri} within ${timeoutMs} ms; last: ${JSON.stringify(this.diagnosticsOf(uri))}`)), timeoutMs);
        });
        return Promise.race([published, timeout, this.crashed('publishDiagnostics')]).finally(() => clearTimeout(timer));
    }

    /** Shuts the server down politely, then makes sure the process is gone. */
    async stop(): Promise<ServerExit> {
        if (this.alive) {
            try {
                await this.raceExit(this.connection.sendRequest(ShutdownRequest.type), 'shutdown', 5_000);
                await this.connection.sendNotification(ExitNotification.type);
            } catch {
                // A server that cannot shut down is killed below; the test has already failed.
            }
        }
        const killTimer = setTimeout(() => this.child.kill('SIGKILL'), 5_000);
        const exit = await this.exited;
        clearTimeout(killTimer);
        this.connection.dispose();
        return exit;
    }

    private async crashed(what: string): Promise<never> {
        const exit = await this.exited;
        throw new Error(`the server exited (code ${exit.code}, signal ${exit.signal}) while waiting for ${what}; stderr:\n${this.stderrText}`);
    }
}
