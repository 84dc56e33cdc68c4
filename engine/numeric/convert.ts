// Conversion between any two formats, rounded once.
import type { NumericFormat, Pattern } from './format.js';

/** The pattern of `target` nearest to the value of `pattern` in `source` (NaR ↔ NaN; IEEE ±∞ → NaR for posits). */
export function convertPattern(pattern: Pattern, source: NumericFormat, target: NumericFormat): Pattern {
    if (source.isNaR(pattern)) return target.nar;
    if (source.decodeIsExact) return target.encode(source.decode(pattern));
    const exact = source.toDyadic(pattern);
    return exact === undefined ? target.nar : target.roundDyadic(exact);
}
