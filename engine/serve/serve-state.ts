// What survives a restart of the service: which version was active (the commit point of a switch
// or a rollback) and which versions were rolled back (never rotated to again automatically).
// One small JSON file, replaced atomically: a crash leaves the old state or the new, never a mix.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeAtomic } from '../store/atomic-write.js';

/** The persisted state of one service. */
export interface ServeState {
    readonly activeVersion: number;
    readonly rolledBack: readonly number[];
    readonly updatedAt: string;
}

/** Reads and writes a service's state. */
export interface ServeStateStore {
    load(): ServeState | undefined;
    save(state: ServeState): void;
}

/** The state file of service `name` under a workspace's `.phg/serve/`. */
export function serveStateFile(workspaceRoot: string, name: string): string {
    return join(workspaceRoot, '.phg', 'serve', `${name}.state.json`);
}

/** A state store backed by one file. */
export function fileServeStateStore(file: string): ServeStateStore {
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
        save(state: ServeState): void {
            writeAtomic(file, `${JSON.stringify(state, null, 2)}\n`);
        }
    };
}

/** A state store in memory (tests, and services that must not persist). */
export function memoryServeStateStore(initial?: ServeState): ServeStateStore & { readonly saved: ServeState[] } {
    const saved: ServeState[] = initial ? [initial] : [];
    return {
        saved,
        load: () => saved.at(-1),
        save: (state) => { saved.push(state); }
    };
}
