// Watch mode: rotate when training writes a new signed version. The store is polled (a file
// watch only shortens the wait): a version is taken once its record is signed, and each version
// is tried once — a rejected or rolled-back version is not retried automatically.
import { watch, type FSWatcher } from 'node:fs';
import { join } from 'node:path';
import { readFileIfPresent, recordFileName, versionDirectory } from '../attest/version-files.js';
import { isPlainRecord } from '../verify/verify-version.js';
import type { ModelService, RotateOutcome } from './model-service.js';

/** A running watch. */
export interface VersionWatch {
    stop(): void;
}

/** Watches a versions directory and rotates `service` to each new signed version. */
export function watchVersions(service: ModelService, versionsDirectory: string, options: { readonly intervalMs: number; readonly onRotation?: (outcome: RotateOutcome) => void }): VersionWatch {
    const tried = new Set<number>();
    let checking = false;
    const check = async (): Promise<void> => {
        if (checking || service.rotating) return;
        checking = true;
        try {
            const candidate = newestSignedCandidate(service, versionsDirectory, tried);
            if (candidate === undefined) return;
            tried.add(candidate);
            const outcome = await service.rotate({ version: candidate, trigger: 'watch' });
            options.onRotation?.(outcome);
        } finally {
            checking = false;
        }
    };
    const timer = setInterval(() => void check(), options.intervalMs);
    timer.unref();
    let watcher: FSWatcher | undefined;
    try {
        watcher = watch(versionsDirectory, { recursive: false }, () => void check());
        watcher.unref();
    } catch {
        watcher = undefined; // the directory may not exist yet; polling covers it
    }
    return {
        stop(): void {
            clearInterval(timer);
            watcher?.close();
        }
    };
}

/** The newest version above the active one whose record is signed and that was not tried yet. */
export function newestSignedCandidate(service: ModelService, versionsDirectory: string, tried: ReadonlySet<number>): number | undefined {
    const versions = service.ownVersions().filter((version) => version > service.activeVersion && !tried.has(version) && !service.isRolledBack(version));
    for (const version of [...versions].reverse()) {
        const record = readFileIfPresent(join(versionDirectory(versionsDirectory, version), recordFileName));
        if (record && !isPlainRecord(record)) return version;
    }
    return undefined;
}
