// Format spellings → canonical names, asked of the engine (engine/numeric owns which formats
// exist), so a format the engine adds is accepted here without a change.
import { formatSpellings, parseFormatOrError } from '../../engine/numeric/index.js';

/** The canonical name of a format spelling (`posit16` → `posit<16>`), or undefined if no such format exists. */
export function canonicalFormatName(spelling: string): string | undefined {
    const parsed = parseFormatOrError(spelling);
    return 'format' in parsed ? parsed.format.name : undefined;
}

/** Why a spelling names no format, in the engine's words. */
export function formatSpellingProblem(spelling: string): string | undefined {
    const parsed = parseFormatOrError(spelling);
    return 'error' in parsed ? parsed.error.message : undefined;
}

/** Every accepted spelling, for completion and "did you mean". */
export function knownFormatNames(): readonly string[] {
    return formatSpellings.filter((spelling) => !spelling.includes(','));
}
