// A deliberately small spec runner for the extension host: the suites run in order, one spec at a
// time (they share one editor), and each line of progress goes to the console, which the offline
// runner and @vscode/test-electron both print.

/** One behaviour the editor must show, stated as its name. */
export interface Spec {
    readonly name: string;
    readonly body: () => Promise<void>;
}

/** A named group of specs that share a setting (a file, a model). */
export interface SpecGroup {
    readonly name: string;
    readonly specs: readonly Spec[];
}

export interface SpecTally {
    readonly passed: number;
    readonly failed: number;
    readonly skipped: number;
}

/**
 * Thrown by a spec whose subject does not exist yet (e.g. a server feature not implemented):
 * the run reports it as skipped, with the reason, never as passed.
 */
export class SpecSkipped extends Error {}

/** Skips the current spec with a reason the report prints. */
export function skipSpec(reason: string): never {
    throw new SpecSkipped(reason);
}

/** A spec that takes longer fails, so one hung spec cannot use up the whole session. */
const SPEC_TIMEOUT_MS = 180_000;

function withTimeout(body: () => Promise<void>, ms: number): Promise<void> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`spec timed out after ${ms} ms`)), ms); });
    return Promise.race([body(), timeout]).finally(() => clearTimeout(timer));
}

/** Prefix the runner recognises in the browser console. */
export const PROGRESS_MARKER = '[phg-e2e]';

/** Writes one progress line. */
export function report(line: string): void {
    console.log(`${PROGRESS_MARKER} ${line}`);
}

/** Runs every spec of every group, keeps going after a failure, and tallies the outcome. */
export async function runSpecGroups(groups: readonly SpecGroup[]): Promise<SpecTally> {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const group of groups) {
        report(group.name);
        for (const spec of group.specs) {
            const started = Date.now();
            try {
                await withTimeout(spec.body, SPEC_TIMEOUT_MS);
                passed++;
                report(`  ✓ ${spec.name} (${Date.now() - started} ms)`);
            } catch (error) {
                if (error instanceof SpecSkipped) {
                    skipped++;
                    report(`  - ${spec.name} (skipped: ${error.message})`);
                    continue;
                }
                failed++;
                const detail = error instanceof Error ? error.stack ?? error.message : String(error);
                report(`  ✗ ${spec.name}\n${detail}`);
            }
        }
    }
    report(`${passed} passed, ${failed} failed, ${skipped} skipped`);
    return { passed, failed, skipped };
}
