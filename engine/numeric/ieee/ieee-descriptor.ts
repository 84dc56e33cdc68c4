// The descriptor of an IEEE binary format from its precision and exponent range.
import type { PatternArrayKind } from '../format.js';
import type { FormatDescriptor } from '../float64-exact-format.js';

/**
 * Descriptor of an IEEE binary format. Its quire (a Kulisch accumulator) spans every product of two
 * finite values: from the square of the smallest subnormal to the square of the overflow threshold,
 * plus 31 carry bits and a sign, as the posit quire does.
 */
export function ieeeDescriptor(name: string, shortName: string, bits: 16 | 32 | 64, precision: number, maxExponent: number, arrayKind: PatternArrayKind): FormatDescriptor {
    const minExponent = 1 - maxExponent;
    const minSubnormalExponent = minExponent - precision + 1;
    return {
        name,
        shortName,
        family: 'ieee',
        bits,
        minPos: 2 ** minSubnormalExponent,
        maxPos: (2 - 2 ** (1 - precision)) * 2 ** maxExponent,
        quireBits: 2 * (maxExponent + 1 - minSubnormalExponent) + 32,
        quireLsbExponent: 2 * minSubnormalExponent,
        arrayKind,
        productsExact: 2 * precision <= 53,
        productBits: 2 * precision
    };
}
