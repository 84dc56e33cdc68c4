// Exact binary rationals on bigint: the slow, exact path every format shares (conversions between
// formats, 64-bit formats, decimal input and output, quire read-out). Never used in kernels.
import type { Dyadic } from './format.js';
import { pow2, scratchFloat, scratchWords } from './bits/float-bits.js';

/** The dyadic zero. */
export const dyadicZero: Dyadic = { negative: false, magnitude: 0n, exponent: 0 };

/** Number of bits of a non-negative bigint (0 for 0n). */
export function bitLength(value: bigint): number {
    if (value === 0n) return 0;
    let shift = 0;
    let rest = value;
    while (rest >= 1n << 1000n) {
        rest >>= 960n;
        shift += 960;
    }
    // Number() may round up to the next power of two; correct by one bit either way.
    let bits = Math.floor(Math.log2(Number(rest))) + 1;
    if (bits > 1 && (1n << BigInt(bits - 1)) > rest) bits--;
    if ((1n << BigInt(bits)) <= rest) bits++;
    return bits + shift;
}

/** The exact dyadic of a finite float64 (±0 give a zero magnitude; the sign of -0 is kept). */
export function dyadicFromNumber(x: number): Dyadic {
    scratchFloat[0] = x;
    const high = scratchWords[1];
    const low = scratchWords[0];
    const negative = high >>> 31 === 1;
    const biased = (high >>> 20) & 0x7ff;
    const fraction = (BigInt(high & 0xfffff) << 32n) | BigInt(low);
    if (biased === 0) return normalizeDyadic({ negative, magnitude: fraction, exponent: -1074 });
    return normalizeDyadic({ negative, magnitude: fraction | (1n << 52n), exponent: biased - 1075 });
}

/** The same value with an odd magnitude (or a zero magnitude and exponent 0). */
export function normalizeDyadic(value: Dyadic): Dyadic {
    if (value.magnitude === 0n) return { negative: value.negative, magnitude: 0n, exponent: 0 };
    let magnitude = value.magnitude;
    let exponent = value.exponent;
    while ((magnitude & 0xffffffffn) === 0n) {
        magnitude >>= 32n;
        exponent += 32;
    }
    while ((magnitude & 1n) === 0n) {
        magnitude >>= 1n;
        exponent += 1;
    }
    return { negative: value.negative, magnitude, exponent };
}

/** The exact dyadic of an integer. */
export function dyadicFromInteger(value: bigint): Dyadic {
    return normalizeDyadic({ negative: value < 0n, magnitude: value < 0n ? -value : value, exponent: 0 });
}

/** The signed bigint numerator of `value` scaled to exponent `exponent` (which must not exceed value's). */
export function scaledNumerator(value: Dyadic, exponent: number): bigint {
    const scaled = value.magnitude << BigInt(value.exponent - exponent);
    return value.negative ? -scaled : scaled;
}

/** a + b, exactly. */
export function addDyadic(a: Dyadic, b: Dyadic): Dyadic {
    if (a.magnitude === 0n) return b.magnitude === 0n ? { ...dyadicZero, negative: a.negative && b.negative } : b;
    if (b.magnitude === 0n) return a;
    const exponent = Math.min(a.exponent, b.exponent);
    const sum = scaledNumerator(a, exponent) + scaledNumerator(b, exponent);
    return normalizeDyadic({ negative: sum < 0n, magnitude: sum < 0n ? -sum : sum, exponent });
}

/** a · b, exactly. */
export function mulDyadic(a: Dyadic, b: Dyadic): Dyadic {
    return normalizeDyadic({ negative: a.negative !== b.negative, magnitude: a.magnitude * b.magnitude, exponent: a.exponent + b.exponent });
}

/** −a. */
export function negDyadic(a: Dyadic): Dyadic {
    return { negative: !a.negative, magnitude: a.magnitude, exponent: a.exponent };
}

/** Sign of a − b: −1, 0 or 1. */
export function compareDyadic(a: Dyadic, b: Dyadic): number {
    const exponent = Math.min(a.exponent, b.exponent);
    const difference = scaledNumerator(a, exponent) - scaledNumerator(b, exponent);
    return difference < 0n ? -1 : difference > 0n ? 1 : 0;
}

/**
 * A dyadic approximation of a / b (b ≠ 0) with at least `bits` significant bits, truncated toward
 * zero; `inexact` says whether the true quotient lies beyond it (the remainder was non-zero).
 */
