// A workspace for end-to-end tests of `phg certify` / `phg serve` / `phg rotate` with the real
// engine: the digits example (its data linked, not copied), a signing key in a temp config dir,
// a certificate, and versions saved through the engine's version store with seeded initial
// weights — bit for bit what a deterministic `phg train` run with that seed saves before training —
// then signed. The CLI runs bundled (once per test file) in child processes.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { build } from 'esbuild';
import { structureHash } from '../../../../engine/ir/canonical.js';
import { parseFormat } from '../../../../engine/numeric/index.js';
import { saveVersion } from '../../../../engine/store/version-store.js';
import type { NamedPatterns } from '../../../../engine/store/tensor-file.js';
import type { NumberPatternArray } from '../../../../engine/tensor/tensor.js';
import { initializeParams } from '../../../../engine/train/init.js';
import { TrackedAllocator } from '../../../../engine/memory/allocator.js';
import { allocateTensor } from '../../../../engine/tensor/tensor.js';
import { writeKeyPair } from '../../../../engine/signing/key-files.js';
import { generateSigningKey, type SigningKey } from '../../../../engine/signing/keys.js';
import { addTrustedKey, emptyTrustStore, writeTrustStore } from '../../../../engine/signing/trust-store.js';
import { loadSourceModel } from '../../../../cli/cert/source-model.js';
import { signVersions } from '../../../../cli/cert/version-signing.js';
import { runCli } from '../../../../cli/run-cli.js';
import { bufferIO } from '../../../unit/cert/cli-io.js';

