// The bit-level codec of a tapered format of at most 32 bits (posit<n> or bposit<n, rs, es>):
// patterns are unsigned numbers, values exact float64s. Decoding finds the regime run with one
// Math.clz32; encoding lays the float64's bit fields out as the format's bit string and rounds it
// once (guard bit, sticky bit, ties to an even pattern). That is the Posit Standard's §4.1 rule —
// geometric where exponent bits are cut off — and, for bounded posits, whose exponent is never cut,
// ordinary round-to-nearest-even within each binade, saturating to ±minpos / ±maxpos.
import { pow2, scratchFloat, scratchWords } from '../bits/float-bits.js';
import type { TaperedLayout } from './tapered-layout.js';

const TWO_POW_MINUS_32 = 2 ** -32;

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
    private readonly exponentBits: number;
    private readonly exponentMask: number;
    private readonly regimeCap: number;
    private readonly bodyBits: number;
    private readonly alignShift: number;

    constructor(readonly layout: TaperedLayout) {
        if (layout.bits > 32) throw new RangeError(`TaperedCodec handles at most 32 bits, not ${layout.bits}`);
        this.patternCount = 2 ** layout.bits;
        this.nar = 2 ** (layout.bits - 1);
        this.maxPosPattern = this.nar - 1;
        this.mask = layout.bits === 32 ? -1 : this.patternCount - 1;
        this.exponentBits = layout.exponentBits;
        this.exponentMask = 2 ** layout.exponentBits - 1;
        this.regimeCap = layout.regimeCap;
        this.bodyBits = layout.bodyBits;
        this.alignShift = 33 - layout.bits;
        this.minPos = this.decodeBits(1);
        this.maxPos = this.decodeBits(this.maxPosPattern);
    }

    /** The value of a pattern from its bit fields (the table-free decoder). */
    decodeBits(pattern: number): number {
        if (pattern === 0) return 0;
        if (pattern === this.nar) return NaN;
        const negative = pattern > this.nar;
        const body = negative ? this.patternCount - pattern : pattern;
        // Left-align the body so its first regime bit is bit 31; the run length is one clz32.
        const aligned = body << this.alignShift;
        const ones = aligned < 0;
        let run = ones ? Math.clz32(~aligned) : Math.clz32(aligned);
        if (run > this.regimeCap) run = this.regimeCap;
        const regime = ones ? run - 1 : -run;
        const rest = aligned << (run < this.regimeCap ? run + 1 : this.regimeCap);
        const es = this.exponentBits;
        const exponent = es === 0 ? 0 : rest >>> (32 - es);
        const fraction = (rest << es) >>> 0;
        const magnitude = (1 + fraction * TWO_POW_MINUS_32) * pow2(regime * (this.exponentMask + 1) + exponent);
        return negative ? -magnitude : magnitude;
    }

    /** The pattern nearest to hi + tail (hi = RN64 of the exact value, or its truncation to ≥ 33 bits; only tail's sign is used). */
    encodeWithTail(hi: number, tail: number): number {
        if (hi !== hi || hi === Infinity || hi === -Infinity) return this.nar;
        if (hi === 0) return 0;
        const negative = hi < 0;
        const magnitude = negative ? -hi : hi;
        let body: number;
        if (magnitude >= this.maxPos) body = this.maxPosPattern;
        else if (magnitude <= this.minPos) body = 1;
        else body = this.roundBody(magnitude, tail === 0 ? 0 : (tail > 0) !== negative ? 1 : -1);
        return negative ? ((-body) & this.mask) >>> 0 : body;
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
