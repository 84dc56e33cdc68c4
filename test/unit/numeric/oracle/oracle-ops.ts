// Exact arithmetic on oracle values, rounded once by oracle-rounding: the reference every engine
// result is compared with. NaR rules: posits — any NaR input, x/0 and √(negative) give NaR;
// IEEE — the usual NaN, ∞ and signed-zero rules of IEEE 754 round-to-nearest-even.
import { oracleDecode, oracleNaR, type OracleSpec, type OracleValue } from './oracle-formats.js';
import { oracleRound, rationalTarget, type ExactTarget } from './oracle-rounding.js';
import { add, compare, div, mul, neg, rational, sign, type Rational } from './rational.js';

/** The four basic operations. */
export type BinaryOp = 'add' | 'sub' | 'mul' | 'div';

/** The result pattern of `op` on two patterns, per the oracle (NaN results use the canonical NaN / NaR). */
export function oracleBinary(spec: OracleSpec, op: BinaryOp, a: bigint, b: bigint): bigint {
    const x = oracleDecode(spec, a);
    const y = oracleDecode(spec, b);
    if (spec.kind !== 'ieee') {
        if (x.kind !== 'real' || y.kind !== 'real') return oracleNaR(spec);
        if (op === 'div' && sign(y.value) === 0) return oracleNaR(spec);
        return oracleRound(spec, rationalTarget(exactBinary(op, x.value, y.value)));
    }
    return ieeeBinary(spec, op, x, y);
}

function exactBinary(op: BinaryOp, x: Rational, y: Rational): Rational {
    switch (op) {
        case 'add': return add(x, y);
        case 'sub': return add(x, neg(y));
        case 'mul': return mul(x, y);
        case 'div': return div(x, y);
    }
}

/** An IEEE value as sign and magnitude class, for the special-value rules. */
function isNegative(v: OracleValue): boolean {
    return v.kind === 'infinity' ? v.negative : v.kind === 'real' ? sign(v.value) < 0 || v.negativeZero : false;
}

function infinityPattern(spec: OracleSpec & { kind: 'ieee' }, negative: boolean): bigint {
    const exponentWidth = spec.bits - spec.precision;
    const infinity = ((1n << BigInt(exponentWidth)) - 1n) << BigInt(spec.precision - 1);
    return negative ? infinity | (1n << BigInt(spec.bits - 1)) : infinity;
}

function zeroPattern(spec: OracleSpec, negative: boolean): bigint {
    return negative ? 1n << BigInt(spec.bits - 1) : 0n;
}

function ieeeBinary(spec: OracleSpec & { kind: 'ieee' }, op: BinaryOp, x: OracleValue, y: OracleValue): bigint {
    const nan = oracleNaR(spec);
    if (x.kind === 'nar' || y.kind === 'nar') return nan;
    if (op === 'sub') {
        const negY: OracleValue = y.kind === 'infinity' ? { kind: 'infinity', negative: !y.negative } : { kind: 'real', value: neg(y.value), negativeZero: sign(y.value) === 0 && !y.negativeZero };
        return ieeeBinary(spec, 'add', x, negY);
    }
    const sx = isNegative(x);
    const sy = isNegative(y);
    const xZero = x.kind === 'real' && sign(x.value) === 0;
    const yZero = y.kind === 'real' && sign(y.value) === 0;
    switch (op) {
        case 'add':
            if (x.kind === 'infinity' && y.kind === 'infinity') return sx === sy ? infinityPattern(spec, sx) : nan;
            if (x.kind === 'infinity') return infinityPattern(spec, sx);
            if (y.kind === 'infinity') return infinityPattern(spec, sy);
            if (x.kind === 'real' && y.kind === 'real') {
                const sum = add(x.value, y.value);
                // An exact zero sum is +0 in round-to-nearest, except (−0) + (−0).
                if (sign(sum) === 0) return zeroPattern(spec, xZero && yZero && sx && sy);
                return oracleRound(spec, rationalTarget(sum));
            }
            return nan;
        case 'mul': {
            const negative = sx !== sy;
            if ((x.kind === 'infinity' && yZero) || (y.kind === 'infinity' && xZero)) return nan;
            if (x.kind === 'infinity' || y.kind === 'infinity') return infinityPattern(spec, negative);
            if (x.kind === 'real' && y.kind === 'real') {
                const product = mul(x.value, y.value);
                return sign(product) === 0 ? zeroPattern(spec, negative) : oracleRound(spec, rationalTarget(product));
            }
            return nan;
        }
        case 'div': {
            const negative = sx !== sy;
            if (x.kind === 'infinity' && y.kind === 'infinity') return nan;
            if (xZero && yZero) return nan;
            if (x.kind === 'infinity') return infinityPattern(spec, negative);
            if (y.kind === 'infinity') return zeroPattern(spec, negative);
            if (yZero) return infinityPattern(spec, negative);
            if (x.kind === 'real' && y.kind === 'real') {
                if (xZero) return zeroPattern(spec, negative);
                return oracleRound(spec, rationalTarget(div(x.value, y.value)));
            }
            return nan;
        }
    }
}

