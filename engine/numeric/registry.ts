// One instance per format, built on first use and shared: formats hold decode tables (posit16's
// is 512 KiB) that must not be rebuilt per call.
import type { NumericFormat } from './format.js';
import { parseFormatSpec, type FormatSpec, type FormatSpellingError } from './spelling.js';
import { taperedLayout } from './tapered/tapered-layout.js';
import { TaperedFormat } from './tapered/tapered-format.js';
import { TaperedFormat64 } from './tapered/tapered-format64.js';
import { HalfFormat } from './ieee/half-format.js';
import { Float32Format } from './ieee/float32-format.js';
import { Float64Format } from './ieee/float64-format.js';

const instances = new Map<string, NumericFormat>();

function specKey(spec: FormatSpec): string {
    return spec.family === 'ieee' ? spec.name : `${spec.family}/${spec.bits}/${spec.exponentBits}/${spec.regimeCap ?? ''}`;
}

function build(spec: FormatSpec): NumericFormat | undefined {
    if (spec.family === 'ieee') {
        switch (spec.name) {
            case 'float16': return new HalfFormat('float16');
            case 'bfloat16': return new HalfFormat('bfloat16');
            case 'float32': return new Float32Format();
            case 'float64': return new Float64Format();
        }
    }
    const layout = taperedLayout(spec.family, spec.bits, spec.exponentBits, spec.regimeCap);
    if (layout === undefined) return undefined;
    return spec.bits <= 32 ? new TaperedFormat(layout) : new TaperedFormat64(layout);
}

/** The shared format for a spec (undefined when the spec is inconsistent or not implemented). */
export function formatForSpec(spec: FormatSpec): NumericFormat | undefined {
    const key = specKey(spec);
    let format = instances.get(key);
    if (format === undefined) {
        format = build(spec);
        if (format !== undefined) instances.set(key, format);
    }
    return format;
}

/** The format a spelling names, or an error value saying what is wrong with the spelling. */
export function parseFormatOrError(spelling: string): { format: NumericFormat } | { error: FormatSpellingError } {
    const parsed = parseFormatSpec(spelling);
    if ('error' in parsed) return parsed;
    const format = formatForSpec(parsed.spec);
    if (format === undefined) {
        const text = spelling.trim();
        const start = spelling.length - spelling.trimStart().length;
        return { error: { code: 'invalid-parameters', message: `format '${text}' is not available`, start, end: start + text.length } };
    }
    return { format };
}

/** The format a spelling names (`posit<16>`, `bposit32`, `float32`, …), or undefined. */
export function parseFormat(spelling: string): NumericFormat | undefined {
    const parsed = parseFormatOrError(spelling);
    return 'format' in parsed ? parsed.format : undefined;
}

const STANDARD_SPELLINGS = ['posit8', 'posit16', 'posit32', 'posit64', 'bposit16', 'bposit32', 'bposit64', 'float16', 'bfloat16', 'float32', 'float64'];

/** Every standard format, narrow to wide, posits first. */
export const allFormats: readonly NumericFormat[] = STANDARD_SPELLINGS
    .map((spelling) => parseFormat(spelling))
    .filter((format): format is NumericFormat => format !== undefined);
