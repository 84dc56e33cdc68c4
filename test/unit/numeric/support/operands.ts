// Operand patterns for the random tests: half drawn uniformly over all patterns, half from the
// places where rounding code breaks — regime edges, minpos/maxpos, 0 and NaR, IEEE subnormal and
// overflow edges — and operand pairs whose exact result is exactly a rounding tie. Everything is
// derived from the oracle's reading of the format, never from the engine under test.
import { oracleDecode, oracleNaR, type OracleSpec } from '../oracle/oracle-formats.js';
import { oracleRound, rationalTarget } from '../oracle/oracle-rounding.js';
import { add, compare, div, dyadic, mul, neg, sub, type Rational } from '../oracle/rational.js';
import type { SeededRandom } from './random.js';

/** Patterns where the format's structure changes: edges of every regime run, extremes, 0, NaR. */
export function edgePatterns(spec: OracleSpec): bigint[] {
    const n = spec.bits;
    const modulus = 1n << BigInt(n);
    const positive = new Set<bigint>();
    const addAround = (p: bigint): void => {
        for (const d of [-2n, -1n, 0n, 1n, 2n]) {
            const q = p + d;
            if (q > 0n && q < modulus / 2n) positive.add(q);
        }
    };
    if (spec.kind === 'ieee') {
        const fractionBits = BigInt(spec.precision - 1);
        const infinity = ((1n << BigInt(n - spec.precision)) - 1n) << fractionBits;
        for (const p of [1n, 1n << fractionBits, (1n << fractionBits) - 1n, infinity - 1n, infinity, infinity + 1n]) addAround(p);
        // Exponent boundaries and 1.0.
        for (let e = 1n; e < infinity >> fractionBits; e *= 2n) addAround(e << fractionBits);
    } else {
        // Runs of k ones or zeros after the sign: 2^(n−1) − 2^(n−1−k) and 2^(n−1−k), and neighbours.
        for (let k = 1; k < n; k++) {
            addAround((modulus >> 1n) - (1n << BigInt(n - 1 - k)));
            addAround(1n << BigInt(n - 1 - k));
        }
        addAround(1n);
        addAround(modulus / 2n - 1n);
    }
    const result = [0n, oracleNaR(spec)];
    for (const p of positive) result.push(p, spec.kind === 'ieee' ? p | (1n << BigInt(n - 1)) : modulus - p);
    return result;
}

function valueOf(spec: OracleSpec, pattern: bigint): Rational | undefined {
    const decoded = oracleDecode(spec, pattern);
    return decoded.kind === 'real' ? decoded.value : undefined;
}

/** The pattern holding exactly `value`, or undefined when the format cannot represent it. */
export function exactPattern(spec: OracleSpec, value: Rational): bigint | undefined {
    const pattern = oracleRound(spec, rationalTarget(value));
    const back = valueOf(spec, pattern);
    return back !== undefined && compare(back, value) === 0 ? pattern : undefined;
}

/** The rounding boundary just above a positive pattern's value (the §4.1 v for posits, the midpoint otherwise). */
export function boundaryAbove(spec: OracleSpec, pattern: bigint): Rational | undefined {
    const u = valueOf(spec, pattern);
    const w = valueOf(spec, pattern + 1n);
    if (u === undefined || w === undefined) return undefined;
    if (spec.kind === 'posit') return valueOf({ kind: 'posit', bits: spec.bits + 1, es: spec.es }, (pattern << 1n) | 1n);
    return mul(add(u, w), { num: 1n, den: 2n });
}

/** Which operation a tie is built for. */
export type TieOperation = 'add' | 'sub' | 'mul' | 'div';

/** ⌊log2 |x|⌋ of a non-zero rational. */
function scaleOf(x: Rational): number {
    const n = x.num < 0n ? -x.num : x.num;
    let scale = n.toString(2).length - x.den.toString(2).length;
    const power = dyadic(1n, scale);
    if (compare({ num: n, den: x.den }, power) < 0) scale--;
    return scale;
}

/** Whether |x| lies exactly on a rounding boundary of the format. */
function isTie(spec: OracleSpec, x: Rational): boolean {
    const magnitude = x.num < 0n ? neg(x) : x;
    const r = oracleRound(spec, rationalTarget(magnitude));
    const rValue = valueOf(spec, r);
    if (rValue === undefined || compare(rValue, magnitude) === 0) return false;
    const below = compare(rValue, magnitude) > 0 ? r - 1n : r;
    const boundary = boundaryAbove(spec, below);
    return boundary !== undefined && compare(boundary, magnitude) === 0;
}