/** √ of a pattern per the oracle: rounding compares √a with q through a with q². */
export function oracleSqrt(spec: OracleSpec, a: bigint): bigint {
    const x = oracleDecode(spec, a);
    if (x.kind === 'nar') return oracleNaR(spec);
    if (x.kind === 'infinity') return x.negative ? oracleNaR(spec) : a;
    const s = sign(x.value);
    if (s === 0) return a; // √(±0) = ±0
    if (s < 0) return oracleNaR(spec);
    const radicand = x.value;
    const target: ExactTarget = {
        compare: (q) => (sign(q) <= 0 ? 1 : compare(radicand, mul(q, q))),
        approx: Math.sqrt(approx(radicand)),
        negative: false,
        isZero: false
    };
    return oracleRound(spec, target);
}

function approx(r: Rational): number {
    return rationalTarget(r).approx;
}

/** a·b + c rounded once, per the oracle. */
export function oracleFma(spec: OracleSpec, a: bigint, b: bigint, c: bigint): bigint {
    const x = oracleDecode(spec, a);
    const y = oracleDecode(spec, b);
    const z = oracleDecode(spec, c);
    if (spec.kind !== 'ieee' || (x.kind === 'real' && y.kind === 'real' && z.kind === 'real')) {
        if (x.kind !== 'real' || y.kind !== 'real' || z.kind !== 'real') return oracleNaR(spec);
        const product = mul(x.value, y.value);
        const sum = add(product, z.value);
        if (spec.kind === 'ieee' && sign(sum) === 0) {
            const productNegative = isNegative(x) !== isNegative(y);
            return zeroPattern(spec, sign(product) === 0 && productNegative && isNegative(z) && sign(z.value) === 0);
        }
        return oracleRound(spec, rationalTarget(sum));
    }
    // IEEE with a non-finite operand: a·b exactly (as an IEEE special value), then the addition rules.
    const nan = oracleNaR(spec);
    if (x.kind === 'nar' || y.kind === 'nar' || z.kind === 'nar') return nan;
    const productNegative = isNegative(x) !== isNegative(y);
    const xZero = x.kind === 'real' && sign(x.value) === 0;
    const yZero = y.kind === 'real' && sign(y.value) === 0;
    if ((x.kind === 'infinity' && yZero) || (y.kind === 'infinity' && xZero)) return nan;
    const product: OracleValue = x.kind === 'infinity' || y.kind === 'infinity'
        ? { kind: 'infinity', negative: productNegative }
        : { kind: 'real', value: mul((x as { value: Rational }).value, (y as { value: Rational }).value), negativeZero: productNegative };
    if (product.kind === 'infinity' && z.kind === 'infinity') return product.negative === z.negative ? infinityPattern(spec, z.negative) : nan;
    if (product.kind === 'infinity') return infinityPattern(spec, product.negative);
    return infinityPattern(spec, (z as { negative: boolean }).negative);
}

/** The exact dot product Σ a[i]·b[i] rounded once (NaR if any operand is NaR). */
export function oracleDot(spec: OracleSpec, a: readonly bigint[], b: readonly bigint[]): bigint {
    // Every product is dyadic (a power-of-two denominator): sum the numerators over the largest denominator.
    const products: Rational[] = [];
    let denominator = 1n;
    for (let i = 0; i < a.length; i++) {
        const x = oracleDecode(spec, a[i]);
        const y = oracleDecode(spec, b[i]);
        if (x.kind !== 'real' || y.kind !== 'real') return oracleNaR(spec);
        const product = mul(x.value, y.value);
        products.push(product);
        if (product.den > denominator) denominator = product.den;
    }
    let numerator = 0n;
    for (const product of products) numerator += product.num * (denominator / product.den);
    return oracleRound(spec, rationalTarget(rational(numerator, denominator)));
}

/** The exact value of a pattern (undefined for NaR / NaN / ∞). */
export function oracleValue(spec: OracleSpec, pattern: bigint): Rational | undefined {
    const v = oracleDecode(spec, pattern);
    return v.kind === 'real' ? v.value : undefined;
}