/** The repository root: the nearest folder up from the working directory with this package.json. */
function findRepository(): string {
    let folder = resolve(process.cwd());
    for (;;) {
        try {
            if ((JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')) as { name?: string }).name === 'phg-studio') return folder;
        } catch {
            // not here; look further up
        }
        const parent = dirname(folder);
        if (parent === folder) throw new Error('run from inside the phg-studio repository');
        folder = parent;
    }
}

const repository = findRepository();
// One bundle folder per process: test files run in parallel and must not read each other's
// half-written bundle. The canary worker goes beside the CLI, where `phg serve` looks for it.
const bundleFolder = join(repository, '.cache', 'test-cli', String(process.pid));
const cliBundle = join(bundleFolder, 'cli.cjs');
let bundled: Promise<void> | undefined;

/** Bundles the phg CLI and its canary worker as the build does (once per test file). */
export function bundleCli(): Promise<void> {
    bundled ??= (async () => {
        mkdirSync(bundleFolder, { recursive: true });
        const bundle = (entry: string, outfile: string): Promise<unknown> => build({
            entryPoints: [join(repository, entry)], outfile, bundle: true, platform: 'node', target: 'node20', format: 'cjs', logLevel: 'error',
            banner: { js: 'const __import_meta_url = require("url").pathToFileURL(__filename).href;' }, define: { 'import.meta.url': '__import_meta_url' }
        });
        await Promise.all([bundle('cli/main.ts', cliBundle), bundle('engine/serve/canary-worker.ts', join(bundleFolder, 'serve-canary-worker.cjs'))]);
        process.once('exit', () => rmSync(bundleFolder, { recursive: true, force: true }));
    })();
    return bundled;
}

/** The folder holding this process's CLI bundle and canary worker (after `bundleCli`). */
export function cliBundleFolder(): string {
    return bundleFolder;
}

/** A digits workspace with a key, a trust store and a certificate. */
export interface DigitsWorkspace {
    readonly root: string;
    readonly configDirectory: string;
    readonly source: string;
    readonly key: SigningKey;
}

/** Creates the workspace (the digits example, plus `deployBlock` if given) and certifies the model (in-process `phg certify`). */
export async function createDigitsWorkspace(deployBlock = ''): Promise<DigitsWorkspace> {
    const root = mkdtempSync(join(tmpdir(), 'phg-serve-'));
    mkdirSync(join(root, '.git'));
    writeFileSync(join(root, 'digits.phg'), `${readFileSync(join(repository, 'examples', 'digits.phg'), 'utf8')}${deployBlock}`);
    symlinkSync(join(repository, 'examples', 'data'), join(root, 'data'));
    const configDirectory = mkdtempSync(join(tmpdir(), 'phg-config-'));
    const key = generateSigningKey();
    const written = writeKeyPair(join(configDirectory, 'keys'), 'default', key);
    if (!written.ok) throw new Error(written.message);
    writeTrustStore(join(root, 'phg.trust.json'), addTrustedKey(emptyTrustStore, key.publicKey, 'test', '2025-01-01T00:00:00.000Z').store);
    const io = bufferIO(root);
    const code = await runCli(['certify', 'digits.phg', '--key', written.key.privateKeyFile], io);
    if (code !== 0) throw new Error(`certify failed: ${io.err.join('')}`);
    return { root, configDirectory, source: join(root, 'digits.phg'), key };
}

/** Saves the next version with weights initialised from `seed`, and signs it. */
export async function saveSeededVersion(workspace: DigitsWorkspace, seed: number): Promise<number> {
    const loaded = await loadSourceModel(workspace.source);
    if (!loaded.ok) throw new Error(loaded.message);
    const graph = loaded.source.graph;
    const params = graph.nodes.filter((node) => node.role === 'param');
    const allocator = new TrackedAllocator();
    const weights: NamedPatterns[] = params.map((node) => {
        const format = parseFormat(node.format);
        if (!format) throw new Error(node.format);
        return { name: node.name, format, shape: node.shape, data: allocateTensor(allocator, format, node.shape, 'param', node.name).data as NumberPatternArray };
    });
    initializeParams(params, weights.map((entry) => ({ shape: entry.shape, size: entry.data.length, format: entry.format, data: entry.data })), seed);
    const saved = saveVersion(workspace.root, { model: graph.model, structureHash: structureHash(graph), weights, training: { seed, epochs: 0, accumulate: loaded.source.accumulate }, metrics: {} });
    const signed = signVersions(workspace.root, workspace.key, [saved.version]);
    if (signed.some((result) => result.outcome !== 'signed' || !result.certified)) throw new Error(JSON.stringify(signed));
    return saved.version;
}

/**
 * Gives a version's record a bad signature: one base64 letter of the Ed25519 signature is
 * replaced by another, so the envelope stays readable (a later version can still pin its bytes)
 * but the signature no longer verifies.
 */
export function corruptRecordSignature(workspace: DigitsWorkspace, version: number): void {
    const file = join(workspace.root, '.phg', 'versions', String(version), 'record.json');
    const text = readFileSync(file, 'utf8');
    const at = text.indexOf('"sig":"') + '"sig":"'.length + 10;
    const replacement = text[at] === 'A' ? 'B' : 'A';
    writeFileSync(file, text.slice(0, at) + replacement + text.slice(at + 1));
}

/** A running `phg serve` child process. */
export interface ServeChild {
    readonly child: ChildProcess;
    readonly url: string;
    readonly name: string;
    readonly activeVersion: number;
    readonly events: { type: string; [key: string]: unknown }[];
    kill(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Starts `phg serve digits.phg --port 0 --json ARGS` and waits until it listens. */
export async function startServe(workspace: DigitsWorkspace, args: readonly string[] = [], env: Record<string, string> = {}): Promise<ServeChild> {
    await bundleCli();
    const child = spawn(process.execPath, [cliBundle, 'serve', 'digits.phg', '--port', '0', '--json', ...args], {
        cwd: workspace.root, env: { ...process.env, PHG_CONFIG_DIR: workspace.configDirectory, ...env }, stdio: ['ignore', 'pipe', 'pipe']
    });
    const events: { type: string; [key: string]: unknown }[] = [];
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const listening = await new Promise<{ url: string; name: string; activeVersion: number }>((resolve, reject) => {
        let buffer = '';
        child.stdout?.setEncoding('utf8');
        child.stdout?.on('data', (chunk: string) => {
            buffer += chunk;
            for (let newline = buffer.indexOf('\n'); newline >= 0; newline = buffer.indexOf('\n')) {
                const event = JSON.parse(buffer.slice(0, newline)) as { type: string; url?: string; name?: string; activeVersion?: number; message?: string };
                buffer = buffer.slice(newline + 1);
                events.push(event);
                if (event.type === 'listening') resolve({ url: event.url ?? '', name: event.name ?? '', activeVersion: event.activeVersion ?? -1 });
                if (event.type === 'error') reject(new Error(event.message));
            }
        });
        void exited.then((code) => reject(new Error(`phg serve exited with ${code}: ${stderr}`)));
    });
    return {
        child, events, ...listening,
        async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<number | null> {
            child.kill(signal);
            return exited;
        }
    };
}

/** Runs `phg ARGS` in-process in the workspace. */
export async function phg(workspace: DigitsWorkspace, args: readonly string[]): Promise<{ readonly code: number; readonly stdout: string; readonly stderr: string }> {
    const io = bufferIO(workspace.root);
    const saved = process.env.PHG_CONFIG_DIR;
    process.env.PHG_CONFIG_DIR = workspace.configDirectory;
    try {
        const code = await runCli(args, io);
        return { code, stdout: io.text(), stderr: io.err.join('') };
    } finally {
        if (saved === undefined) delete process.env.PHG_CONFIG_DIR; else process.env.PHG_CONFIG_DIR = saved;
    }
}

/** Test rows of the digits data set (64 pixel values each) and their labels. */
export function digitsRows(count: number): { readonly rows: number[][]; readonly labels: number[] } {
    const lines = readFileSync(join(repository, 'examples', 'data', 'optdigits', 'test.csv'), 'utf8').trim().split('\n').slice(0, count);
    const cells = lines.map((line) => line.split(',').map(Number));
    return { rows: cells.map((row) => row.slice(0, 64)), labels: cells.map((row) => row[64] as number) };
}
