// How `phg check` shows diagnostics: compiler-style text for people, one JSON array for tools.
import { URI, type LangiumDocument } from 'langium';
import { isAbsolute, relative, sep } from 'node:path';
import { DiagnosticSeverity, type Diagnostic, type Range } from 'vscode-languageserver-types';

/** The severities `phg check --json` writes, by name rather than LSP's numbers. */
export type CheckSeverity = 'error' | 'warning' | 'info' | 'hint';

/** A location another diagnostic points at to explain itself ("because this annotation ..."). */
export interface CheckRelatedLocation {
    readonly file: string;
    /** Zero-based, as in LSP: `line` and `character` (UTF-16 code units). */
    readonly range: Range;
    readonly message: string;
}

/** One diagnostic as `phg check --json` prints it. */
export interface CheckDiagnostic {
    readonly file: string;
    /** Zero-based, as in LSP: `line` and `character` (UTF-16 code units). */
    readonly range: Range;
    readonly severity: CheckSeverity;
    /** The stable code (`PHG1001`), Langium's kind for syntax and linking errors, or null. */
    readonly code: string | null;
    readonly message: string;
    readonly related: readonly CheckRelatedLocation[];
}

/** Turns a built document's diagnostics into report entries, ordered by position. */
export function toCheckDiagnostics(document: LangiumDocument, cwd: string): CheckDiagnostic[] {
    const file = displayPath(document.uri.fsPath, cwd);
    const diagnostics = [...(document.diagnostics ?? [])].sort(comparePositions);
    return diagnostics.map((diagnostic) => ({
        file,
        range: diagnostic.range,
        severity: severityName(diagnostic.severity),
        code: diagnosticCode(diagnostic),
        message: typeof diagnostic.message === 'string' ? diagnostic.message : diagnostic.message.value,
        related: (diagnostic.relatedInformation ?? []).map((info) => ({
            file: displayPath(uriToPath(info.location.uri), cwd),
            range: info.location.range,
            message: info.message
        }))
    }));
}

/** A path relative to the working directory when it lies inside it, with `/` separators. */
export function displayPath(path: string, cwd: string): string {
    const inside = relative(cwd, path);
    const shown = inside !== '' && !inside.startsWith('..') && !isAbsolute(inside) ? inside : path;
    return shown.split(sep).join('/');
}

/**
 * Formats one diagnostic like a compiler: `file:line:col: severity CODE: message`, the source
 * line, a caret line under the exact range, then one `note:` line per related location.
 * `sourceOf` returns a file's text, for quoting the lines.
 */
export function formatHumanDiagnostic(diagnostic: CheckDiagnostic, sourceOf: (file: string) => string | undefined): string {
    const { start } = diagnostic.range;
    const code = diagnostic.code === null ? '' : ` ${diagnostic.code}`;
    const lines = [`${diagnostic.file}:${start.line + 1}:${start.character + 1}: ${diagnostic.severity}${code}: ${diagnostic.message}`];
    const text = sourceOf(diagnostic.file);
    if (text !== undefined) lines.push(...quoteRange(text, diagnostic.range));
    for (const related of diagnostic.related) {
        const at = related.range.start;
        lines.push(`${related.file}:${at.line + 1}:${at.character + 1}: note: ${related.message}`);
    }
    return lines.join('\n') + '\n';
}

/** `2 errors, 1 warning in 3 files`, or `3 files checked, no problems`. */
export function formatSummary(diagnostics: readonly CheckDiagnostic[], fileCount: number): string {
    const files = `${fileCount} ${fileCount === 1 ? 'file' : 'files'}`;
    const errors = diagnostics.filter((d) => d.severity === 'error').length;
    const warnings = diagnostics.filter((d) => d.severity === 'warning').length;
    if (errors === 0 && warnings === 0) return `${files} checked, no problems\n`;
    const counts = [plural(errors, 'error'), plural(warnings, 'warning')].filter((part) => part !== '');
    return `${counts.join(', ')} in ${files}\n`;
}

function plural(count: number, noun: string): string {
    return count === 0 ? '' : `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** The first line of the range with a gutter, and carets under its part of that line. */
function quoteRange(text: string, range: Range): string[] {
    const sourceLines = text.split(/\r\n|\r|\n/);
    const line = sourceLines[range.start.line];
    if (line === undefined) return [];
    const number = String(range.start.line + 1);
    const gutter = ' '.repeat(number.length);
    const from = Math.min(range.start.character, line.length);
    const to = range.end.line === range.start.line ? Math.min(range.end.character, line.length) : line.length;
    // Keep tabs in the caret line's indent so the carets line up under tab-indented source.
    const indent = line.slice(0, from).replace(/[^\t]/g, ' ');
    const carets = '^'.repeat(Math.max(1, to - from));
    return [` ${number} | ${line}`, ` ${gutter} | ${indent}${carets}`];
}

function severityName(severity: DiagnosticSeverity | undefined): CheckSeverity {
    switch (severity) {
        case DiagnosticSeverity.Warning: return 'warning';
        case DiagnosticSeverity.Information: return 'info';
        case DiagnosticSeverity.Hint: return 'hint';
        default: return 'error';
    }
}

function diagnosticCode(diagnostic: Diagnostic): string | null {
    if (diagnostic.code !== undefined) return String(diagnostic.code);
    const data: unknown = diagnostic.data;
    if (typeof data === 'object' && data !== null && 'code' in data && typeof data.code === 'string') return data.code;
    return null;
}

function comparePositions(a: Diagnostic, b: Diagnostic): number {
    return a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character;
}

function uriToPath(uri: string): string {
    const parsed = URI.parse(uri);
    return parsed.scheme === 'file' ? parsed.fsPath : uri;
}
