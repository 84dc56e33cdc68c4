// The extension's context: owns the language client, the training controller, the panels, the
// status bar, the output channels — every disposable — so `deactivate` is one `dispose()`.
// Commands receive this object; new panels (rotation, hypergraph) become fields here.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { SecretSigningKey } from './certificates/secret-signing-key.js';
import { startLanguageClient } from './language-client.js';
import { HypergraphPanel } from './panels/hypergraph-panel.js';
import { ReadOnlyDocuments } from './panels/read-only-documents.js';
import { RotationPanel } from './panels/rotation-panel.js';
import { TrainingPanel } from './panels/training-panel.js';
import { PhaseStatusBar } from './phase-status-bar.js';
import { isServiceActive, type ServiceState } from './serving/service-state.js';
import { describeServiceForStatusBar } from './serving/service-status-text.js';
import { ServingController } from './serving/serving-controller.js';
import { isActive, type TrainingRunState } from './training/run-state.js';
import { describeRunForStatusBar } from './training/status-text.js';
import { TrainingController } from './training/training-controller.js';

/** Command ids the context itself refers to. */
export const SHOW_TRAINING_PANEL_COMMAND = 'phg.showTrainingPanel';
export const SHOW_ROTATION_PANEL_COMMAND = 'phg.showRotationPanel';

export class PhgContext implements vscode.Disposable {
    private readonly disposables: vscode.Disposable[] = [];
    private languageClient: LanguageClient | undefined;

    readonly trainingLog: vscode.OutputChannel;
    readonly training: TrainingController;
    readonly trainingPanel: TrainingPanel;
    readonly trainingStatusBar: PhaseStatusBar<TrainingRunState>;
    readonly readOnlyDocuments: ReadOnlyDocuments;
    /** Certificates and signing keys: `phg certify`, `phg verify`, `phg keys` command lines and output. */
    readonly certificatesLog: vscode.OutputChannel;
    readonly secretSigningKey: SecretSigningKey;
    readonly servingLog: vscode.OutputChannel;
    readonly serving: ServingController;
    readonly servingStatusBar: PhaseStatusBar<ServiceState>;
    readonly rotationPanel: RotationPanel;
    readonly hypergraphPanel: HypergraphPanel;

    private constructor(readonly extension: vscode.ExtensionContext) {
        this.trainingLog = this.own(vscode.window.createOutputChannel('PHG Training'));
        this.training = this.own(new TrainingController(extension.extensionPath, this.trainingLog));
        // Hidden until the first run, then its epoch, loss and accuracy; a click opens the panel.
        this.trainingStatusBar = this.own(new PhaseStatusBar({ id: 'phg.training', name: 'PHG Training', priority: 50, command: SHOW_TRAINING_PANEL_COMMAND, describe: describeRunForStatusBar }));
        this.trainingPanel = this.own(new TrainingPanel(extension.extensionUri, {
            stopTraining: () => { this.training.stop(); },
            showLog: () => this.trainingLog.show(true)
        }));
        this.readOnlyDocuments = this.own(new ReadOnlyDocuments());
        this.own(this.training.onDidChangeRun((run) => {
            this.trainingStatusBar.show(run);
            this.trainingPanel.showRun(run);
            // Context keys for menus: Train ↔ Stop in the editor title, Resume in the palette.
            void vscode.commands.executeCommand('setContext', 'phg.trainingActive', isActive(run));
            void vscode.commands.executeCommand('setContext', 'phg.trainingStopped', run.phase === 'stopped');
        }));
        this.certificatesLog = this.own(vscode.window.createOutputChannel('PHG Certificates'));
        this.secretSigningKey = new SecretSigningKey(extension.secrets);
        this.servingLog = this.own(vscode.window.createOutputChannel('PHG Serving'));
        this.serving = this.own(new ServingController(extension.extensionPath, this.servingLog));
        // Hidden until a service starts, then its name, active version and rotation stage.
        this.servingStatusBar = this.own(new PhaseStatusBar({ id: 'phg.serving', name: 'PHG Serving', priority: 49, command: SHOW_ROTATION_PANEL_COMMAND, describe: describeServiceForStatusBar }));
        this.rotationPanel = this.own(new RotationPanel(extension.extensionUri, {
            rotate: () => { void vscode.commands.executeCommand('phg.rotateToLatestVersion'); },
            stopServing: () => { this.serving.stop(); },
            showLog: () => this.servingLog.show(true)
        }));
        this.hypergraphPanel = this.own(new HypergraphPanel(extension.extensionUri));
        this.own(this.serving.onDidChangeService((service) => {
            this.servingStatusBar.show(service);
            this.rotationPanel.showService(service);
            void vscode.commands.executeCommand('setContext', 'phg.servingActive', isServiceActive(service));
        }));
    }

    /** Creates the context and starts the language server. */
    static async create(extension: vscode.ExtensionContext): Promise<PhgContext> {
        const context = new PhgContext(extension);
        extension.subscriptions.push(context);
        context.languageClient = await startLanguageClient(extension);
        return context;
    }

    /** The running language client, if it started. */
    get client(): LanguageClient | undefined {
        return this.languageClient;
    }

    /** Takes ownership of a disposable: it is disposed with the context. */
    own<T extends vscode.Disposable>(disposable: T): T {
        this.disposables.push(disposable);
        return disposable;
    }

    dispose(): void {
        // Later resources may depend on earlier ones: dispose in reverse order of creation.
        for (const disposable of this.disposables.splice(0).reverse()) disposable.dispose();
        const client = this.languageClient;
        this.languageClient = undefined;
        void client?.stop();
    }
}
