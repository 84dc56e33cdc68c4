// `phg check FILE...|DIR [--json]`: the editor's diagnostics, on the command line.
import { ExitCode, type CliCommand } from '../command.js';
import { displayPath, formatHumanDiagnostic, formatSummary, toCheckDiagnostics, type CheckDiagnostic } from '../check-report.js';
import type { CliIO } from '../io.js';
import { checkPhgFiles, collectPhgFiles } from '../workspace.js';

const usage = `usage: phg check [--json] PATH...

Parses, links and checks .phg files and prints every diagnostic.
A PATH that is a folder checks every .phg file below it, except in folders
named 'broken' (examples that are wrong on purpose) unless you name one.

options:
  --json   print one JSON array of {file, range, severity, code, message, related}

exit status: 0 no errors, 1 errors found, 2 usage or I/O error, 70 a bug in phg
`;

/** What `phg` returns for its own bugs (cli/main.ts uses the same code). */
const internalErrorExitCode = 70;

/** The `phg check` command. */
export const checkCommand: CliCommand = {
    name: 'check',
    summary: 'check .phg files and print their diagnostics',
    usage,
    run: runCheck
};

async function runCheck(args: readonly string[], io: CliIO): Promise<number> {
    const json = args.includes('--json');
    const unknownFlag = args.find((arg) => arg.startsWith('-') && arg !== '--json');
    const paths = args.filter((arg) => !arg.startsWith('-'));
    if (unknownFlag !== undefined || paths.length === 0) {
        io.stderr(unknownFlag !== undefined ? `phg check: unknown option '${unknownFlag}'\n` : 'phg check: no files given\n');
        io.stderr(usage);
        return ExitCode.usage;
    }

    const sources = await collectPhgFiles(paths, io.cwd);
    const workspace = await checkPhgFiles(sources.files);
    const diagnostics: CheckDiagnostic[] = workspace.documents.flatMap((document) => toCheckDiagnostics(document, io.cwd));
    const ioErrors = [...sources.errors, ...workspace.errors];
    for (const error of ioErrors) {
        io.stderr(`phg check: cannot read '${displayPath(error.path, io.cwd)}': ${error.message}\n`);
    }
    for (const failure of workspace.failures) {
        io.stderr(`phg check: internal error while checking '${displayPath(failure.path, io.cwd)}' (a bug in phg; the other files were checked):\n${failure.message}\n`);
    }

    if (json) {
        io.stdout(JSON.stringify(diagnostics, null, 2) + '\n');
    } else {
        const texts = new Map(workspace.documents.map((document) => [displayPath(document.uri.fsPath, io.cwd), document.textDocument.getText()]));
        for (const diagnostic of diagnostics) io.stdout(formatHumanDiagnostic(diagnostic, (file) => texts.get(file)));
        if (workspace.documents.length > 0) io.stdout(formatSummary(diagnostics, workspace.documents.length));
    }

    if (workspace.failures.length > 0) return internalErrorExitCode;
    if (ioErrors.length > 0) return ExitCode.usage;
    return diagnostics.some((diagnostic) => diagnostic.severity === 'error') ? ExitCode.failed : ExitCode.ok;
}
