// The status bar item of training: hidden until the first run, then the run's epoch, loss and
// accuracy; clicking it opens the training panel.
import * as vscode from 'vscode';
import type { TrainingRunState } from './run-state.js';
import { describeRunForStatusBar } from './status-text.js';

export class TrainingStatusBar implements vscode.Disposable {
    private readonly item: vscode.StatusBarItem;

    constructor(showPanelCommand: string) {
        this.item = vscode.window.createStatusBarItem('phg.training', vscode.StatusBarAlignment.Left, 50);
        this.item.name = 'PHG Training';
        this.item.command = showPanelCommand;
    }

    /** The text currently shown (for the tests and the API). */
    get text(): string {
        return this.item.text;
    }

    show(state: TrainingRunState): void {
        const { text, tooltip } = describeRunForStatusBar(state);
        this.item.text = text;
        this.item.tooltip = tooltip;
        this.item.backgroundColor = state.phase === 'failed' ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
        this.item.show();
    }

    dispose(): void {
        this.item.dispose();
    }
}
