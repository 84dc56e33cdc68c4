// The bit-level codec of a tapered format of at most 32 bits (posit<n> or bposit<n, rs, es>):
// patterns are unsigned numbers, values exact float64s. Decoding finds the regime run with one
// Math.clz32; encoding lays the float64's bit fields out as the format's bit string and rounds it
// once (guard bit, sticky bit, ties to an even pattern). That is the Posit Standard's §4.1 rule —
// geometric where exponent bits are cut off — and, for bounded posits, whose exponent is never cut,
// ordinary round-to-nearest-even within each binade, saturating to ±minpos / ±maxpos.
import { pow2, scratchFloat, scratchWords } from '../bits/float-bits.js';
import { fractionBitsAtScale, regimeLengthAtScale, type TaperedLayout } from './tapered-layout.js';

const TWO_POW_MINUS_32 = 2 ** -32;
/** Bits of the decode-by-prefix tables (2^11 entries each: they stay in the L1 cache). */
const PREFIX_BITS = 11;

/** Decoder and encoder of one tapered layout. */
export class TaperedCodec {
    /** 2^n: the number of patterns. */
    readonly patternCount: number;
    /** The NaR pattern 2^(n−1). */
    readonly nar: number;
    /** The largest positive pattern 2^(n−1) − 1. */
    readonly maxPosPattern: number;
    readonly minPos: number;
    readonly maxPos: number;
    private readonly mask: number;
    private readonly signShift: number;
    private readonly exponentBits: number;
    private readonly exponentMask: number;
    private readonly regimeCap: number;
    private readonly bodyBits: number;
    private readonly alignShift: number;
    /** Biased float64 exponents whose binade needs no saturation and cuts no exponent bit (the fast path). */
    private readonly fastMinBiased: number;
    private readonly fastSpan: number;
    /**
     * Decoding by prefix: for the top PREFIX_BITS bits of a magnitude (after the sign), the value of
     * the prefix alone, the weight of the last fraction bit and the mask of the fraction bits below
     * the prefix; a zero weight marks prefixes whose regime and exponent do not fit (long regimes).
     */
    private readonly prefixBase: Float64Array;
    private readonly prefixUnit: Float64Array;
    private readonly prefixMask: Int32Array;
    private readonly prefixShift: number;
    /** Per binade of the fast window: the pattern's regime and exponent bits in place, and the fraction bits kept. */
    private readonly headByBinade: Int32Array;
    private readonly fractionBitsByBinade: Int32Array;

    constructor(readonly layout: TaperedLayout) {
        if (layout.bits > 32) throw new RangeError(`TaperedCodec handles at most 32 bits, not ${layout.bits}`);
        this.patternCount = 2 ** layout.bits;
        this.nar = 2 ** (layout.bits - 1);
        this.maxPosPattern = this.nar - 1;
        this.mask = layout.bits === 32 ? -1 : this.patternCount - 1;
        this.signShift = 32 - layout.bits;
        this.exponentBits = layout.exponentBits;
        this.exponentMask = 2 ** layout.exponentBits - 1;
        this.regimeCap = layout.regimeCap;
        this.bodyBits = layout.bodyBits;
        this.alignShift = 33 - layout.bits;
        this.minPos = this.decodeBits(1);
        this.maxPos = this.decodeBits(this.maxPosPattern);
        const prefixBits = Math.min(PREFIX_BITS, layout.bodyBits);
        this.prefixShift = layout.bodyBits - prefixBits;
        // One entry more than prefixes: NaR's magnitude (2^(n−1)) lands there, with weight 0.
        this.prefixBase = new Float64Array((1 << prefixBits) + 1);
        this.prefixUnit = new Float64Array((1 << prefixBits) + 1);
        this.prefixMask = new Int32Array((1 << prefixBits) + 1);
        for (let prefix = 1; prefix < 1 << prefixBits; prefix++) {
            const body = prefix * 2 ** this.prefixShift;
            const lowest = this.decodeBits(body);
            const lowBits = 2 ** this.prefixShift - 1;
            // Usable when all bits below the prefix are fraction bits: the value is then linear in them.
            const unit = this.decodeBits(body + 1) - lowest;
            if (this.decodeBits(body + lowBits) !== lowest + lowBits * unit) continue;
            this.prefixBase[prefix] = lowest;
            this.prefixUnit[prefix] = unit;
            this.prefixMask[prefix] = lowBits;
        }
        // Widen a window of binades around 1 while every value in it is strictly between minpos and
        // maxpos (after rounding too) and the binade keeps all its exponent bits.
        const fast = (scale: number): boolean =>
            2 ** scale > this.minPos && 2 ** (scale + 1) <= this.maxPos && fractionBitsAtScale(layout, scale) + regimeLengthAtScale(layout, scale) + layout.exponentBits === layout.bodyBits;
        let low = 0;
        let high = 0;
        while (fast(low - 1)) low--;
        while (fast(high + 1)) high++;
        this.fastMinBiased = low + 1023;
        this.fastSpan = high - low;
        this.headByBinade = new Int32Array(high - low + 1);
        this.fractionBitsByBinade = new Int32Array(high - low + 1);
        for (let scale = low; scale <= high; scale++) {
            // The body of 2^scale is exactly its regime and exponent bits followed by zeros.
            const fractionBits = fractionBitsAtScale(layout, scale);
            this.headByBinade[scale - low] = this.roundBody(2 ** scale, 0);
            this.fractionBitsByBinade[scale - low] = fractionBits;
        }
    }

