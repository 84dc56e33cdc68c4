// `phg sign-version [N...]`: signs versions training saved unsigned (no key was configured then).
import { parseCommandArguments, positiveInteger } from '../cert/cli-arguments.js';
import { readSigningKeyOption, signVersions } from '../cert/version-signing.js';
import { findWorkspaceRoot } from '../cert/workspace-paths.js';
import { ExitCode, type CliCommand } from '../command.js';
import type { CliIO } from '../io.js';

const usage = `usage: phg sign-version [N...] [--key PRIVATE_KEY_FILE|-] [--json]

Signs version N of .phg/versions (default: every unsigned version), oldest first:
each signed record pins its parent's signed bytes, so unsigned older versions are
signed on the way. The workspace's certificate of the version's structure is
pinned into the version (certify first: a version without one cannot be served).

options:
  --key FILE   the private key (default: $PHG_SIGNING_KEY, else the config dir's default.key);
               '-' reads a PEM key from stdin (the editor's secret storage)
  --json       print the results as JSON

exit status: 0 signed, 1 a version could not be signed, 2 usage or key error
`;

/** The `phg sign-version` command. */
export const signVersionCommand: CliCommand = {
    name: 'sign-version',
    summary: 'sign versions that training saved unsigned',
    usage,
    run: runSignVersion
};

async function runSignVersion(args: readonly string[], io: CliIO): Promise<number> {
    const parsed = parseCommandArguments<{ key?: string; json?: boolean }>(args, { key: { type: 'string' }, json: { type: 'boolean' } });
    if (!parsed.ok) {
        io.stderr(`phg sign-version: ${parsed.message}\n${usage}`);
        return ExitCode.usage;
    }
    const versions: number[] = [];
    for (const positional of parsed.positionals) {
        const version = positiveInteger(positional, 'N');
        if (!version.ok || version.value === undefined) {
            io.stderr(`phg sign-version: ${version.ok ? 'N is missing' : version.message}\n`);
            return ExitCode.usage;
        }
        versions.push(version.value);
    }
    const key = await readSigningKeyOption(parsed.values.key, io, process.env);
    if (!key.ok) {
        io.stderr(`phg sign-version: ${key.message}\n`);
        return ExitCode.usage;
    }
    const results = signVersions(findWorkspaceRoot(io.cwd), key.key, versions);
    if (parsed.values.json) io.stdout(`${JSON.stringify(results)}\n`);
    else if (results.length === 0) io.stdout('nothing to sign: every version is signed\n');
    else io.stdout(results.map((result) => `${result.outcome === 'failed' ? '✗' : '✓'} ${result.message}\n`).join(''));
    return results.some((result) => result.outcome === 'failed') ? ExitCode.failed : ExitCode.ok;
}
