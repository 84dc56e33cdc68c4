// Which numeric format would hold a range best: the smallest worst-case rounding error among the
// formats that cover it, ties to fewer bits. Candidates are the standard formats the engine can
// hold, no wider than the format in use (a wider one always wins on error, and costs memory the
// plan would show); when none of those covers the range, the narrowest covering format is named,
// since the choice is then between widening and saturating.
import { allFormats, parseFormat, type NumericFormat } from '../../engine/numeric/index.js';
import { isExecutableFormat } from '../../engine/tensor/tensor.js';
import type { Interval } from './interval.js';
import { worstRoundingError, type RoundingError } from './rounding-error.js';

/** A format proposed for a range, with its worst rounding error there. */
export interface FormatCandidate {
    readonly format: NumericFormat;
    readonly error: RoundingError;
    /** True when it is wider than the format in use (nothing as narrow covers the range). */
    readonly wider: boolean;
}

/** The standard formats the engine can hold, narrow to wide. */
export const candidateFormats: readonly NumericFormat[] = allFormats.filter(isExecutableFormat);

/** The best candidate format for a range held in `current` (undefined when no format covers it). */
export function bestCandidate(current: NumericFormat, range: Interval, formats: readonly NumericFormat[] = candidateFormats): FormatCandidate | undefined {
    const rated = formats.flatMap((format) => {
        const error = worstRoundingError(format, range);
        return error !== undefined ? [{ format, error }] : [];
    });
    const narrowEnough = rated.filter(({ format }) => format.bits <= current.bits);
    if (narrowEnough.length > 0) {
        const order = (candidate: { format: NumericFormat; error: RoundingError }): [number, number, number] =>
            [candidate.error.value, candidate.format.bits, candidate.format.name === current.name ? 0 : 1];
        const best = [...narrowEnough].sort((a, b) => compareTuples(order(a), order(b)))[0]!;
        return { ...best, wider: false };
    }
    const widening = [...rated].sort((a, b) => compareTuples([a.format.bits, a.error.value, 0], [b.format.bits, b.error.value, 0]))[0];
    return widening !== undefined ? { ...widening, wider: true } : undefined;
}

/** The narrowest standard format that covers a range, the most precise of that width (for "widen the format" fixes). */
export function narrowestCovering(range: Interval, formats: readonly NumericFormat[] = candidateFormats): NumericFormat | undefined {
    const rated = formats.flatMap((format) => {
        const error = worstRoundingError(format, range);
        return error !== undefined ? [{ format, error: error.value }] : [];
    });
    return rated.sort((a, b) => a.format.bits - b.format.bits || a.error - b.error)[0]?.format;
}

/** A format by canonical name, if the engine knows it. */
export function formatNamed(name: string): NumericFormat | undefined {
    return parseFormat(name);
}

function compareTuples(a: readonly number[], b: readonly number[]): number {
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
    return 0;
}
