// Workbench layout and theme for screenshots: what a user would arrange to look at a panel.
import * as vscode from 'vscode';
import { sleep } from './wait.js';

/** Switches the colour theme (by id, e.g. `Default Dark Modern`) and lets the workbench repaint. */
export async function useColorTheme(themeId: string): Promise<void> {
    const workbench = vscode.workspace.getConfiguration('workbench');
    await workbench.update('colorTheme', themeId, vscode.ConfigurationTarget.Global);
    await sleep(800);
    if (vscode.window.activeColorTheme.kind === undefined) throw new Error('no active colour theme');
}

/** Clears notifications so they do not cover what a screenshot is for. */
export async function clearNotifications(): Promise<void> {
    await vscode.commands.executeCommand('notifications.clearAll');
    await sleep(300);
}

/**
 * A workbench as a spec that opens one model expects it: the files' own epoch counts (no
 * `phg.training.epochs` override left by an earlier spec), the dark theme, no editors, no notifications.
 */
export async function freshWorkbench(): Promise<void> {
    await vscode.workspace.getConfiguration('phg').update('training.epochs', undefined, vscode.ConfigurationTarget.Workspace);
    await useColorTheme('Default Dark Modern');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await clearNotifications();
}

/** Maximises the active editor group and hides the side bar. */
export async function maximizeEditorGroup(): Promise<void> {
    await vscode.commands.executeCommand('workbench.action.closeSidebar');
    await vscode.commands.executeCommand('workbench.action.toggleMaximizeEditorGroup');
    await sleep(800);
}

/** Undoes `maximizeEditorGroup`. */
export async function restoreEditorGroups(): Promise<void> {
    await vscode.commands.executeCommand('workbench.action.toggleMaximizeEditorGroup');
    await vscode.commands.executeCommand('workbench.view.explorer');
    await sleep(500);
}
