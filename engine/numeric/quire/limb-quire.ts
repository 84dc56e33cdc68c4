// A quire as 32-bit limbs held in float64s with delayed carries: limb i weighs 2^(lsb + 32·i)
// and holds a signed integer. Adding an exact float64 term touches three limbs with three float
// additions (each chunk < 2^32, so 2^20 additions fit before carries must move); carries are
// propagated only when the quire is read. Used by every format of ≤ 32 bits, whose products are
// exact float64s or exact float64 pairs (TwoProduct) and multiples of 2^lsb.
//
// Terms of at most S ≤ 26 significant bits first go into exponent bins: bin k sums, in plain
// float64, the terms whose biased exponent lies in [8k, 8k + 8). Such a term is a multiple of
// 2^(8k − 1022 − S) and below 2^(8k − 1015), so a sum of C of them stays an exact float64 while
// C ≤ 2^(46 − S): one float addition per term, proven exact, and the bins move into the limbs
// only every 2^(46 − S) terms or when the quire is read. Products of posit8/16, b-posit16, float16
// and bfloat16 have S ≤ 26 and go in whole; wider exact products (b-posit32, float32) are first
// split exactly into two 26-bit halves (Veltkamp), and posit32's inexact float64 products add their
// TwoProduct error as a third, short term.
import type { Dyadic, NumericFormat, Pattern, Quire } from '../format.js';
import { pow2, scratchFloat, scratchWords } from '../bits/float-bits.js';
import { twoProductError } from '../bits/error-free.js';
import { dyadicToDecimal, normalizeDyadic, scaledNumerator } from '../dyadic.js';

const TWO_32 = 2 ** 32;
const TWO_MINUS_32 = 2 ** -32;
const TWO_64 = 2 ** 64;
const TWO_MINUS_64 = 2 ** -64;
/** Additions between carry propagations: each adds < 2^32 to a limb, limbs stay below 2^53. */
const ADDITIONS_BEFORE_CARRY = 1 << 20;
/** Largest product significand (bits) that goes into the exponent bins whole. */
const MAX_BINNED_BITS = 26;
/** Veltkamp's constant splitting a float64 into two halves of at most 26 significant bits. */
const SPLITTER = 134217729;

/** How products reach the quire. */
const enum ProductPath {
    /** Exact float64 products of ≤ 26 bits: one bin addition. */
    Whole,
    /** Exact float64 products of 27–53 bits: split into two ≤ 26-bit halves, two bin additions. */
    Split,
    /** Inexact float64 products (≤ 60 bits): the split product and its TwoProduct error. */
    SplitWithError,
    /** Wider: straight into the limbs. */
    Limbs
}

/** What the limb quire needs of its format. */
export interface LimbQuireFormat extends NumericFormat {
    /** The pattern nearest to hi + tail (hi truncated to ≥ 33 bits; only tail's sign is used). */
    encodeWithTail(hi: number, tail: number): number;
    decode(pattern: Pattern): number;
}

/** An exact accumulator for a ≤ 32-bit format. */
export class LimbQuire implements Quire {
    private readonly limbs: Float64Array;
    private readonly scratch: Float64Array;
    private pending = 0;
    private poisoned = false;
    /** Exponent bins (empty when the format's products are too wide for them). */
    private readonly bins: Float64Array;
    private readonly binLow: number;
    private readonly binHigh: number;
    private readonly binCapacity: number;
    private readonly productPath: ProductPath;
    private binned = 0;

    /**
     * @param lsbExponent every term is a multiple of 2^lsbExponent
     * @param rangeBits   bits above the lsb that sums may need (the quire width); two spare limbs are added
     * @param productsExact whether the float64 product of two format values is exact
     */
    constructor(readonly format: LimbQuireFormat, private readonly lsbExponent: number, rangeBits: number, productsExact: boolean, productBits = 53) {
        this.limbs = new Float64Array(Math.ceil(rangeBits / 32) + 3);
        this.scratch = new Float64Array(this.limbs.length);
        this.productPath = productsExact ? (productBits <= MAX_BINNED_BITS ? ProductPath.Whole : ProductPath.Split)
            : productBits <= 60 ? ProductPath.SplitWithError : ProductPath.Limbs;
        this.bins = new Float64Array(this.productPath === ProductPath.Limbs ? 0 : 256);
        // Bins that finite terms can reach: biased exponents from the lsb to the top of the range.
        this.binLow = Math.max(0, (lsbExponent + 1023) >> 3);
        this.binHigh = Math.min(254, (lsbExponent + rangeBits + 1023) >> 3);
        // Every binned term has at most 26 significant bits (whole products of ≤ 26, halves, errors);
        // the count is of products, each at most three terms, hence the factor 4 of headroom.
        this.binCapacity = 2 ** (46 - Math.min(MAX_BINNED_BITS, productBits)) / 4;
    }

