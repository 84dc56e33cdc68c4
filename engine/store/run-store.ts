// A training run on disk: `.phg/runs/<id>/run.json` (what was run, with which settings),
// `metrics.jsonl` (one line per finished epoch, rewritten atomically) and `checkpoint.bin` (the
// state to resume from, replaced atomically after every epoch and on SIGINT/SIGTERM). Nothing is
// ever half-written: a killed run resumes from its last complete checkpoint.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { engineErrorCodes, failure, success, type Result } from '../errors.js';
import { writeAtomic } from './atomic-write.js';

/** The runs folder of a workspace. */
export function runsDirectory(workspace: string): string {
    return join(workspace, '.phg', 'runs');
}

/** One run's folder and files. */
export class RunStore {
    private constructor(readonly id: string, readonly directory: string) {}

    /** Creates a new run folder with its `run.json`. */
    static create(workspace: string, info: unknown, now = new Date()): RunStore {
        const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
        const id = `${stamp}-${randomBytes(3).toString('hex')}`;
        const directory = join(runsDirectory(workspace), id);
        mkdirSync(directory, { recursive: true });
        const store = new RunStore(id, directory);
        writeAtomic(join(directory, 'run.json'), `${JSON.stringify(info, null, 2)}\n`);
        return store;
    }

    /** Opens an existing run by id (or by its folder path). */
    static open(workspace: string, idOrPath: string): Result<RunStore> {
        const direct = existsSync(join(idOrPath, 'run.json')) ? idOrPath : join(runsDirectory(workspace), idOrPath);
        if (!existsSync(join(direct, 'run.json'))) return failure(engineErrorCodes.resumeMismatch, `no run '${idOrPath}' in ${runsDirectory(workspace)}`);
        const id = direct.split(/[\\/]/).filter((part) => part !== '').pop() ?? idOrPath;
        return success(new RunStore(id, direct));
    }

    /** The run's `run.json` content. */
    info<T>(): T {
        return JSON.parse(readFileSync(join(this.directory, 'run.json'), 'utf8')) as T;
    }

    /** Path of the checkpoint file. */
    get checkpointFile(): string {
        return join(this.directory, 'checkpoint.bin');
    }

    /** Replaces the checkpoint atomically. */
    writeCheckpoint(bytes: Uint8Array): void {
        writeAtomic(this.checkpointFile, bytes);
    }

    /** The last complete checkpoint, if any. */
    readCheckpoint(): Uint8Array | undefined {
        return existsSync(this.checkpointFile) ? readFileSync(this.checkpointFile) : undefined;
    }

    /** Rewrites metrics.jsonl atomically with one line per record. */
    writeMetrics(records: readonly unknown[]): void {
        writeAtomic(join(this.directory, 'metrics.jsonl'), records.map((r) => `${JSON.stringify(r)}\n`).join(''));
    }
}
