// The numeric core's public face: formats by name, their interfaces, exact helpers. A standalone
// library — nothing here imports from the rest of the project.
export type {
    Dyadic, ElementaryAccuracy, ElementaryFunction, FormatFamily, NumericFormat, Pattern, PatternArray, PatternArrayKind, Quire
} from './format.js';
export type { FormatSpec, FormatSpellingError } from './spelling.js';
export { formatSpellings, parseFormatSpec } from './spelling.js';
export { allFormats, formatForSpec, parseFormat, parseFormatOrError } from './registry.js';
export { convertPattern } from './convert.js';
export { dyadicFromNumber, dyadicToDecimal, dyadicToNumber } from './dyadic.js';
export { exactDecimal, patternHex, roundDecimal } from './decimal.js';