/** A random positive pattern with its last `cleared` bits zeroed (fewer significant bits). */
function shortPattern(spec: OracleSpec, random: SeededRandom): bigint {
    const n = spec.bits;
    const positiveMask = (1n << BigInt(n - 1)) - 1n;
    const cleared = BigInt(random.below(n - 2));
    const p = ((random.bits(n) & positiveMask) >> cleared) << cleared;
    return p === 0n ? 1n : p;
}

/**
 * An operand pair whose exact result is exactly a rounding boundary (a tie), or undefined if the
 * random choice did not give a representable pair. Sums: the boundary above a random value minus
 * that value. Products and quotients: the boundary scaled into the most precise binade and a power
 * of two (or 3·2^k), or two short-significand operands whose product happens to be a tie.
 */
export function tiePair(spec: OracleSpec, op: TieOperation, random: SeededRandom): [bigint, bigint] | undefined {
    const n = spec.bits;
    const positiveCount = spec.kind === 'ieee' ? (((1n << BigInt(n - spec.precision)) - 1n) << BigInt(spec.precision - 1)) - 1n : (1n << BigInt(n - 1)) - 2n;
    const negativeOf = (p: bigint): bigint => (spec.kind === 'ieee' ? p ^ (1n << BigInt(n - 1)) : ((1n << BigInt(n)) - p) % (1n << BigInt(n)));
    const signed = (p: bigint, negative: boolean): bigint => (negative ? negativeOf(p) : p);
    if (op === 'mul' && random.below(2) === 0) {
        const a = shortPattern(spec, random);
        const b = shortPattern(spec, random);
        const av = valueOf(spec, a);
        const bv = valueOf(spec, b);
        if (av === undefined || bv === undefined || !isTie(spec, mul(av, bv))) return undefined;
        return [signed(a, random.below(2) === 1), signed(b, random.below(2) === 1)];
    }
    const r = 1n + random.bits(n) % positiveCount;
    const boundary = boundaryAbove(spec, r);
    const u = valueOf(spec, r);
    if (boundary === undefined || u === undefined) return undefined;
    const negate = random.below(2) === 1;
    const target = negate ? neg(boundary) : boundary;
    const uSigned = negate ? neg(u) : u;
    const rSigned = signed(r, negate);
    switch (op) {
        case 'add': {
            const b = exactPattern(spec, sub(target, uSigned));
            return b === undefined ? undefined : random.below(2) ? [rSigned, b] : [b, rSigned];
        }
        case 'sub': {
            const b = exactPattern(spec, sub(uSigned, target));
            return b === undefined ? undefined : [rSigned, b];
        }
        case 'mul': {
            const scale = dyadic(1n, scaleOf(boundary) + random.below(5) - 2);
            const a = exactPattern(spec, div(target, scale));
            const b = exactPattern(spec, scale);
            return a === undefined || b === undefined ? undefined : [a, b];
        }
        case 'div': {
            const scale = dyadic(random.below(2) ? 3n : 1n, -scaleOf(boundary) + random.below(5) - 2);
            const a = exactPattern(spec, mul(target, scale));
            const b = exactPattern(spec, scale);
            return a === undefined || b === undefined ? undefined : [a, b];
        }
    }
}

/**
 * `count` operand pairs: half uniform, a quarter from edge patterns (paired with edges or uniform
 * patterns), a quarter exact ties for `op` (falling back to edges when a tie cannot be built).
 */
export function operandPairs(spec: OracleSpec, op: TieOperation, count: number, random: SeededRandom): [bigint, bigint][] {
    const edges = edgePatterns(spec);
    const pairs: [bigint, bigint][] = [];
    const uniform = (): bigint => random.bits(spec.bits);
    while (pairs.length < count) {
        const kind = random.below(4);
        if (kind <= 1) {
            pairs.push([uniform(), uniform()]);
        } else if (kind === 2) {
            const edge = random.pick(edges);
            const other = random.below(2) ? random.pick(edges) : uniform();
            pairs.push(random.below(2) ? [edge, other] : [other, edge]);
        } else {
            let tie: [bigint, bigint] | undefined;
            for (let attempt = 0; attempt < 6 && tie === undefined; attempt++) tie = tiePair(spec, op, random);
            pairs.push(tie ?? [random.pick(edges), random.pick(edges)]);
        }
    }
    return pairs;
}

/** `count` single operands: half uniform, half edges. */
export function operandSingles(spec: OracleSpec, count: number, random: SeededRandom): bigint[] {
    const edges = edgePatterns(spec);
    const singles: bigint[] = [];
    for (let i = 0; i < count; i++) singles.push(random.below(2) ? random.bits(spec.bits) : random.pick(edges));
    return singles;
}
