// One quire per element of a tensor: the exact gradient sums that gradient accumulation keeps across
// micro-batches and that data-parallel workers hand to the reduction. Each element is a float64
// *head* plus the format's quire (16n bits for posit<n>: 32-bit limbs, two's complement, multiples
// of 2^quireLsb). Adding a term x does TwoSum(head, x); only a nonzero TwoSum error (the head cannot
// hold the sum exactly) goes into the limbs. The exact value of an element is head + limbs, so
// sums are exact whatever the order, and in the common case (gradients of 16-bit formats fit one
// float64 exactly) the limbs are never touched: merging two arrays and rounding stay cheap.
//
// Terms must be multiples of 2^quireLsb (every product of two format values and every exact sum of
// them is), so the TwoSum errors are too. Everything lives in one ArrayBuffer, which a worker thread
// can transfer to the main thread and back without copying or sharing.
import type { NumericFormat } from '../numeric/format.js';
import { RoundingTable } from './rounding-table.js';

const TWO_32 = 2 ** 32;
const TWO_MINUS_32 = 2 ** -32;
const TWO_64 = 2 ** 64;
const TWO_MINUS_64 = 2 ** -64;

const bitsView = new Float64Array(1);
const bitsWords = new Uint32Array(bitsView.buffer);

/**
 * Rounding of a truncated value plus a sticky sign: what every ≤ 32-bit format of the numeric core
 * implements for its own quire (hi holds at least the top 33 bits, only tail's sign is used).
 */
interface TailRounding {
    encodeWithTail(hi: number, tail: number): number;
}

function tailRoundingOf(format: NumericFormat): TailRounding | undefined {
    const candidate = format as NumericFormat & Partial<TailRounding>;
    return typeof candidate.encodeWithTail === 'function' ? (candidate as NumericFormat & TailRounding) : undefined;
}

/**
 * Whether a format's quire fits this array: a ≤ 32-bit format with exact float64 values whose
 * quire's lowest and highest bits are normal float64 exponents (every format but IEEE float64,
 * whose quire spans 2^±2100).
 */
export function supportsQuireArray(format: NumericFormat): boolean {
    return format.decodeIsExact && format.bits <= 32 && tailRoundingOf(format) !== undefined && format.quireLsbExponent >= -960 && format.quireLsbExponent + format.quireBits <= 1000;
}

/** Bytes of a quire array of `size` elements of `format` (head, limbs and a dirty flag per element). */
export function quireArrayBytes(format: NumericFormat, size: number): number {
    return size * (8 + 4 * limbsOf(format) + 1);
}

function limbsOf(format: NumericFormat): number {
    return Math.ceil(format.quireBits / 32);
}

// 2^k exactly, built from its bits (−1022 ≤ k ≤ 1023).
function powerOfTwo(k: number): number {
    bitsWords[0] = 0;
    bitsWords[1] = (k + 1023) << 20;
    return bitsView[0]!;
}

/**
 * Adds a nonzero finite multiple of 2^lsb into limbs c[at … at + count) (32-bit chunks, two's
 * complement): its 53-bit significand lands in at most three limbs; carries and borrows ripple up
 * and wrap at the top.
 */
function addToLimbs(c: Uint32Array | Float64Array, at: number, count: number, x: number, lsb: number): void {
    bitsView[0] = x;
    const top = ((bitsWords[1]! >>> 20) & 0x7ff) - 1023 - lsb;
    const base = top < 52 ? 0 : (top - 52) >> 5;
    const y = Math.abs(x) * powerOfTwo(-(lsb + 32 * base));
    const high = Math.trunc(y * TWO_MINUS_64);
    const rest = y - high * TWO_64;
    const middle = Math.trunc(rest * TWO_MINUS_32);
    const low = rest - middle * TWO_32;
    const sign = x < 0 ? -1 : 1;
    let carry = 0;
    for (let j = base; j < count; j++) {
        const offset = j - base;
        if (offset > 2 && carry === 0) break;
        const chunk = offset === 0 ? low : offset === 1 ? middle : offset === 2 ? high : 0;
        const s = c[at + j]! + sign * chunk + carry;
        carry = Math.floor(s * TWO_MINUS_32);
        c[at + j] = s - carry * TWO_32;
    }
}

/** `size` exact accumulators of one format, in one transferable buffer. */
export class QuireArray {
    readonly limbCount: number;
    readonly buffer: ArrayBuffer;
    private readonly heads: Float64Array;
    private readonly limbs: Uint32Array;
    /** 1 where the element's limbs may be nonzero. */
    private readonly dirty: Uint8Array;
    private readonly lsb: number;
    private readonly rounding: TailRounding;
    /** ≤ 16-bit formats: the kernels' rounding table, for heads that hold the whole sum. */
    private readonly table: RoundingTable | undefined;
    private readonly scratch: Float64Array;

