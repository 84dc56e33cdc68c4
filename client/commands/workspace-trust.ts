// Training and serving run code on the user's data and write files: not in Restricted Mode.
import * as vscode from 'vscode';

/** Message shown when a command needs a trusted workspace. */
export function untrustedMessage(action: string): string {
    return `${action} is disabled in Restricted Mode: it runs the PHG engine on this workspace's files. Trust the workspace to enable it; language features work either way.`;
}

/**
 * True when the workspace is trusted; otherwise explains, offers the trust editor, and returns
 * false at once (the command ends; the notification stays until the user answers it).
 */
export function requireTrustedWorkspace(action: string): boolean {
    if (vscode.workspace.isTrusted) return true;
    const manage = 'Manage Workspace Trust';
    void vscode.window.showWarningMessage(untrustedMessage(action), manage).then((choice) => {
        if (choice === manage) void vscode.commands.executeCommand('workbench.trust.manage');
    });
    return false;
}
