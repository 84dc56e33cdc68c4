// Numbers and ranges as diagnostics and hovers print them: short, exact where they are simple.
import type { Interval } from '../ranges/interval.js';

/** `16`, `0.05`, `1.3e20`, `−∞`. */
export function formatNumber(value: number): string {
    if (value === Infinity) return '∞';
    if (value === -Infinity) return '−∞';
    if (value === 0) return '0';
    const magnitude = Math.abs(value);
    if (magnitude >= 1e-3 && magnitude < 1e6) return String(Number(value.toPrecision(4)));
    return value.toExponential(2).replace(/\.?0+e/, 'e').replace('e+', 'e');
}

/** `[0, 16]`, `(−∞, 2.773]`: an unbounded side is open. */
export function formatInterval(range: Interval): string {
    const open = Number.isFinite(range.lo) ? '[' : '(';
    const close = Number.isFinite(range.hi) ? ']' : ')';
    return `${open}${formatNumber(range.lo)}, ${formatNumber(range.hi)}${close}`;
}

/** A power of two and its value: `2^56 ≈ 7.2e16`. */
export function formatPowerOfTwo(value: number): string {
    const exponent = Math.log2(value);
    return Number.isInteger(exponent) ? `2^${exponent} ≈ ${formatNumber(value)}` : formatNumber(value);
}

/** A relative error as a power of two and a decimal: `2^-12.0 (2.4e-4)`. */
export function formatError(value: number): string {
    if (value === 0) return '0 (exact)';
    return `2^${Math.log2(value).toFixed(1)} (${value.toExponential(1)})`;
}