export function divideDyadic(a: Dyadic, b: Dyadic, bits: number): { value: Dyadic; inexact: boolean } {
    const shift = Math.max(0, bits + bitLength(b.magnitude) - bitLength(a.magnitude) + 1);
    const numerator = a.magnitude << BigInt(shift);
    const quotient = numerator / b.magnitude;
    const inexact = quotient * b.magnitude !== numerator;
    return { value: { negative: a.negative !== b.negative, magnitude: quotient, exponent: a.exponent - b.exponent - shift }, inexact };
}

/** Integer square root ⌊√n⌋ of a non-negative bigint (Newton's method). */
export function integerSqrt(n: bigint): bigint {
    if (n < 2n) return n;
    let x = 1n << BigInt(Math.ceil(bitLength(n) / 2));
    for (;;) {
        const y = (x + n / x) >> 1n;
        if (y >= x) return x;
        x = y;
    }
}

/**
 * √a (a ≥ 0) with at least `bits` significant bits, truncated; `inexact` when the root is not exact.
 */
export function sqrtDyadic(a: Dyadic, bits: number): { value: Dyadic; inexact: boolean } {
    let shift = Math.max(0, 2 * bits - bitLength(a.magnitude) + 2);
    if (((a.exponent - shift) & 1) !== 0) shift++;
    const radicand = a.magnitude << BigInt(shift);
    const root = integerSqrt(radicand);
    return { value: { negative: false, magnitude: root, exponent: (a.exponent - shift) / 2 }, inexact: root * root !== radicand };
}

/**
 * Rounds a dyadic to a float64 (round to nearest, ties to even, with subnormals and overflow to
 * ±Infinity); `inexact` is a sticky bit beyond the magnitude (away from zero).
 */
export function dyadicToNumber(value: Dyadic, inexact = false): number {
    return roundDyadicToBinary(value, inexact, 53, 1023);
}

/**
 * Rounds a dyadic to an IEEE binary format with `precision` significand bits and maximum exponent
 * `maxExponent` (subnormals below 2^(1 − maxExponent), ±Infinity above), returned as a float64.
 */
export function roundDyadicToBinary(value: Dyadic, inexact: boolean, precision: number, maxExponent: number): number {
    const { negative, magnitude, exponent } = value;
    if (magnitude === 0n) return negative ? -0 : 0;
    const length = bitLength(magnitude);
    const scale = exponent + length - 1;
    if (scale > maxExponent) return negative ? -Infinity : Infinity;
    const minExponent = 1 - maxExponent;
    const kept = scale >= minExponent ? precision : precision - (minExponent - scale);
    const dropped = length - kept;
    let significand: bigint;
    if (dropped <= 0) {
        significand = magnitude;
    } else {
        significand = dropped > length ? 0n : magnitude >> BigInt(dropped);
        const remainder = magnitude - (significand << BigInt(dropped));
        const half = 1n << BigInt(dropped - 1);
        if (remainder > half || (remainder === half && (inexact || (significand & 1n) === 1n))) significand += 1n;
    }
    const lsbExponent = exponent + Math.max(0, dropped);
    // Two scalings keep each factor inside the float64 range; both are exact for results in range.
    const half1 = Math.trunc(lsbExponent / 2);
    const result = Number(significand) * pow2(half1) * pow2(lsbExponent - half1);
    if (result >= 2 ** (maxExponent + 1)) return negative ? -Infinity : Infinity;
    return negative ? -result : result;
}

/** The exact decimal expansion of a dyadic (dyadics always have one), e.g. `-0.375`, `262144`. */
export function dyadicToDecimal(value: Dyadic): string {
    const { negative, magnitude, exponent } = normalizeDyadic(value);
    const sign = negative && magnitude !== 0n ? '-' : '';
    if (exponent >= 0) return sign + (magnitude << BigInt(exponent)).toString();
    // m / 2^k = m · 5^k / 10^k.
    const k = -exponent;
    const digits = (magnitude * 5n ** BigInt(k)).toString().padStart(k + 1, '0');
    const integerPart = digits.slice(0, digits.length - k);
    const fractionPart = digits.slice(digits.length - k).replace(/0+$/, '');
    return sign + integerPart + (fractionPart ? '.' + fractionPart : '');
}
