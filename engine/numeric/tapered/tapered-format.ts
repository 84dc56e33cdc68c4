// posit<n> and bposit<n, rs, es> for n ≤ 32 behind the NumericFormat interface: the bit work is in
// TaperedCodec; this class adds table decoding for ≤ 16 bits and the specialised array kernels.
import type { PatternArray } from '../format.js';
import { Float64ExactFormat } from '../float64-exact-format.js';
import { dyadicFromNumber } from '../dyadic.js';
import { fractionBitsAtScale, taperedName, taperedShortName, type TaperedLayout } from './tapered-layout.js';
import { TaperedCodec } from './tapered-codec.js';
import { instantiateTaperedKernels, type TaperedKernels } from './tapered-kernels.js';

/** A tapered format of at most 32 bits. */
export class TaperedFormat extends Float64ExactFormat {
    readonly layout: TaperedLayout;
    readonly zero = 0;
    readonly nar: number;
    readonly minPosPattern = 1;
    readonly maxPosPattern: number;
    private readonly codec: TaperedCodec;
    /** This format's own compiled copies of the array loops (see tapered-kernels.ts). */
    private readonly kernels: TaperedKernels = instantiateTaperedKernels();
    private readonly patternCount: number;
    /** Decoded values of every pattern, for formats of ≤ 16 bits (empty otherwise). */
    private readonly decodeTable: Float64Array;

    constructor(layout: TaperedLayout) {
        const codec = new TaperedCodec(layout);
        const bits = layout.bits as 8 | 16 | 32;
        // Every value is a multiple of minpos's last bit, so every product is a multiple of its square.
        const lsbExponent = dyadicFromNumber(codec.minPos).exponent;
        const maxScale = Math.floor(Math.log2(codec.maxPos));
        super({
            name: taperedName(layout),
            shortName: taperedShortName(layout),
            family: layout.kind,
            bits,
            minPos: codec.minPos,
            maxPos: codec.maxPos,
            // Posit Standard: 16n bits. Bounded posits: every product's range plus 31 carry bits and a sign.
            quireBits: layout.kind === 'posit' ? 16 * bits : 2 * (maxScale + 1 - lsbExponent) + 32,
            quireLsbExponent: 2 * lsbExponent,
            arrayKind: bits === 8 ? 'Uint8Array' : bits === 16 ? 'Uint16Array' : 'Uint32Array',
            productsExact: 2 * (layout.maxFractionBits + 1) <= 53,
            productBits: 2 * (layout.maxFractionBits + 1)
        });
        this.layout = layout;
        this.codec = codec;
        this.patternCount = codec.patternCount;
        this.nar = codec.nar;
        this.maxPosPattern = codec.maxPosPattern;
        this.decodeTable = new Float64Array(bits <= 16 ? this.patternCount : 0);
        for (let p = 0; p < this.decodeTable.length; p++) this.decodeTable[p] = codec.decodeBits(p);
    }

    fractionBitsAt(scale: number): number {
        return fractionBitsAtScale(this.layout, scale);
    }

    allocate(length: number): PatternArray {
        return this.bits === 8 ? new Uint8Array(length) : this.bits === 16 ? new Uint16Array(length) : new Uint32Array(length);
    }

    decode(pattern: number): number {
        return this.decodeTable.length !== 0 ? this.decodeTable[pattern] : this.codec.decodePrefixed(pattern);
    }

    encodeWithTail(hi: number, tail: number): number {
        return this.codec.encodeWithTail(hi, tail);
    }

    isNaR(pattern: number): boolean {
        return pattern === this.nar;
    }

    neg(a: number): number {
        return a === 0 || a === this.nar ? a : this.patternCount - a;
    }

    abs(a: number): number {
        return a > this.nar ? this.patternCount - a : a;
    }

    compare(a: number, b: number): number {
        const x = a >= this.nar ? a - this.patternCount : a;
        const y = b >= this.nar ? b - this.patternCount : b;
        return x < y ? -1 : x > y ? 1 : 0;
    }

    next(a: number): number {
        return a + 1 === this.patternCount ? 0 : a + 1;
    }

    prior(a: number): number {
        return a === 0 ? this.patternCount - 1 : a - 1;
    }

    bitsOf(pattern: number): bigint {
        return BigInt(pattern);
    }

    fromBits(bits: bigint): number | undefined {
        return bits >= 0n && bits < BigInt(this.patternCount) ? Number(bits) : undefined;
    }

    // ---- hot kernels, specialised: table decode for ≤ 16 bits, no virtual calls per element

    override decodeArray(src: PatternArray, dst: Float64Array, n = src.length): void {
        this.kernels.decodePatterns(this.codec, this.decodeTable, src, dst, n);
    }

    override encodeArray(src: Float64Array, dst: PatternArray, n = src.length): void {
        this.kernels.encodeValues(this.codec, src, dst, n);
    }

    override roundValues(src: Float64Array, dst: Float64Array, n = src.length): void {
        this.kernels.roundValues(this.codec, this.decodeTable, src, dst, n);
    }

    override addArrays(a: PatternArray, b: PatternArray, out: PatternArray, n = out.length): void {
        this.kernels.addPatterns(this.codec, this.decodeTable, a, b, out, n, 1);
    }

    override subArrays(a: PatternArray, b: PatternArray, out: PatternArray, n = out.length): void {
        this.kernels.addPatterns(this.codec, this.decodeTable, a, b, out, n, -1);
    }

    override mulArrays(a: PatternArray, b: PatternArray, out: PatternArray, n = out.length): void {
        this.kernels.mulPatterns(this.codec, this.decodeTable, this.productsExact, a, b, out, n);
    }
}
