// Format names as users write them: the language's spelling (`posit<16>`, `bposit<32>`,
// `bposit<16, 6, 5>`, `float32`) and the short names (`posit16`, `bposit32`). Parsing returns an
// error value with a code and the offending span, never throws.
import { B_POSIT_EXPONENT_BITS, B_POSIT_REGIME_CAP, POSIT_EXPONENT_BITS, type TaperedKind } from './tapered/tapered-layout.js';

/** What a spelling denotes, before any format is built. */
export type FormatSpec =
    | { readonly family: 'ieee'; readonly name: 'float16' | 'bfloat16' | 'float32' | 'float64' }
    | { readonly family: TaperedKind; readonly bits: 8 | 16 | 32 | 64; readonly exponentBits: number; readonly regimeCap?: number };

/** A spelling that names no format: a message, a stable code and where in the spelling it went wrong. */
export interface FormatSpellingError {
    readonly code: 'unknown-format' | 'unsupported-width' | 'invalid-parameters';
    readonly message: string;
    /** Offsets [start, end) of the offending text within the spelling. */
    readonly start: number;
    readonly end: number;
}

/** Every accepted spelling, for help texts and error messages. */
export const formatSpellings: readonly string[] = [
    'posit<8>', 'posit<16>', 'posit<32>', 'posit<64>',
    'bposit<16>', 'bposit<32>', 'bposit<64>', 'bposit<n, rs, es>',
    'float16', 'bfloat16', 'float32', 'float64',
    'posit8', 'posit16', 'posit32', 'posit64', 'bposit16', 'bposit32', 'bposit64'
];

const IEEE_NAMES = ['float16', 'bfloat16', 'float32', 'float64'] as const;
const WIDTHS = [8, 16, 32, 64] as const;
const TEMPLATE = /^(b?posit)\s*<\s*(\d+)\s*(?:,\s*(\d+)\s*(?:,\s*(\d+)\s*)?)?>$/;
const SHORT = /^(b?posit)(\d+)(?:_(\d+)(?:_(\d+))?)?$/;

/** Parses a format spelling (whitespace-tolerant, case-insensitive) into a spec, or an error. */
export function parseFormatSpec(spelling: string): { spec: FormatSpec } | { error: FormatSpellingError } {
    const lead = spelling.length - spelling.trimStart().length;
    const text = spelling.trim().toLowerCase();
    const whole = { start: lead, end: lead + text.length };
    const ieee = IEEE_NAMES.find((name) => name === text);
    if (ieee) return { spec: { family: 'ieee', name: ieee } };
    const match = TEMPLATE.exec(text) ?? SHORT.exec(text);
    if (!match) {
        return { error: { code: 'unknown-format', message: `unknown format '${spelling.trim()}'; expected one of ${formatSpellings.join(', ')}`, ...whole } };
    }
    const kind = match[1] as TaperedKind;
    const bits = Number(match[2]);
    const width = WIDTHS.find((w) => w === bits);
    if (width === undefined || (kind === 'bposit' && match[3] === undefined && width === 8)) {
        const allowed = kind === 'posit' || match[3] !== undefined ? '8, 16, 32 or 64' : '16, 32 or 64';
        return { error: { code: 'unsupported-width', message: `${kind} has no ${bits}-bit size here; use ${allowed} bits`, ...whole } };
    }
    if (kind === 'posit') {
        if (match[3] !== undefined) {
            return { error: { code: 'invalid-parameters', message: `posit<n> takes no further parameters: the Posit Standard (2022) fixes es = ${POSIT_EXPONENT_BITS}`, ...whole } };
        }
        return { spec: { family: 'posit', bits: width, exponentBits: POSIT_EXPONENT_BITS } };
    }
    if (match[3] !== undefined && match[4] === undefined) {
        return { error: { code: 'invalid-parameters', message: 'bposit takes <n> or <n, rs, es> (regime cap rs and exponent bits es)', ...whole } };
    }
    const regimeCap = match[3] === undefined ? B_POSIT_REGIME_CAP : Number(match[3]);
    const exponentBits = match[4] === undefined ? B_POSIT_EXPONENT_BITS : Number(match[4]);
    if (regimeCap < 1 || exponentBits > 8 || regimeCap + exponentBits > width - 1) {
        return { error: { code: 'invalid-parameters', message: `bposit<${width}, ${regimeCap}, ${exponentBits}> needs 1 ≤ rs, es ≤ 8 and rs + es ≤ n − 1 (the exponent is never cut off)`, ...whole } };
    }
    return { spec: { family: 'bposit', bits: width, exponentBits, regimeCap } };
}
