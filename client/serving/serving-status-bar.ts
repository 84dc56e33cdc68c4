// The status bar item of serving: hidden until a service starts, then its name, active version
// and rotation stage; clicking it opens the Rotation panel.
import * as vscode from 'vscode';
import type { ServiceState } from './service-state.js';
import { describeServiceForStatusBar } from './service-status-text.js';

export class ServingStatusBar implements vscode.Disposable {
    private readonly item: vscode.StatusBarItem;

    constructor(showPanelCommand: string) {
        this.item = vscode.window.createStatusBarItem('phg.serving', vscode.StatusBarAlignment.Left, 49);
        this.item.name = 'PHG Serving';
        this.item.command = showPanelCommand;
    }

    /** The text currently shown (for the tests and the API). */
    get text(): string {
        return this.item.text;
    }

    show(state: ServiceState): void {
        const { text, tooltip } = describeServiceForStatusBar(state);
        this.item.text = text;
        this.item.tooltip = tooltip;
        this.item.backgroundColor = state.phase === 'failed' ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
        this.item.show();
    }

    dispose(): void {
        this.item.dispose();
    }
}
