// Error-free transformations (Knuth's TwoSum, Dekker's TwoProduct): the exact rounding error of
// one float64 operation, itself a float64. Rounding a sum or product once to a narrower format
// needs only the sign of this error, which is what makes float64 a valid scratch precision.

const SPLITTER = 134217729; // 2^27 + 1: Veltkamp's constant for 53-bit significands

/** The exact error of `s = a + b` (s must be the float64 sum of a and b): a + b = s + error. */
export function twoSumError(a: number, b: number, s: number): number {
    const bVirtual = s - a;
    return (a - (s - bVirtual)) + (b - bVirtual);
}

/**
 * The exact error of `p = a * b` (p the float64 product): a·b = p + error. Exact when no operand or
 * partial product overflows (|a|, |b| < 2^995) and the error is not subnormal (|p| ≥ 2^-969).
 */
export function twoProductError(a: number, b: number, p: number): number {
    const ca = SPLITTER * a;
    const aHigh = ca - (ca - a);
    const aLow = a - aHigh;
    const cb = SPLITTER * b;
    const bHigh = cb - (cb - b);
    const bLow = b - bHigh;
    return ((aHigh * bHigh - p) + aHigh * bLow + aLow * bHigh) + aLow * bLow;
}

/**
 * The sign of the exact remainder of a correctly rounded quotient q = RN(a / b): negative when
 * a / b < q, positive when a / b > q, zero when exact. Valid for normal operands of the ≤ 32-bit
 * formats (no overflow in the residual a − q·b, which is itself exactly representable).
 */
export function quotientTailSign(a: number, b: number, q: number): number {
    const p = q * b;
    const residual = (a - p) - twoProductError(q, b, p);
    // a/b − q = residual / b.
    return b > 0 ? Math.sign(residual) : -Math.sign(residual);
}

/** The sign of sqrt(a) − s for s = RN(sqrt(a)), a > 0 a normal float64. */
export function sqrtTailSign(a: number, s: number): number {
    const p = s * s;
    return Math.sign((a - p) - twoProductError(s, s, p));
}
