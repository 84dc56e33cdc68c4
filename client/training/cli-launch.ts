// How the extension runs the bundled `phg` command line (dist/cli.cjs) as a child process.
// The extension host's own runtime is Node (code-server) or Electron (desktop VS Code), and
// Electron behaves as plain Node when ELECTRON_RUN_AS_NODE is set, so no separate Node install
// is needed; `phg.cli.nodePath` can name one anyway.
import * as path from 'node:path';

/** A fully resolved command line. */
export interface CliLaunch {
    readonly executable: string;
    readonly args: readonly string[];
    readonly cwd: string;
    readonly env: NodeJS.ProcessEnv;
}

/** Builds the launch of `phg <args>` from the extension's install folder. */
export function cliLaunch(extensionPath: string, cliArgs: readonly string[], cwd: string, nodePath: string, baseEnv: NodeJS.ProcessEnv): CliLaunch {
    return {
        executable: nodePath === '' ? process.execPath : nodePath,
        args: [path.join(extensionPath, 'dist', 'cli.cjs'), ...cliArgs],
        cwd,
        env: { ...baseEnv, ELECTRON_RUN_AS_NODE: '1', NO_COLOR: '1' }
    };
}
