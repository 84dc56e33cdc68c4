// Exact rationals on bigint for the test oracle: numerator / denominator with denominator > 0.
// Deliberately naive (no shared code with engine/numeric): clarity over speed.

/** An exact rational number. */
export interface Rational {
    readonly num: bigint;
    readonly den: bigint;
}

export const ZERO: Rational = { num: 0n, den: 1n };
export const ONE: Rational = { num: 1n, den: 1n };

function gcd(a: bigint, b: bigint): bigint {
    let x = a < 0n ? -a : a;
    let y = b < 0n ? -b : b;
    while (y !== 0n) [x, y] = [y, x % y];
    return x;
}

/** Reduces to lowest terms. */
export function reduce(r: Rational): Rational {
    if (r.num === 0n) return ZERO;
    const g = gcd(r.num, r.den);
    return g === 1n ? r : { num: r.num / g, den: r.den / g };
}

export function rational(num: bigint, den = 1n): Rational {
    return den < 0n ? reduce({ num: -num, den: -den }) : reduce({ num, den });
}

/** m · 2^e, in lowest terms (cancelling powers of two only: the denominator is a power of two). */
export function dyadic(m: bigint, e: number): Rational {
    if (m === 0n) return ZERO;
    if (e >= 0) return { num: m << BigInt(e), den: 1n };
    // Cancel common powers of two: the trailing zero bits of m, at most −e of them.
    const magnitude = m < 0n ? -m : m;
    const trailing = Math.min(-e, (magnitude & -magnitude).toString(16).length * 4 - 4 + (32 - Math.clz32(parseInt((magnitude & -magnitude).toString(16)[0], 16))) - 1);
    return { num: m >> BigInt(trailing), den: 1n << BigInt(-e - trailing) };
}

export function add(a: Rational, b: Rational): Rational {
    if (a.den === b.den) return reduce({ num: a.num + b.num, den: a.den });
    return reduce({ num: a.num * b.den + b.num * a.den, den: a.den * b.den });
}

export function neg(a: Rational): Rational {
    return { num: -a.num, den: a.den };
}

export function sub(a: Rational, b: Rational): Rational {
    return add(a, neg(b));
}

export function mul(a: Rational, b: Rational): Rational {
    return reduce({ num: a.num * b.num, den: a.den * b.den });
}

/** a / b (b ≠ 0). */
export function div(a: Rational, b: Rational): Rational {
    return rational(a.num * b.den, a.den * b.num);
}

/** Sign of a − b. */
export function compare(a: Rational, b: Rational): number {
    const difference = a.num * b.den - b.num * a.den;
    return difference > 0n ? 1 : difference < 0n ? -1 : 0;
}

export function sign(a: Rational): number {
    return a.num > 0n ? 1 : a.num < 0n ? -1 : 0;
}

export function abs(a: Rational): Rational {
    return a.num < 0n ? neg(a) : a;
}

/** A float64 near a (for search hints only; never used to decide a result). */
export function approximate(a: Rational): number {
    if (a.num === 0n) return 0;
    const negative = a.num < 0n;
    const n = negative ? -a.num : a.num;
    const shift = n.toString(2).length - a.den.toString(2).length - 64;
    const scaled = shift >= 0 ? n / (a.den << BigInt(shift)) : (n << BigInt(-shift)) / a.den;
    const value = Number(scaled) * 2 ** shift;
    return negative ? -value : value;
}

/** The exact rational value of a finite float64. */
export function fromNumber(x: number): Rational {
    if (!Number.isFinite(x)) throw new RangeError('not finite');
    if (x === 0) return ZERO;
    // Scale by powers of two until integral: exact for every float64.
    let e = 0;
    let m = x;
    while (!Number.isInteger(m)) {
        m *= 2;
        e--;
    }
    return dyadic(BigInt(m), e);
}

/** Exact decimal text → rational (`-1.25e-3`, `144179.2`). */
export function fromDecimal(text: string): Rational {
    const match = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text.trim());
    if (!match) throw new SyntaxError(`not a decimal: ${text}`);
    const digits = (match[2] ?? '') + (match[3] ?? '');
    const exponent = Number(match[4] ?? '0') - (match[3] ?? '').length;
    let r = rational(BigInt(digits || '0'));
    r = exponent >= 0 ? mul(r, rational(10n ** BigInt(exponent))) : div(r, rational(10n ** BigInt(-exponent)));
    return match[1] === '-' ? neg(r) : r;
}
