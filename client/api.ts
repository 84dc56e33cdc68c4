// What `activate` returns: a small read-only view of the extension's state for integrations and
// for the extension tests, which assert what the user was shown.
import type * as vscode from 'vscode';
import type { PhgContext } from './context.js';
import type { RenderedHypergraphView } from './panels/hypergraph-messages.js';
import type { RenderedRotationView } from './panels/rotation-messages.js';
import type { RenderedTrainingView } from './panels/training-messages.js';
import type { ServiceState } from './serving/service-state.js';
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
    /** The current or last service started with PHG: Serve Model. */
    readonly service: () => ServiceState | undefined;
    readonly onDidChangeService: vscode.Event<ServiceState>;
    /** The serving status bar item's text. */
    readonly servingStatusText: () => string;
    /** What the Rotation panel's webview last reported having rendered. */
    readonly rotationPanelRendered: () => RenderedRotationView | undefined;
    readonly onDidRenderRotationPanel: vscode.Event<RenderedRotationView>;
    /** What the Hypergraph panel's webview last reported having rendered. */
    readonly hypergraphPanelRendered: () => RenderedHypergraphView | undefined;
    readonly onDidRenderHypergraphPanel: vscode.Event<RenderedHypergraphView>;
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
        isLanguageClientRunning: () => context.client?.isRunning() ?? false,
        service: () => context.serving.service,
        onDidChangeService: context.serving.onDidChangeService,
        servingStatusText: () => context.servingStatusBar.text,
        rotationPanelRendered: () => context.rotationPanel.lastRendered,
        onDidRenderRotationPanel: context.rotationPanel.onDidRender,
        hypergraphPanelRendered: () => context.hypergraphPanel.lastRendered,
        onDidRenderHypergraphPanel: context.hypergraphPanel.onDidRender
    };
}
