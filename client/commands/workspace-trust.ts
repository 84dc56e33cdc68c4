// Training and serving run code on the user's data and write files: not in Restricted Mode.
import * as vscode from 'vscode';

/** Message shown when a command needs a trusted workspace. */
export function untrustedMessage(action: string): string {
    return `${action} is disabled in Restricted Mode: it runs the PHG engine on this workspace's files. Trust the workspace to enable it; language features work either way.`;
}

/** True when the workspace is trusted; otherwise explains and offers the trust editor. */
export async function requireTrustedWorkspace(action: string): Promise<boolean> {
    if (vscode.workspace.isTrusted) return true;
    const manage = 'Manage Workspace Trust';
    const choice = await vscode.window.showWarningMessage(untrustedMessage(action), manage);
    if (choice === manage) await vscode.commands.executeCommand('workbench.trust.manage');
    return false;
}
