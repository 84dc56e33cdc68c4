// Compares what VS Code shows for a file with the diagnostics its `$TEST$` caret comments
// state (the convention of examples/broken/ and test/fixtures/validation/, parsed by the
// language room's own reader so both suites read the files the same way).
import * as vscode from 'vscode';
import { parseFixture } from '../../unit/language/fixture-expectations.js';

const severityNames = new Map<vscode.DiagnosticSeverity, string>([
    [vscode.DiagnosticSeverity.Error, 'error'],
    [vscode.DiagnosticSeverity.Warning, 'warning'],
    [vscode.DiagnosticSeverity.Information, 'info'],
    [vscode.DiagnosticSeverity.Hint, 'hint']
]);

function at(range: { start: { line: number; character: number }; end: { line: number; character: number } }): string {
    return `${range.start.line + 1}:${range.start.character + 1}-${range.end.line + 1}:${range.end.character + 1}`;
}

function codeOf(diagnostic: vscode.Diagnostic): string {
    const code = diagnostic.code;
    if (typeof code === 'object' && code !== null) return String(code.value);
    return code === undefined ? '' : String(code);
}

/**
 * Lists every difference between the shown errors and warnings and the file's stated ones:
 * empty when they match exactly (same count, severity, code, range; message and related
 * messages containing the stated texts).
 */
export function diagnosticMismatches(text: string, shown: readonly vscode.Diagnostic[]): string[] {
    const { expectations, problems } = parseFixture(text);
    const expected = expectations.flatMap((e) => (e.kind === 'diagnostic' ? [e] : []));
    const actual = shown.filter((d) => d.severity === vscode.DiagnosticSeverity.Error || d.severity === vscode.DiagnosticSeverity.Warning);
    const mismatches = [...problems];
    const unmatched = [...actual];
    for (const e of expected) {
        const index = unmatched.findIndex((d) =>
            severityNames.get(d.severity) === e.severity && codeOf(d) === e.code && d.message.includes(e.message) &&
            (e.range === undefined || at(d.range) === at(e.range)) &&
            e.related.every((r) => (d.relatedInformation ?? []).some((info) => info.message.includes(r))));
        if (index < 0) mismatches.push(`missing ${e.severity} ${e.code} at ${e.range ? at(e.range) : `line ${e.line + 1}`}: "${e.message}"${e.related.map((r) => ` related "${r}"`).join('')}`);
        else unmatched.splice(index, 1);
    }
    for (const d of unmatched) mismatches.push(`unexpected ${severityNames.get(d.severity)} ${codeOf(d)} at ${at(d.range)}: "${d.message}"`);
    return mismatches;
}
