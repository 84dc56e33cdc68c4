// Table-driven rounding of float64 values to a format of at most 16 bits, for the kernels' hot
// loops. The numeric core's `roundValue`/`encode` are the authority; this table is derived from them
// (every rounding boundary is located with `roundValue` itself) and tested against them exhaustively,
// so it is a cache of their results, not a second implementation of posit rounding. It answers in a
// few nanoseconds where a call into the generic codec costs tens, and it also answers the question
// the certified quire path asks: does a whole interval [lo, hi] round to one value?
//
// Layout: the positive values v_0 < v_1 < … of the format (IEEE: +0 first and +∞ last) with their
// patterns, and b_i = the largest float64 that rounds to v_i (b_last = +∞: saturation or ∞). A value
// x > 0 rounds to v_i for the first i with x ≤ b_i; negative values round symmetrically. A bucket
// index keyed by the float64's exponent and top 10 fraction bits gives the first candidate i, so a
// lookup is a couple of comparisons. Tables cost 8 + 8 + 4 bytes per positive value plus the bucket
// index (posit16: ≈ 0.9 MiB); they are per format and shared, like the numeric core's decode tables,
// and are not model memory.
import type { NumericFormat } from '../numeric/format.js';
import { nextDown, nextUp } from './float64-bits.js';

const view = new Float64Array(1);
const words = new Uint32Array(view.buffer);
const high = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;
const fractionKeyBits = 10;

// Bucket key of a positive float64: biased exponent and top fraction bits.
function keyOf(x: number): number {
    view[0] = x;
    return words[high]! >>> (20 - fractionKeyBits);
}

/** Rounding of float64 values to one ≤ 16-bit format, by table. */
export class RoundingTable {
    private readonly values: Float64Array;
    private readonly bounds: Float64Array;
    private readonly positive: Uint32Array;
    private readonly negative: Uint32Array;
    private readonly buckets: Uint32Array;
    private readonly keyMin: number;
    private readonly keyMax: number;
    private readonly zeroPattern: number;
    private readonly negativeZeroPattern: number;
    private readonly narPattern: number;
    private readonly signedZero: boolean;

    private constructor(readonly format: NumericFormat) {
        const entries: { value: number; pattern: number }[] = [];
        const count = 2 ** format.bits;
        for (let p = 0; p < count; p++) {
            const value = format.decode(p);
            if (value > 0 || (Object.is(value, 0) && format.family === 'ieee')) entries.push({ value, pattern: p });
        }
        entries.sort((a, b) => a.value - b.value);
        const n = entries.length;
        this.values = Float64Array.from(entries, (e) => e.value);
        this.positive = Uint32Array.from(entries, (e) => e.pattern);
        this.negative = Uint32Array.from(entries, (e) => format.neg(e.pattern) as number);
        this.bounds = new Float64Array(n);
        for (let i = 0; i < n - 1; i++) this.bounds[i] = lastRoundingTo(format, this.values[i]!, this.values[i + 1]!);
        this.bounds[n - 1] = Infinity;
        this.zeroPattern = format.zero as number;
        this.negativeZeroPattern = format.family === 'ieee' ? (format.neg(format.zero) as number) : (format.zero as number);
        this.narPattern = format.nar as number;
        this.signedZero = format.family === 'ieee';
        const smallest = Math.max(Number.MIN_VALUE * 2 ** 60, this.values[0] === 0 ? this.values[1]! / 4 : this.values[0]! / 4);
        this.keyMin = keyOf(smallest);
        this.keyMax = keyOf(Math.min(Number.MAX_VALUE, this.values[n - 1] === Infinity ? this.values[n - 2]! * 4 : this.values[n - 1]! * 4));
        this.buckets = new Uint32Array(this.keyMax - this.keyMin + 1);
        let i = 0;
        for (let key = this.keyMin; key <= this.keyMax; key++) {
            // The smallest float64 with this key: exponent and top bits set, the rest zero.
            words[high] = key << (20 - fractionKeyBits);
            words[1 - high] = 0;
            const start = view[0]!;
            while (i < n - 1 && this.bounds[i]! < start) i++;
            this.buckets[key - this.keyMin] = i;
        }
    }

    private static readonly cache = new Map<NumericFormat, RoundingTable>();

    /** The shared table of a format, or undefined for formats wider than 16 bits. */
    static of(format: NumericFormat): RoundingTable | undefined {
        if (format.bits > 16 || format.arrayKind === 'Float32Array' || format.arrayKind === 'Float64Array') return undefined;
        let table = RoundingTable.cache.get(format);
        if (table === undefined) {
            table = new RoundingTable(format);
            RoundingTable.cache.set(format, table);
        }
        return table;
    }

