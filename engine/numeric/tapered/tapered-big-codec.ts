// The bigint codec of a tapered format of any width (used for the 64-bit posits and b-posits):
// pattern ↔ exact dyadic, with the same bit-string rounding as the 32-bit codec — regime,
// exponent and fraction laid out, cut after n − 1 bits, guard and sticky, ties to an even pattern.
import type { Dyadic } from '../format.js';
import { bitLength, normalizeDyadic } from '../dyadic.js';
import type { TaperedLayout } from './tapered-layout.js';

/** Bigint decoder and encoder of one tapered layout. */
export class TaperedBigCodec {
    readonly patternCount: bigint;
    readonly nar: bigint;
    readonly maxPosPattern: bigint;
    private readonly bodyBits: number;
    private readonly exponentBits: number;
    private readonly regimeCap: number;

    constructor(readonly layout: TaperedLayout) {
        this.patternCount = 1n << BigInt(layout.bits);
        this.nar = 1n << BigInt(layout.bits - 1);
        this.maxPosPattern = this.nar - 1n;
        this.bodyBits = layout.bodyBits;
        this.exponentBits = layout.exponentBits;
        this.regimeCap = layout.regimeCap;
    }

    /** The exact value of a pattern; undefined for NaR. */
    decode(pattern: bigint): Dyadic | undefined {
        if (pattern === 0n) return { negative: false, magnitude: 0n, exponent: 0 };
        if (pattern === this.nar) return undefined;
        const negative = pattern > this.nar;
        const body = negative ? this.patternCount - pattern : pattern;
        const text = body.toString(2).padStart(this.bodyBits, '0');
        const first = text[0];
        let run = 1;
        while (run < this.regimeCap && run < this.bodyBits && text[run] === first) run++;
        const regime = first === '1' ? run - 1 : -run;
        const regimeLength = run < this.regimeCap ? run + 1 : this.regimeCap;
        const exponentText = text.slice(regimeLength, regimeLength + this.exponentBits).padEnd(this.exponentBits, '0');
        const exponent = this.exponentBits === 0 ? 0 : parseInt(exponentText, 2);
        const fractionText = text.slice(regimeLength + this.exponentBits);
        const fractionBits = fractionText.length;
        const significand = (1n << BigInt(fractionBits)) | (fractionBits === 0 ? 0n : BigInt('0b' + fractionText));
        const scale = regime * 2 ** this.exponentBits + exponent;
        return normalizeDyadic({ negative, magnitude: significand, exponent: scale - fractionBits });
    }

    /** The pattern nearest to a dyadic; `inexact` is a sticky bit beyond its magnitude. */
    encode(value: Dyadic, inexact = false): bigint {
        if (value.magnitude === 0n) return 0n;
        const length = bitLength(value.magnitude);
        const scale = value.exponent + length - 1;
        const regime = Math.floor(scale / 2 ** this.exponentBits);
        let body: bigint;
        if (regime > this.layout.maxRegime) {
            body = this.maxPosPattern;
        } else if (regime < -this.regimeCap) {
            body = 1n;
        } else {
            const exponent = scale - regime * 2 ** this.exponentBits;
            const run = regime >= 0 ? regime + 1 : -regime;
            const regimeText = run >= this.regimeCap
                ? (regime >= 0 ? '1' : '0').repeat(this.regimeCap)
                : regime >= 0 ? '1'.repeat(run) + '0' : '0'.repeat(run) + '1';
            const exponentText = this.exponentBits === 0 ? '' : exponent.toString(2).padStart(this.exponentBits, '0');
            const fractionText = length > 1 ? value.magnitude.toString(2).slice(1) : '';
            const bitString = regimeText + exponentText + fractionText;
            const kept = bitString.slice(0, this.bodyBits).padEnd(this.bodyBits, '0');
            const guard = bitString[this.bodyBits] === '1';
            const sticky = inexact || bitString.indexOf('1', this.bodyBits + 1) >= 0;
            body = BigInt('0b' + kept);
            if (guard && (sticky || (body & 1n) === 1n)) body += 1n;
            // Never round to zero or into NaR: saturate at ±minpos / ±maxpos.
            if (body === 0n) body = 1n;
            if (body > this.maxPosPattern) body = this.maxPosPattern;
        }
        return value.negative ? this.patternCount - body : body;
    }
}
