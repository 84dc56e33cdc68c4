// Round-to-nearest-even of a float64 (plus the sign of its tail) to a narrower IEEE binary format,
// in value space: the result is a float64 holding the rounded value, ±Infinity on overflow.
import { pow2, scratchFloat, scratchWords } from '../bits/float-bits.js';

/** The layout of an IEEE binary format: significand bits (with the hidden bit) and maximum exponent. */
export interface BinaryLayout {
    readonly precision: number;
    readonly maxExponent: number;
}

/**
 * hi + tail rounded to nearest, ties to even, with gradual underflow and overflow to ±Infinity.
 * hi is RN64 of the exact value (or its truncation to ≥ precision + 2 bits); only tail's sign is used.
 */
export function roundToBinary(hi: number, tail: number, precision: number, maxExponent: number): number {
    if (hi !== hi || hi === 0 || hi === Infinity || hi === -Infinity) return hi;
    const negative = hi < 0;
    const magnitude = negative ? -hi : hi;
    scratchFloat[0] = magnitude;
    const exponent = (scratchWords[1] >>> 20) - 1023;
    const minExponent = 1 - maxExponent;
    const ulpExponent = (exponent < minExponent ? minExponent : exponent) - precision + 1;
    const scaled = magnitude * pow2(-ulpExponent);
    const whole = Math.floor(scaled);
    const fraction = scaled - whole;
    const up = fraction > 0.5 || (fraction === 0.5 && (tail !== 0 ? (tail > 0) !== negative : whole % 2 === 1));
    const rounded = (up ? whole + 1 : whole) * pow2(ulpExponent);
    if (rounded >= pow2(maxExponent + 1)) return negative ? -Infinity : Infinity;
    return negative ? -rounded : rounded;
}