    /** The value of a pattern from its bit fields (the table-free decoder; branch-free but for 0 and NaR). */
    decodeBits(pattern: number): number {
        const x = (pattern << this.signShift) >> this.signShift;
        const sign = x >> 31;
        // Left-align the magnitude so its first regime bit is bit 31; the run length is one clz32.
        const aligned = ((x ^ sign) - sign) << this.alignShift;
        if (aligned === 0) return x === 0 ? 0 : NaN;
        const ones = aligned >> 31;
        const run = Math.min(Math.clz32(aligned ^ ones), this.regimeCap);
        const regime = -run ^ ones;
        const rest = aligned << Math.min(run + 1, this.regimeCap);
        const es = this.exponentBits;
        const exponent = (rest >>> 1) >>> (31 - es);
        const fraction = (rest << es) >>> 0;
        return (1 + fraction * TWO_POW_MINUS_32) * pow2((regime << es) + exponent) * (1 + 2 * sign);
    }

    /** The value of a pattern by its prefix (three small-table loads); long regimes, 0 and NaR go to decodeBits. */
    decodePrefixed(pattern: number): number {
        const x = (pattern << this.signShift) >> this.signShift;
        const sign = x >> 31;
        const body = (x ^ sign) - sign;
        const prefix = body >>> this.prefixShift;
        const unit = this.prefixUnit[prefix];
        if (unit === 0) return this.decodeBits(pattern);
        return (this.prefixBase[prefix] + (body & this.prefixMask[prefix]) * unit) * (1 + 2 * sign);
    }

    /** The pattern nearest to hi + tail (hi = RN64 of the exact value, or its truncation to ≥ 33 bits; only tail's sign is used). */
    encodeWithTail(hi: number, tail: number): number {
        return this.encodeSigned(hi, tail) >>> 0;
    }

