// Runs a serve process (test-serve-entry.ts, bundled once with esbuild) as a child, reads its
// JSON lines, and kills it when a test says so — the way a crash would.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

const root = join(__dirname, '../../../..');
const bundle = join(root, '.cache', 'test-serve', 'test-serve-entry.mjs');
let bundled: Promise<void> | undefined;

/** Bundles the test serve entry (once per test file). */
export function bundleServeEntry(): Promise<void> {
    bundled ??= (async () => {
        mkdirSync(join(root, '.cache', 'test-serve'), { recursive: true });
        await build({ entryPoints: [join(__dirname, 'test-serve-entry.ts')], outfile: bundle, bundle: true, platform: 'node', target: 'node20', format: 'esm', packages: 'external', logLevel: 'warning' });
    })();
    return bundled;
}

/** A running serve process. */
export interface ServeProcess {
    readonly child: ChildProcess;
    readonly url: string;
    readonly activeVersion: number;
    /** Lines printed so far, parsed. */
    readonly lines: { type: string; [key: string]: unknown }[];
    /** Kills with SIGKILL and waits for the exit. */
    kill(): Promise<void>;
}

/** Starts the serve process and waits until it listens (or fails). */
export async function startServeProcess(settings: { root: string; versionsDirectory: string; trustFile: string; version?: number }, env: Record<string, string> = {}): Promise<ServeProcess> {
    await bundleServeEntry();
    const child = spawn(process.execPath, [bundle, JSON.stringify(settings)], { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const lines: { type: string; [key: string]: unknown }[] = [];
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    const listening = await new Promise<{ url: string; activeVersion: number }>((resolve, reject) => {
        let buffer = '';
        child.stdout?.setEncoding('utf8');
        child.stdout?.on('data', (chunk: string) => {
            buffer += chunk;
            for (let newline = buffer.indexOf('\n'); newline >= 0; newline = buffer.indexOf('\n')) {
                const line = JSON.parse(buffer.slice(0, newline)) as { type: string; url?: string; activeVersion?: number; message?: string };
                buffer = buffer.slice(newline + 1);
                lines.push(line);
                if (line.type === 'listening') resolve({ url: line.url ?? '', activeVersion: line.activeVersion ?? -1 });
                if (line.type === 'error') reject(new Error(line.message));
            }
        });
        child.once('exit', (code) => reject(new Error(`serve process exited with ${code}: ${stderr}`)));
    });
    return {
        child, lines, ...listening,
        async kill(): Promise<void> {
            child.kill('SIGKILL');
            await exited;
        }
    };
}
