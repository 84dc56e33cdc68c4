// What `activate` returns: a small read-only view of the extension's state for integrations and
// for the extension tests, which assert what the user was shown.
import type * as vscode from 'vscode';
import type { PhgContext } from './context.js';
import type { RenderedTrainingView } from './panels/training-messages.js';
import type { TrainingRunState } from './training/run-state.js';

export interface PhgExtensionApi {
    /** The current or last training run. */
    readonly trainingRun: () => TrainingRunState | undefined;
    readonly onDidChangeTrainingRun: vscode.Event<TrainingRunState>;
    /** The training status bar item's text. */
    readonly trainingStatusText: () => string;
    /** What the training panel's webview last reported having rendered. */
    readonly trainingPanelRendered: () => RenderedTrainingView | undefined;
    readonly onDidRenderTrainingPanel: vscode.Event<RenderedTrainingView>;
    readonly isTrainingPanelVisible: () => boolean;
    /** True once the language client has started. */
    readonly isLanguageClientRunning: () => boolean;
}

/** The API over a context. */
export function extensionApi(context: PhgContext): PhgExtensionApi {
    return {
        trainingRun: () => context.training.run,
        onDidChangeTrainingRun: context.training.onDidChangeRun,
        trainingStatusText: () => context.trainingStatusBar.text,
        trainingPanelRendered: () => context.trainingPanel.lastRendered,
        onDidRenderTrainingPanel: context.trainingPanel.onDidRender,
        isTrainingPanelVisible: () => context.trainingPanel.isVisible,
        isLanguageClientRunning: () => context.client?.isRunning() ?? false
    };
}