    /**
     * encodeWithTail as a signed 32-bit integer (negative 32-bit patterns stay small integers, so
     * kernels storing into a Uint32Array never box a number). Kept small enough for V8 to inline:
     * values in the fast window take this branch-free path, everything else `encodeOutside`.
     */
    encodeSigned(hi: number, tail: number): number {
        scratchFloat[0] = hi;
        const high = scratchWords[1];
        const index = ((high >>> 20) & 0x7ff) - this.fastMinBiased;
        if (index < 0 || index > this.fastSpan) return this.encodeOutside(hi, tail);
        // Regime and exponent bits of the binade come from a table; the fraction is cut after fractionBits.
        const fractionBits = this.fractionBitsByBinade[index];
        const low = scratchWords[0];
        const fraction = (high << 12) | (low >>> 20);
        const body = this.headByBinade[index] | ((fraction >>> 1) >>> (31 - fractionBits));
        const guard = (fraction >>> (31 - fractionBits)) & 1;
        const stickyBits = (fraction << (fractionBits + 1)) | (low << 12);
        // Branch-free on purpose: guard and sticky are coin flips for random data.
        const sticky = (stickyBits | -stickyBits) >>> 31;
        // On an exact float64 tie a non-zero tail decides: up when it has hi's sign, down otherwise.
        scratchFloat[0] = tail;
        const tailHigh = scratchWords[1];
        const tailBits = (tailHigh << 1) | scratchWords[0];
        const decidingTail = guard & (sticky ^ 1) & ((tailBits | -tailBits) >>> 31);
        const up = (guard & (sticky | body) & (decidingTail ^ 1)) | (decidingTail & (((tailHigh ^ high) >>> 31) ^ 1));
        const sign = (high | 0) >> 31;
        return (((body + up) ^ sign) - sign) & this.mask;
    }

    /** Zero, NaN/±∞, saturation and cut-off exponent bits: the general path, by comparisons. */
    private encodeOutside(hi: number, tail: number): number {
        if (hi !== hi || hi === Infinity || hi === -Infinity) return this.nar | 0;
        if (hi === 0) return 0;
        const negative = hi < 0;
        const magnitude = negative ? -hi : hi;
        let body: number;
        if (magnitude >= this.maxPos) body = this.maxPosPattern;
        else if (magnitude <= this.minPos) body = 1;
        else body = this.roundBody(magnitude, tail === 0 ? 0 : (tail > 0) !== negative ? 1 : -1);
        return (negative ? -body : body) & this.mask;
    }

    /**
     * The body (pattern without sign) nearest to a magnitude strictly between minpos and maxpos:
     * regime, exponent and the float64's fraction laid out as one bit string, cut after bodyBits
     * bits and rounded up when guard && (sticky || last bit); when the float64 lands exactly on the
     * midpoint, `direction` (the sign of the exact tail relative to the magnitude) decides.
     */
    private roundBody(magnitude: number, direction: number): number {
        scratchFloat[0] = magnitude;
        const high = scratchWords[1];
        const low = scratchWords[0];
        const scale = (high >>> 20) - 1023;
        const es = this.exponentBits;
        const regime = scale >> es;
        const exponent = scale & this.exponentMask;
        const run = regime >= 0 ? regime + 1 : -regime;
        const capped = run >= this.regimeCap;
        const regimeLength = capped ? this.regimeCap : run + 1;
        const regimeBits = regime >= 0 ? (capped ? (1 << this.regimeCap) - 1 : ((1 << run) - 1) << 1) : (capped ? 0 : 1);
        const fractionBits = this.bodyBits - regimeLength - es;
        const fraction = ((high << 12) | (low >>> 20)) >>> 0; // the first 32 of the 52 fraction bits
        const fractionTail = low << 12; // the last 20
        let body: number;
        let guard: number;
        let sticky: number;
        if (fractionBits >= 0) {
            const head = (regimeBits << es) | exponent;
            body = fractionBits === 0 ? head : (head << fractionBits) | (fraction >>> (32 - fractionBits));
            guard = (fraction >>> (31 - fractionBits)) & 1;
            sticky = (fraction << (fractionBits + 1)) | fractionTail;
        } else {
            // Standard posits near minpos/maxpos: exponent bits are cut off, rounding is geometric.
            const cut = -fractionBits;
            body = (regimeBits << (es - cut)) | (exponent >>> cut);
            guard = (exponent >>> (cut - 1)) & 1;
            sticky = (exponent & ((1 << (cut - 1)) - 1)) | fraction | fractionTail;
        }
        if (guard !== 0) {
            if (sticky !== 0) body += 1;
            else if (direction !== 0) body += direction > 0 ? 1 : 0;
            else body += body & 1;
        }
        return body;
    }

}