    /** Over `buffer` (a fresh zeroed one by default; a transferred one keeps its contents). */
    constructor(readonly format: NumericFormat, readonly size: number, buffer?: ArrayBuffer) {
        if (!supportsQuireArray(format)) throw new Error(`quire arrays need a format of ≤ 32 bits with a float64-range quire, not ${format.name}`);
        this.rounding = tailRoundingOf(format)!;
        this.table = RoundingTable.of(format);
        this.limbCount = limbsOf(format);
        const bytes = quireArrayBytes(format, size);
        this.buffer = buffer ?? new ArrayBuffer(bytes);
        if (this.buffer.byteLength !== bytes) throw new Error(`quire array buffer of ${this.buffer.byteLength} bytes, ${bytes} expected`);
        this.heads = new Float64Array(this.buffer, 0, size);
        this.limbs = new Uint32Array(this.buffer, 8 * size, size * this.limbCount);
        this.dirty = new Uint8Array(this.buffer, (8 + 4 * this.limbCount) * size, size);
        this.lsb = format.quireLsbExponent;
        this.scratch = new Float64Array(this.limbCount);
    }

    /** Sets every element to zero. */
    clear(): void {
        this.heads.fill(0);
        this.limbs.fill(0);
        this.dirty.fill(0);
    }

    /** Adds an exact term (a multiple of 2^quireLsb) to element `i`; NaN or ±∞ poison the element. */
    add(i: number, x: number): void {
        const h = this.heads[i]!;
        const t = h + x;
        if (t - t !== 0) {
            this.heads[i] = NaN;
            return;
        }
        const bVirtual = t - h;
        const error = (h - (t - bVirtual)) + (x - bVirtual);
        this.heads[i] = t;
        if (error !== 0) {
            this.dirty[i] = 1;
            addToLimbs(this.limbs, i * this.limbCount, this.limbCount, error, this.lsb);
        }
    }

    /** Adds every element of `other` (same format and size) exactly. */
    addArray(other: QuireArray): void {
        if (other.format !== this.format || other.size !== this.size) throw new Error('quire arrays of different formats or sizes');
        const L = this.limbCount;
        for (let i = 0; i < this.size; i++) {
            const x = other.heads[i]!;
            if (x !== 0) this.add(i, x);
            if (other.dirty[i] === 0) continue;
            this.dirty[i] = 1;
            let carry = 0;
            const at = i * L;
            for (let j = 0; j < L; j++) {
                const s = this.limbs[at + j]! + other.limbs[at + j]! + carry;
                carry = s >= TWO_32 ? 1 : 0;
                this.limbs[at + j] = s - carry * TWO_32;
            }
        }
    }

    /** The pattern of element i's exact value, rounded once (NaR / NaN when poisoned). */
    roundPattern(i: number): number {
        const head = this.heads[i]!;
        if (head !== head) return this.format.nar as number;
        if (this.dirty[i] === 0) return this.table !== undefined ? this.table.encode(head) : this.rounding.encodeWithTail(head, 0);
        return this.roundLimbs(i, head);
    }

    /** Element i's exact value rounded once to the format, as a float64. */
    roundValue(i: number): number {
        const head = this.heads[i]!;
        if (this.dirty[i] === 0 && this.table !== undefined) return this.table.round(head);
        return this.format.decode(this.roundPattern(i));
    }

    // head + limbs, rounded once: the top 33 bits of the magnitude as a float64 and whether any bit
    // below them is set, through the format's encodeWithTail (the quire's own rounding rule).
    private roundLimbs(i: number, head: number): number {
        const L = this.limbCount;
        const c = this.scratch;
        for (let j = 0; j < L; j++) c[j] = this.limbs[i * L + j]!;
        if (head !== 0) addToLimbs(c, 0, L, head, this.lsb);
        const negative = c[L - 1]! >= 2 ** 31;
        if (negative) {
            let borrow = 1;
            for (let j = 0; j < L; j++) {
                const v = TWO_32 - 1 - c[j]! + borrow;
                borrow = v >= TWO_32 ? 1 : 0;
                c[j] = v - borrow * TWO_32;
            }
        }
        let t = L - 1;
        while (t >= 0 && c[t] === 0) t--;
        if (t < 0) return this.rounding.encodeWithTail(0, 0);
        const leading = 31 - Math.clz32(c[t]!);
        const below = t > 0 ? c[t - 1]! : 0;
        const lowPart = Math.floor(below * powerOfTwo(-leading));
        const top33 = c[t]! * powerOfTwo(32 - leading) + lowPart;
        let sticky = below - lowPart * powerOfTwo(leading) !== 0;
        for (let j = t - 2; j >= 0 && !sticky; j--) sticky = c[j] !== 0;
        const hi = top33 * powerOfTwo(this.lsb + 32 * t + leading - 32);
        return this.rounding.encodeWithTail(negative ? -hi : hi, sticky ? (negative ? -1 : 1) : 0);
    }
}
