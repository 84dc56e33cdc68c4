// What every command that runs a model checks first, said the same way by each: the file has no
// errors (the first one, with where it is and how many more), and a `--format` flag names a format.
import type { LangiumDocument } from 'langium';
import { parseFormat } from '../engine/numeric/index.js';
import { engineErrorCodes, failure, success, type Result } from '../engine/errors.js';
import { toCheckDiagnostics } from './check-report.js';

/** Fails with the document's first error (and how many more) when it has any. */
export function withoutErrors(document: LangiumDocument, cwd: string, path: string): Result<void> {
    const errors = toCheckDiagnostics(document, cwd).filter((d) => d.severity === 'error');
    const first = errors[0];
    if (first === undefined) return success(undefined);
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more; run phg check ${path})` : '';
    return failure(engineErrorCodes.badModel, `${first.file}:${first.range.start.line + 1}:${first.range.start.character + 1}: ${first.code ?? 'error'} ${first.message}${more}`, { location: { file: first.file, line: first.range.start.line + 1, column: first.range.start.character + 1 } });
}

/** The canonical name of a `--format` flag's format (undefined when no flag was given). */
export function formatOverride(format: string | undefined): Result<string | undefined> {
    if (format === undefined) return success(undefined);
    const parsed = parseFormat(format);
    return parsed === undefined ? failure(engineErrorCodes.badFlag, `--format: unknown format '${format}' (try posit16, posit<16>, bposit32, float32)`) : success(parsed.name);
}
