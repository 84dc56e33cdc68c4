// Decimal text in and out, exactly: a decimal operand is rounded once to the format (no detour
// through float64, whose own rounding could flip a tie), and a pattern's value prints as its full
// exact decimal expansion (every binary fraction has one).
import type { NumericFormat, Pattern } from './format.js';
import { bitLength, dyadicToDecimal } from './dyadic.js';

/** The pattern nearest to a decimal number (`-1.25`, `144179.2`, `6.02e23`, `NaR`, `inf`), or undefined if it is not one. */
export function roundDecimal(format: NumericFormat, text: string): Pattern | undefined {
    const trimmed = text.trim();
    const lower = trimmed.toLowerCase();
    if (lower === 'nar' || lower === 'nan') return format.nar;
    if (/^[+-]?(inf|infinity)$/.test(lower)) return format.encode(lower.startsWith('-') ? -Infinity : Infinity);
    const match = /^([+-]?)(\d+\.?\d*|\.\d+)(?:e([+-]?\d+))?$/i.exec(trimmed);
    if (!match) return undefined;
    const negative = match[1] === '-';
    const [integerPart, fractionPart = ''] = match[2].split('.');
    const digits = BigInt((integerPart + fractionPart).replace(/^0+(?=\d)/, '') || '0');
    const power = Number(match[3] ?? '0') - fractionPart.length;
    if (!Number.isSafeInteger(power) || Math.abs(power) > 100_000) return undefined;
    if (digits === 0n) return format.encode(negative ? -0 : 0);
    if (power >= 0) return format.roundDyadic({ negative, magnitude: digits * 10n ** BigInt(power), exponent: 0 });
    // digits / 10^k = digits / 5^k · 2^-k: divide by 5^k keeping ≥ 96 significant bits plus a sticky bit.
    const divisor = 5n ** BigInt(-power);
    const shift = Math.max(0, 96 + bitLength(divisor) - bitLength(digits));
    const scaled = digits << BigInt(shift);
    const quotient = scaled / divisor;
    return format.roundDyadic({ negative, magnitude: quotient, exponent: power - shift }, quotient * divisor !== scaled);
}

/** A pattern's exact value as decimal text: `NaR` (posits) / `NaN`, `Infinity`, or every digit of the value. */
export function exactDecimal(format: NumericFormat, pattern: Pattern): string {
    const exact = format.toDyadic(pattern);
    if (exact !== undefined) return dyadicToDecimal(exact);
    if (format.family !== 'ieee') return 'NaR';
    const value = format.decode(pattern);
    return Number.isNaN(value) ? 'NaN' : value > 0 ? 'Infinity' : '-Infinity';
}

/** A pattern's raw bits as `0x…`, zero-padded to the format's width. */
export function patternHex(format: NumericFormat, pattern: Pattern): string {
    return '0x' + format.bitsOf(pattern).toString(16).padStart(format.bits / 4, '0');
}