    get isNaR(): boolean {
        return this.poisoned;
    }

    clear(): void {
        this.limbs.fill(0);
        this.bins.fill(0);
        this.binned = 0;
        this.pending = 0;
        this.poisoned = false;
    }

    /** Moves the exponent bins into the limbs (exactly: each bin holds an exact float64). */
    private flushBins(): void {
        const bins = this.bins;
        if (bins.length === 0) return;
        if (bins[255] !== 0) this.poisoned = true; // NaN or ±∞ landed in the top bin
        bins[255] = 0;
        bins[0] = 0; // zeros only: no finite term of these formats is subnormal
        for (let k = this.binLow; k <= this.binHigh; k++) {
            const sum = bins[k];
            if (sum !== 0) {
                bins[k] = 0;
                this.addFloat(sum);
            }
        }
        this.binned = 0;
    }

    /** Adds an exact float64 (a multiple of 2^lsb); non-finite poisons the quire. */
    addFloat(x: number): void {
        if (x === 0) return;
        if (x - x !== 0) {
            this.poisoned = true;
            return;
        }
        scratchFloat[0] = x;
        const top = ((scratchWords[1] >>> 20) & 0x7ff) - 1023 - this.lsbExponent;
        // Base limb: the lowest limb at or below the term's last significant bit; the term spans three.
        const base = top < 52 ? 0 : (top - 52) >> 5;
        const y = x * pow2(-(this.lsbExponent + 32 * base));
        const high = Math.trunc(y * TWO_MINUS_64);
        const rest = y - high * TWO_64;
        const middle = Math.trunc(rest * TWO_MINUS_32);
        const limbs = this.limbs;
        limbs[base] += rest - middle * TWO_32;
        limbs[base + 1] += middle;
        limbs[base + 2] += high;
        if (++this.pending >= ADDITIONS_BEFORE_CARRY) this.carry();
    }

    addValue(value: number): void {
        this.addFloat(value);
    }

    addValueProduct(a: number, b: number): void {
        const p = a * b;
        const path = this.productPath;
        if (path === ProductPath.Limbs) {
            this.addFloat(p);
            if (p - p === 0) this.addFloat(twoProductError(a, b, p));
            return;
        }
        const bins = this.bins;
        if (path === ProductPath.Whole) {
            scratchFloat[0] = p;
            bins[(scratchWords[1] >>> 23) & 0xff] += p;
        } else {
            const c = SPLITTER * p;
            const high = c - (c - p);
            const low = p - high;
            scratchFloat[0] = high;
            bins[(scratchWords[1] >>> 23) & 0xff] += high;
            scratchFloat[0] = low;
            bins[(scratchWords[1] >>> 23) & 0xff] += low;
            if (path === ProductPath.SplitWithError && p - p === 0) {
                const error = twoProductError(a, b, p);
                scratchFloat[0] = error;
                bins[(scratchWords[1] >>> 23) & 0xff] += error;
            }
        }
        if (++this.binned >= this.binCapacity) this.flushBins();
    }

    /** Adds Σ a[aOff + i·aStride]·b[bOff + i·bStride] for i < n, exactly (the fused dot product's loop). */
    addDot(a: Float64Array, aOff: number, aStride: number, b: Float64Array, bOff: number, bStride: number, n: number): void {
        if (this.productPath !== ProductPath.Whole) {
            for (let i = 0; i < n; i++) this.addValueProduct(a[aOff + i * aStride], b[bOff + i * bStride]);
            return;
        }
        const bins = this.bins;
        let i = 0;
        while (i < n) {
            const end = Math.min(n, i + this.binCapacity - this.binned);
            this.binned += end - i;
            let ai = aOff + i * aStride;
            let bi = bOff + i * bStride;
            for (; i < end; i++, ai += aStride, bi += bStride) {
                const p = a[ai] * b[bi];
                scratchFloat[0] = p;
                bins[(scratchWords[1] >>> 23) & 0xff] += p;
            }
            if (this.binned >= this.binCapacity) this.flushBins();
        }
    }

    /** Subtracts a·b exactly. */
    subValueProduct(a: number, b: number): void {
        this.addValueProduct(-a, b);
    }

