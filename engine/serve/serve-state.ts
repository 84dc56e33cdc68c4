// What survives a restart of the service: which version was active (the commit point of a switch
// or a rollback) and which versions were rolled back (never rotated to again automatically).
// One small JSON file, replaced atomically: a crash leaves the old state or the new, never a mix.
// The write is asynchronous (temp file, fsync, rename, directory fsync on libuv's thread pool): a
// synchronous fsync on the serving thread stalled every in-flight request for the disk's flush
// time (3–7 ms measured on an idle disk, more on a busy one) at each switch and rollback.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** The persisted state of one service. */
export interface ServeState {
    readonly activeVersion: number;
    readonly rolledBack: readonly number[];
    readonly updatedAt: string;
}

/** Reads and writes a service's state. */
export interface ServeStateStore {
    load(): ServeState | undefined;
    /**
     * Saves `state`; resolves once it is durable. Saves land in call order (the last one called
     * is the one a restart reads), so callers need not wait for one before starting the next.
     */
    save(state: ServeState): Promise<void>;
}

/** The state file of service `name` under a workspace's `.phg/serve/`. */
export function serveStateFile(workspaceRoot: string, name: string): string {
    return join(workspaceRoot, '.phg', 'serve', `${name}.state.json`);
}

/** A state store backed by one file. */
export function fileServeStateStore(file: string): ServeStateStore {
    let queue: Promise<void> = Promise.resolve();
    return {
        load(): ServeState | undefined {
            let value: unknown;
            try {
                value = JSON.parse(readFileSync(file, 'utf8'));
            } catch {
                return undefined;
            }
            if (typeof value !== 'object' || value === null) return undefined;
            const state = value as { activeVersion?: unknown; rolledBack?: unknown; updatedAt?: unknown };
            if (typeof state.activeVersion !== 'number' || !Number.isSafeInteger(state.activeVersion)) return undefined;
            const rolledBack = Array.isArray(state.rolledBack) ? state.rolledBack.filter((entry): entry is number => typeof entry === 'number') : [];
            return { activeVersion: state.activeVersion, rolledBack, updatedAt: typeof state.updatedAt === 'string' ? state.updatedAt : '' };
        },
        save(state: ServeState): Promise<void> {
            const text = `${JSON.stringify(state, null, 2)}\n`;
            const written = queue.then(() => writeFileDurably(file, text));
            // The next save waits for this one whether it succeeded or not; the caller sees the error.
            queue = written.catch(() => undefined);
            return written;
        }
    };
}

/** Replaces `file` atomically without blocking the event loop: temp file, fsync, rename, directory fsync. */
async function writeFileDurably(file: string, text: string): Promise<void> {
    const directory = dirname(file);
    await mkdir(directory, { recursive: true });
    const temp = join(directory, `.${basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
    const handle = await open(temp, 'wx', 0o644);
    try {
        await handle.writeFile(text, 'utf8');
        await handle.sync();
    } catch (error) {
        await handle.close();
        await rm(temp, { force: true });
        throw error;
    }
    await handle.close();
    await rename(temp, file);
    try {
        const folder = await open(directory, 'r');
        try { await folder.sync(); } finally { await folder.close(); }
    } catch {
        // Some file systems refuse fsync on a directory; the rename is still atomic there.
    }
}

/** A state store in memory (tests, and services that must not persist). */
export function memoryServeStateStore(initial?: ServeState): ServeStateStore & { readonly saved: ServeState[] } {
    const saved: ServeState[] = initial ? [initial] : [];
    return {
        saved,
        load: () => saved.at(-1),
        save: (state) => {
            saved.push(state);
            return Promise.resolve();
        }
    };
}