    /** Index of the positive value a positive finite x rounds to. */
    private indexOf(x: number): number {
        const key = keyOf(x);
        let i = key <= this.keyMin ? 0 : key >= this.keyMax ? this.buckets[this.buckets.length - 1]! : this.buckets[key - this.keyMin]!;
        const bounds = this.bounds;
        while (x > bounds[i]!) i++;
        return i;
    }

    /** The pattern of the correctly rounded x (same as `format.encode(x)`). */
    encode(x: number): number {
        if (x > 0 && x <= Number.MAX_VALUE) return this.positive[this.indexOf(x)]!;
        if (x < 0 && x >= -Number.MAX_VALUE) return this.negative[this.indexOf(-x)]!;
        if (x === 0) return Object.is(x, -0) ? this.negativeZeroPattern : this.zeroPattern;
        return x !== x ? this.narPattern : this.format.encode(x) as number;
    }

    /** The correctly rounded value of x (same as `format.roundValue(x)`). */
    round(x: number): number {
        if (x > 0 && x <= Number.MAX_VALUE) return this.values[this.indexOf(x)]!;
        if (x < 0 && x >= -Number.MAX_VALUE) return -this.values[this.indexOf(-x)]!;
        if (x === 0) return this.signedZero ? x : 0;
        return x !== x ? x : this.format.roundValue(x);
    }

    /** The value every value of [x − width, x + width] rounds to, or NaN when they do not all agree. */
    roundInterval(x: number, width: number): number {
        const magnitude = x > 0 ? x : -x;
        const low = magnitude - width;
        const top = magnitude + width;
        if (!(low > 0) || !(top <= Number.MAX_VALUE)) return NaN;
        const i = this.indexOf(top);
        if (i !== 0 && !(low > this.bounds[i - 1]!)) return NaN;
        return x > 0 ? this.values[i]! : -this.values[i]!;
    }

    /** The pattern every value of [x − width, x + width] rounds to, or NaN when they do not all agree. */
    encodeInterval(x: number, width: number): number {
        if (x > 0) {
            const low = x - width;
            if (!(low > 0)) return NaN;
            const top = x + width;
            if (!(top <= Number.MAX_VALUE)) return NaN;
            const i = this.indexOf(top);
            return i === 0 || low > this.bounds[i - 1]! ? this.positive[i]! : NaN;
        }
        if (x < 0) {
            const low = -x - width;
            if (!(low > 0)) return NaN;
            const top = -x + width;
            if (!(top <= Number.MAX_VALUE)) return NaN;
            const i = this.indexOf(top);
            return i === 0 || low > this.bounds[i - 1]! ? this.negative[i]! : NaN;
        }
        return NaN;
    }

}

// The largest float64 that rounds to `low`, given the next value `next`: try the arithmetic and the
// geometric midpoint (where posits cut exponent bits), and bisect in float64 order otherwise.
function lastRoundingTo(format: NumericFormat, low: number, next: number): number {
    for (const c of [(low + next) / 2, Math.sqrt(low * next)]) {
        if (!(c > low && c < next)) continue;
        const here = format.roundValue(c);
        if (here === low && format.roundValue(nextUp(c)) === next) return c;
        if (here === next && format.roundValue(nextDown(c)) === low) return nextDown(c);
    }
    return bisect(format, low, next === Infinity ? Number.MAX_VALUE : next);
}

// Invariant: round(a) = low and round(b) ≠ low (unless b is the largest float64); positive float64
// order is the order of their bit patterns, so bisect on the bits.
function bisect(format: NumericFormat, low: number, upper: number): number {
    if (format.roundValue(upper) === low) return upper;
    let a = low;
    let b = upper;
    while (nextUp(a) < b) {
        const mid = midpointInOrder(a, b);
        if (format.roundValue(mid) === low) a = mid;
        else b = mid;
    }
    return a;
}

const pairValues = new Float64Array(2);
const pairBits = new BigUint64Array(pairValues.buffer);

// A float64 halfway between positive a < b in float64 order.
function midpointInOrder(a: number, b: number): number {
    pairValues[0] = a;
    pairValues[1] = b;
    pairBits[0] = (pairBits[0]! + pairBits[1]!) / 2n;
    return pairValues[0]! === a ? nextUp(a) : pairValues[0]!;
}