    addPattern(pattern: Pattern): void {
        this.addFloat(this.format.decode(pattern));
    }

    subPattern(pattern: Pattern): void {
        this.addFloat(-this.format.decode(pattern));
    }

    addProduct(a: Pattern, b: Pattern): void {
        this.addValueProduct(this.format.decode(a), this.format.decode(b));
    }

    subProduct(a: Pattern, b: Pattern): void {
        this.addValueProduct(-this.format.decode(a), this.format.decode(b));
    }

    addQuire(other: Quire): void {
        if (other instanceof LimbQuire && other.lsbExponent === this.lsbExponent && other.limbs.length === this.limbs.length) {
            this.flushBins();
            other.flushBins();
            this.poisoned ||= other.poisoned;
            this.carry();
            other.carry();
            for (let i = 0; i < this.limbs.length; i++) this.limbs[i] += other.limbs[i];
            this.pending = 1;
            return;
        }
        const value = other.toDyadic();
        if (value === undefined) {
            this.poisoned = true;
            return;
        }
        this.addBigInteger(scaledNumerator(value, this.lsbExponent));
    }

    /** Moves carries up so every limb but the last is in [0, 2^32); the last keeps the sign. */
    private carry(): void {
        const limbs = this.limbs;
        let carry = 0;
        for (let i = 0; i < limbs.length - 1; i++) {
            const v = limbs[i] + carry;
            carry = Math.floor(v * TWO_MINUS_32);
            limbs[i] = v - carry * TWO_32;
        }
        limbs[limbs.length - 1] += carry;
        this.pending = 0;
    }

    private addBigInteger(value: bigint): void {
        this.flushBins();
        this.carry();
        const negative = value < 0n;
        let rest = negative ? -value : value;
        for (let i = 0; i < this.limbs.length && rest !== 0n; i++) {
            const chunk = Number(rest & 0xffffffffn);
            this.limbs[i] += negative ? -chunk : chunk;
            rest >>= 32n;
        }
        this.pending = 1;
    }

    /** The exact sum as a bigint multiple of 2^lsb. */
    private toBigInteger(): bigint {
        this.flushBins();
        this.carry();
        let value = 0n;
        for (let i = this.limbs.length - 1; i >= 0; i--) value = (value << 32n) + BigInt(this.limbs[i]);
        return value;
    }

    toDyadic(): Dyadic | undefined {
        this.flushBins();
        if (this.poisoned) return undefined;
        const value = this.toBigInteger();
        return normalizeDyadic({ negative: value < 0n, magnitude: value < 0n ? -value : value, exponent: this.lsbExponent });
    }

    round(): Pattern {
        return this.roundToPattern();
    }

    /** Rounds the exact sum once (no allocation): the top 33 bits as a float64 and the rest as a sticky tail. */
    roundToPattern(): number {
        this.flushBins();
        if (this.poisoned) return this.format.nar as number;
        const limbs = this.limbs;
        const c = this.scratch;
        const last = limbs.length - 1;
        let carry = 0;
        for (let i = 0; i <= last; i++) {
            const v = limbs[i] + carry;
            carry = Math.floor(v * TWO_MINUS_32);
            c[i] = v - carry * TWO_32;
        }
        // The carry out of the top limb is the sign of the (two's complement) sum: 0 or −1.
        const negative = carry < 0;
        if (negative) {
            let borrow = 1;
            for (let i = 0; i <= last; i++) {
                const v = TWO_32 - 1 - c[i] + borrow;
                borrow = v >= TWO_32 ? 1 : 0;
                c[i] = v - borrow * TWO_32;
            }
        }
        let t = last;
        while (t >= 0 && c[t] === 0) t--;
        if (t < 0) return this.format.encodeWithTail(0, 0);
        const leading = 31 - Math.clz32(c[t]);
        const below = t > 0 ? c[t - 1] : 0;
        const shift = pow2(-leading);
        const lowPart = Math.floor(below * shift);
        const top33 = c[t] * pow2(32 - leading) + lowPart;
        let sticky = below - lowPart * pow2(leading) !== 0;
        for (let i = t - 2; i >= 0 && !sticky; i--) sticky = c[i] !== 0;
        const hi = top33 * pow2(this.lsbExponent + 32 * t + leading - 32);
        return this.format.encodeWithTail(negative ? -hi : hi, sticky ? (negative ? -1 : 1) : 0);
    }

    toExactString(): string {
        const value = this.toDyadic();
        return value === undefined ? 'NaR' : dyadicToDecimal(value);
    }
}
