// Entry of the extension test suite: VS Code's extension host calls `run()` (under
// @vscode/test-electron online, under code-server offline) and the run fails if it rejects.
import { runSpecGroups, type SpecGroup } from './harness/spec.js';
import { bootstrapSpecs } from './suites/bootstrap.e2e.js';
import { certificatesRestrictedSpecs } from './suites/certificates-restricted.e2e.js';
import { certificateSpecs } from './suites/certificates.e2e.js';
import { installedVsixSpecs } from './suites/installed-vsix.e2e.js';
import { languageFeatureSpecs } from './suites/language-features.e2e.js';
import { restrictedModeSpecs } from './suites/restricted-mode.e2e.js';
import { secretKeySigningSpecs } from './suites/secret-key-signing.e2e.js';
import { servingSpecs } from './suites/serving.e2e.js';
import { trainingFailureSpecs } from './suites/training-failure.e2e.js';
import { trainingPanelSpecs } from './suites/training-panel.e2e.js';
import { forwardGradientSpecs, stopAndResumeSpecs, trainingSpecs } from './suites/training.e2e.js';
import { spikingTrainingSpecs } from './suites/spiking-training.e2e.js';
import { poseTrainingSpecs } from './suites/pose-training.e2e.js';
import { distillationSpecs } from './suites/distillation.e2e.js';

/** Suites by name; PHG_E2E_SUITE picks one (the runner starts one VS Code session per suite). */
const suites: Record<string, readonly SpecGroup[]> = {
    editor: [bootstrapSpecs, languageFeatureSpecs, trainingSpecs, trainingPanelSpecs, stopAndResumeSpecs, forwardGradientSpecs, trainingFailureSpecs, spikingTrainingSpecs, poseTrainingSpecs, distillationSpecs],
    /** Run by the offline runner in a second session, with the packaged .vsix installed. */
    vsix: [installedVsixSpecs],
    /** Run by the offline runner in a session whose workspace is not trusted. */
    restricted: [restrictedModeSpecs, certificatesRestrictedSpecs],
    /** Run by the offline runner in a session of its own (a fresh workspace: one version store, one trust store). */
    certificates: [bootstrapSpecs, certificateSpecs, servingSpecs, secretKeySigningSpecs],
    /** The spiking model's training and panel (for developing that suite). */
    spiking: [bootstrapSpecs, spikingTrainingSpecs],
    /** The geometric-algebra example and the distillation (for developing those suites). */
    'pose-distill': [bootstrapSpecs, poseTrainingSpecs, distillationSpecs],
    /** Only what works without `phg train` (for developing the suite). */
    language: [bootstrapSpecs, languageFeatureSpecs]
};

export async function run(): Promise<void> {
    const name = process.env.PHG_E2E_SUITE ?? 'editor';
    const groups = suites[name];
    if (groups === undefined) throw new Error(`unknown suite ${name}; known: ${Object.keys(suites).join(', ')}`);
    const { passed, failed } = await runSpecGroups(groups);
    if (failed > 0 || passed === 0) throw new Error(`${failed} of ${passed + failed} extension tests failed`);
}
