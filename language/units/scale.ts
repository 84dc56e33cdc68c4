// Unit scales kept as factor × 10^pow10, so that decimal prefixes stay exact: `5<ms>` becomes
// the double nearest to 0.005 (parsed from "5e-3"), not 5 × 0.001 with a second rounding.

/** A unit's size relative to the coherent unit of its dimension: `factor × 10^pow10`. */
export interface Scale {
    readonly factor: number;
    readonly pow10: number;
}

/** The scale of a coherent unit. */
export const unitScale: Scale = { factor: 1, pow10: 0 };

/** The product of two scales (`kg m`). */
export function multiplyScales(a: Scale, b: Scale): Scale {
    return { factor: a.factor * b.factor, pow10: a.pow10 + b.pow10 };
}

/** `a / b` (`m / s`). */
export function divideScales(a: Scale, b: Scale): Scale {
    return { factor: a.factor / b.factor, pow10: a.pow10 - b.pow10 };
}

/** `a^k` (`km^2`). */
export function powerScale(a: Scale, k: number): Scale {
    return { factor: a.factor ** k, pow10: a.pow10 * k };
}

/** Reads a number's source text (`0.3048`, `1e-3`, `20`) as an exact `factor × 10^pow10`. */
export function scaleOfDecimalText(text: string): Scale {
    const match = /^(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/.exec(text.trim());
    if (!match) return { factor: Number(text), pow10: 0 };
    const [, whole = '0', fraction = '', exponent = '0'] = match;
    const digits = (whole + fraction).replace(/^0+(?=\d)/, '');
    const mantissa = Number(digits);
    if (!Number.isSafeInteger(mantissa)) return { factor: Number(text), pow10: 0 };
    return { factor: mantissa, pow10: Number(exponent) - fraction.length };
}

/** The value of `factor × 10^pow10` as the nearest double (one rounding when factor is an integer). */
export function scaleValue(scale: Scale): number {
    if (scale.pow10 === 0) return scale.factor;
    if (Number.isFinite(scale.factor)) {
        const text = `${scale.factor}e${scale.pow10}`;
        const value = Number(text);
        if (!Number.isNaN(value)) return value;
    }
    return scale.factor * 10 ** scale.pow10;
}

/** Whether a scale is exactly 1 (a coherent unit). */
export function isUnitScale(scale: Scale): boolean {
    return scaleValue(scale) === 1;
}
