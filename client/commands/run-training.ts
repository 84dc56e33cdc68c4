// The user-facing flow of one training run, shared by Train Model, Train with Forward Gradient
// and Resume Training: trust check, save, the signing key (from secret storage when configured),
// panel, progress notification with cancellation, the memory plan beside the measurements, and a
// closing notification.
import * as vscode from 'vscode';
import { signingKeyHandOver } from '../certificates/configured-signing-key.js';
import { readCliSettings, readSigningSettings, readTrainingSettings } from '../config.js';
import type { PhgContext } from '../context.js';
import { fetchMemoryPlan } from '../panels/memory-plan-source.js';
import { formatDuration, formatLoss } from '../training/format.js';
import { longQuality, qualityOf, shortQuality } from '../training/run-quality.js';
import { finalQuality, lastEpoch, type TrainingRunState } from '../training/run-state.js';
import type { TrainRequest } from '../training/train-request.js';
import { launchFolder } from './train-target.js';
import { requireTrustedWorkspace } from './workspace-trust.js';

const SHOW_LOG = 'Show Log';
const SHOW_PANEL = 'Open Training Panel';
const RESUME = 'Resume';

/** Runs `phg train` for a request; resolves with the final state, or undefined if not started. */
export async function runTraining(context: PhgContext, request: TrainRequest, document: vscode.TextDocument): Promise<TrainingRunState | undefined> {
    if (!requireTrustedWorkspace('Training')) return undefined;
    if (context.training.isRunning) {
        // Not awaited: the command ends now, the notification stays until answered.
        void vscode.window.showWarningMessage('A PHG training run is already active: stop it first.', SHOW_PANEL).then((choice) => {
            if (choice === SHOW_PANEL) context.trainingPanel.reveal();
        });
        return undefined;
    }
    // The CLI reads the file from disk: train what the user sees.
    if (document.isDirty && !(await document.save())) return undefined;

    const settings = readTrainingSettings(document.uri);
    // `phg train` and `phg distill` sign the version they save with the configured key.
    const signingKey = await signingKeyHandOver(readSigningSettings().keyStorage, context.secretSigningKey);
    if (signingKey?.kind === 'missing') context.trainingLog.appendLine("phg.signing.keyStorage is secretStorage but VS Code's secret storage holds no key (PHG: Generate Signing Key makes one): the new version is signed only if a key file exists.");
    const where = { ...launchFolder(document.uri), nodePath: readCliSettings().nodePath, ...(signingKey !== undefined ? { signingKey } : {}) };
    context.trainingPanel.showPlan({ status: 'pending' });
    if (settings.revealPanel) context.trainingPanel.reveal(true);
    const finished = context.training.start(request, where);
    if (finished === undefined) return undefined;

    let planRequested = false;
    const planSubscription = context.training.onDidChangeRun((run) => {
        if (planRequested || run.settings === undefined) return;
        planRequested = true;
        const runId = run.settings.runId;
        void fetchMemoryPlan(context.client, document.uri.toString(), run.settings.model, run.settings.gradient).then((plan) => {
            // A slow answer must not land on a later run's panel.
            if (context.training.run?.settings?.runId === runId) context.trainingPanel.showPlan(plan);
        });
    });

    const title = `PHG: training ${request.model ?? where.displayFile}`;
    void vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (progress, token) => {
        token.onCancellationRequested(() => context.training.stop());
        let reportedEpochs = 0;
        const subscription = context.training.onDidChangeRun((run) => {
            const epoch = lastEpoch(run);
            const total = run.settings?.epochs;
            if (epoch === undefined || total === undefined || run.epochs.length === reportedEpochs) return;
            const firstEpoch = run.settings?.firstEpoch ?? 1;
            const increment = (100 * (run.epochs.length - reportedEpochs)) / Math.max(1, total - firstEpoch + 1);
            reportedEpochs = run.epochs.length;
            const quality = shortQuality(qualityOf(epoch));
            progress.report({ increment, message: [`epoch ${epoch.epoch}/${total}`, `loss ${formatLoss(epoch.loss)}`, ...(quality === undefined ? [] : [quality])].join(' · ') });
        });
        return finished.finally(() => subscription.dispose());
    });

    const final = await finished;
    planSubscription.dispose();
    announce(context, final);
    return final;
}

/** The closing notification; never awaited, so the command resolves when the run ends. */
function announce(context: PhgContext, run: TrainingRunState): void {
    const model = run.settings?.model ?? run.request.file;
    switch (run.phase) {
        case 'finished': {
            const done = run.done;
            const quality = longQuality(finalQuality(run));
            const summary = done === undefined ? '' : `: ${quality === undefined ? '' : `${quality} `}after ${done.epochs} epochs in ${formatDuration(done.ms)}, saved as ${done.version}`;
            void vscode.window.showInformationMessage(`Trained ${model}${summary}.`, SHOW_PANEL).then((choice) => {
                if (choice === SHOW_PANEL) context.trainingPanel.reveal();
            });
            break;
        }
        case 'stopped': {
            const epoch = lastEpoch(run);
            const where = run.settings === undefined ? '' : ` in .phg/runs/${run.settings.runId}`;
            const text = epoch === undefined
                ? `Training of ${model} stopped before its first epoch ended.`
                : `Training of ${model} stopped after epoch ${epoch.epoch}; its checkpoint is kept${where}.`;
            void vscode.window.showInformationMessage(text, RESUME, SHOW_LOG).then((choice) => {
                if (choice === RESUME) void vscode.commands.executeCommand('phg.resumeTraining');
                if (choice === SHOW_LOG) context.trainingLog.show(true);
            });
            break;
        }
        case 'failed': {
            const failure = run.failure;
            // A location with a line points into a source the message may not name; a bare file
            // (a missing data file) is already in the message.
            const at = failure?.location?.line === undefined ? '' : ` (${failure.location.file}:${failure.location.line})`;
            void vscode.window.showErrorMessage(`Training ${model} failed: ${failure?.code ?? ''} ${failure?.message ?? ''}${at}`, SHOW_LOG).then((choice) => {
                if (choice === SHOW_LOG) context.trainingLog.show(true);
            });
            break;
        }
        case 'starting':
        case 'running':
            break;
    }
}
