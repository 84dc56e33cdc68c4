// A status bar item that follows one changing state (a training run, a service): hidden until the
// first state, then the state's text and tooltip, on the error background while it has failed;
// clicking it runs the command that opens the state's panel.
import * as vscode from 'vscode';
import type { StatusText } from './training/status-text.js';

/** Which item, where, and how a state reads. */
export interface PhaseStatusBarKind<State> {
    readonly id: string;
    readonly name: string;
    /** Higher is further left among the left-aligned items. */
    readonly priority: number;
    /** Run when the item is clicked. */
    readonly command: string;
    readonly describe: (state: State) => StatusText;
}

export class PhaseStatusBar<State extends { readonly phase: string }> implements vscode.Disposable {
    private readonly item: vscode.StatusBarItem;

    constructor(private readonly kind: PhaseStatusBarKind<State>) {
        this.item = vscode.window.createStatusBarItem(kind.id, vscode.StatusBarAlignment.Left, kind.priority);
        this.item.name = kind.name;
        this.item.command = kind.command;
    }

    /** The text currently shown (for the tests and the API). */
    get text(): string {
        return this.item.text;
    }

    show(state: State): void {
        const { text, tooltip } = this.kind.describe(state);
        this.item.text = text;
        this.item.tooltip = tooltip;
        this.item.backgroundColor = state.phase === 'failed' ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
        this.item.show();
    }

    dispose(): void {
        this.item.dispose();
    }
}
