// Entry of the extension test suite: VS Code's extension host calls `run()` (under
// @vscode/test-electron online, under code-server offline) and the run fails if it rejects.
import { runSpecGroups, type SpecGroup } from './harness/spec.js';
import { bootstrapSpecs } from './suites/bootstrap.e2e.js';

/** Suites by name; PHG_E2E_SUITE picks one (the runner starts one VS Code session per suite). */
const suites: Record<string, readonly SpecGroup[]> = {
    editor: [bootstrapSpecs]
};

export async function run(): Promise<void> {
    const name = process.env.PHG_E2E_SUITE ?? 'editor';
    const groups = suites[name];
    if (groups === undefined) throw new Error(`unknown suite ${name}; known: ${Object.keys(suites).join(', ')}`);
    const { passed, failed } = await runSpecGroups(groups);
    if (failed > 0 || passed === 0) throw new Error(`${failed} of ${passed + failed} extension tests failed`);
}
