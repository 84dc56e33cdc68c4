// posit<64> and bposit<64> behind the NumericFormat interface: bigint patterns in BigUint64Array,
// every operation exact on bigint dyadics and rounded once. Correct first; these are not the
// formats of the hot paths (decoding to float64 rounds: up to 59 fraction bits do not fit in 53).
import type {
    Dyadic, ElementaryAccuracy, ElementaryFunction, FormatFamily, NumericFormat, Pattern, PatternArray, PatternArrayKind, Quire
} from '../format.js';
import {
    addDyadic, compareDyadic, divideDyadic, dyadicFromInteger, dyadicFromNumber, dyadicToNumber, mulDyadic, negDyadic, sqrtDyadic
} from '../dyadic.js';
import { BigQuire } from '../quire/big-quire.js';
import { evaluateExactly } from '../elementary/evaluate.js';
import { fractionBitsAtScale, taperedName, taperedShortName, type TaperedLayout } from './tapered-layout.js';
import { TaperedBigCodec } from './tapered-big-codec.js';

const EXP_LIMIT: Dyadic = { negative: false, magnitude: 1000n, exponent: 0 };

/** A 64-bit tapered format (posit64, bposit64). */
export class TaperedFormat64 implements NumericFormat {
    readonly name: string;
    readonly shortName: string;
    readonly family: FormatFamily;
    readonly bits = 64;
    readonly bytes = 8;
    readonly minPos: number;
    readonly maxPos: number;
    readonly quireBits: number;
    readonly quireLsbExponent: number;
    readonly decodeIsExact = false;
    readonly arrayKind: PatternArrayKind = 'BigUint64Array';
    readonly zero = 0n;
    readonly nar: bigint;
    readonly minPosPattern = 1n;
    readonly maxPosPattern: bigint;
    private readonly codec: TaperedBigCodec;
    private readonly precisionBits: number;

    constructor(readonly layout: TaperedLayout) {
        this.codec = new TaperedBigCodec(layout);
        this.name = taperedName(layout);
        this.shortName = taperedShortName(layout);
        this.family = layout.kind;
        this.nar = this.codec.nar;
        this.maxPosPattern = this.codec.maxPosPattern;
        const minPos = this.codec.decode(1n)!;
        const maxPos = this.codec.decode(this.maxPosPattern)!;
        this.minPos = dyadicToNumber(minPos);
        this.maxPos = dyadicToNumber(maxPos);
        this.quireLsbExponent = 2 * minPos.exponent;
        const maxScale = maxPos.exponent + maxPos.magnitude.toString(2).length - 1;
        this.quireBits = layout.kind === 'posit' ? 16 * 64 : 2 * (maxScale + 1 - minPos.exponent) + 32;
        this.precisionBits = layout.maxFractionBits + 4;
    }

    fractionBitsAt(scale: number): number {
        return fractionBitsAtScale(this.layout, scale);
    }

    allocate(length: number): BigUint64Array {
        return new BigUint64Array(length);
    }

    private big(pattern: Pattern): bigint {
        return typeof pattern === 'bigint' ? pattern : BigInt(pattern);
    }

    toDyadic(pattern: Pattern): Dyadic | undefined {
        return this.codec.decode(this.big(pattern));
    }

    roundDyadic(value: Dyadic, inexact = false): bigint {
        return this.codec.encode(value, inexact);
    }

    encode(value: number): bigint {
        return Number.isFinite(value) ? this.codec.encode(dyadicFromNumber(value)) : this.nar;
    }

    decode(pattern: Pattern): number {
        const value = this.toDyadic(pattern);
        return value === undefined ? NaN : dyadicToNumber(value);
    }

    isNaR(pattern: Pattern): boolean {
        return this.big(pattern) === this.nar;
    }

    // ---- arithmetic on exact dyadics, one rounding each
    private binary(a: Pattern, b: Pattern, op: (x: Dyadic, y: Dyadic) => bigint): bigint {
        const x = this.toDyadic(a);
        const y = this.toDyadic(b);
        return x === undefined || y === undefined ? this.nar : op(x, y);
    }

    add(a: Pattern, b: Pattern): bigint {
        return this.binary(a, b, (x, y) => this.codec.encode(addDyadic(x, y)));
    }

    sub(a: Pattern, b: Pattern): bigint {
        return this.binary(a, b, (x, y) => this.codec.encode(addDyadic(x, negDyadic(y))));
    }

    mul(a: Pattern, b: Pattern): bigint {
        return this.binary(a, b, (x, y) => this.codec.encode(mulDyadic(x, y)));
    }

    div(a: Pattern, b: Pattern): bigint {
        return this.binary(a, b, (x, y) => {
            if (y.magnitude === 0n) return this.nar;
            if (x.magnitude === 0n) return 0n;
            const quotient = divideDyadic(x, y, this.precisionBits);
            return this.codec.encode(quotient.value, quotient.inexact);
        });
    }

    sqrt(a: Pattern): bigint {
        const x = this.toDyadic(a);
        if (x === undefined || (x.negative && x.magnitude !== 0n)) return this.nar;
        if (x.magnitude === 0n) return 0n;
        const root = sqrtDyadic(x, this.precisionBits);
        return this.codec.encode(root.value, root.inexact);
    }

    fma(a: Pattern, b: Pattern, c: Pattern): bigint {
        const z = this.toDyadic(c);
        return this.binary(a, b, (x, y) => (z === undefined ? this.nar : this.codec.encode(addDyadic(mulDyadic(x, y), z))));
    }

    neg(a: Pattern): bigint {
        const p = this.big(a);
        return p === 0n || p === this.nar ? p : this.codec.patternCount - p;
    }

    abs(a: Pattern): bigint {
        const p = this.big(a);
        return p > this.nar ? this.codec.patternCount - p : p;
    }

    compare(a: Pattern, b: Pattern): number {
        const x = BigInt.asIntN(64, this.big(a));
        const y = BigInt.asIntN(64, this.big(b));
        return x < y ? -1 : x > y ? 1 : 0;
    }

    min(a: Pattern, b: Pattern): bigint {
        if (this.isNaR(a) || this.isNaR(b)) return this.nar;
        return this.compare(a, b) <= 0 ? this.big(a) : this.big(b);
    }

    max(a: Pattern, b: Pattern): bigint {
        if (this.isNaR(a) || this.isNaR(b)) return this.nar;
        return this.compare(a, b) >= 0 ? this.big(a) : this.big(b);
    }

    next(a: Pattern): bigint {
        return BigInt.asUintN(64, this.big(a) + 1n);
    }

    prior(a: Pattern): bigint {
        return BigInt.asUintN(64, this.big(a) - 1n);
    }

    bitsOf(pattern: Pattern): bigint {
        return this.big(pattern);
    }

    fromBits(bits: bigint): bigint | undefined {
        return bits >= 0n && bits < this.codec.patternCount ? bits : undefined;
    }

    toInteger(pattern: Pattern): bigint | undefined {
        const value = this.toDyadic(pattern);
        if (value === undefined) return undefined;
        const numerator = value.negative ? -value.magnitude : value.magnitude;
        if (value.exponent >= 0) return numerator << BigInt(value.exponent);
        // Round half to even on the scaled numerator.
        const shift = BigInt(-value.exponent);
        const floor = numerator >> shift;
        const remainder = numerator - (floor << shift);
        const half = 1n << (shift - 1n);
        return remainder > half || (remainder === half && (floor & 1n) === 1n) ? floor + 1n : floor;
    }

    fromInteger(value: bigint | number): bigint {
        return this.codec.encode(dyadicFromInteger(BigInt(value)));
    }

    // ---- elementary functions: always the bigint enclosures (float64 has too few bits here)
    apply(fn: ElementaryFunction, a: Pattern): bigint {
        const x = this.toDyadic(a);
        if (x === undefined) return this.nar;
        const zero = x.magnitude === 0n;
        const beyond = compareDyadic({ ...x, negative: false }, EXP_LIMIT) > 0;
        switch (fn) {
            case 'exp':
                if (zero) return this.fromInteger(1);
                if (beyond) return x.negative ? 1n : this.maxPosPattern;
                break;
            case 'log':
                if (x.negative || zero) return this.nar;
                if (x.magnitude === 1n && x.exponent === 0) return 0n;
                break;
            case 'tanh':
                if (zero) return 0n;
                if (beyond) return this.fromInteger(x.negative ? -1 : 1);
                break;
            case 'sigmoid':
                if (zero) return this.roundDyadic({ negative: false, magnitude: 1n, exponent: -1 });
                if (beyond) return x.negative ? 1n : this.fromInteger(1);
                break;
        }
        return evaluateExactly(this, fn, x) as bigint;
    }

    applyValue(fn: ElementaryFunction, x: number): number {
        return this.decode(this.apply(fn, this.encode(x)));
    }

    elementaryAccuracy(_fn: ElementaryFunction): ElementaryAccuracy {
        return 'correctly-rounded';
    }

    // ---- value space: values are float64 roundings of patterns; operate on the nearest patterns
    roundValue(value: number): number {
        return this.decode(this.encode(value));
    }

    addValues(a: number, b: number): number {
        return this.decode(this.add(this.encode(a), this.encode(b)));
    }

    mulValues(a: number, b: number): number {
        return this.decode(this.mul(this.encode(a), this.encode(b)));
    }

    divValues(a: number, b: number): number {
        return this.decode(this.div(this.encode(a), this.encode(b)));
    }

    sqrtValue(a: number): number {
        return this.decode(this.sqrt(this.encode(a)));
    }

    fmaValues(a: number, b: number, c: number): number {
        return this.decode(this.fma(this.encode(a), this.encode(b), this.encode(c)));
    }

    // ---- vectorised
    decodeArray(src: PatternArray, dst: Float64Array, n = src.length): void {
        const patterns = src as BigUint64Array;
        for (let i = 0; i < n; i++) dst[i] = this.decode(patterns[i]);
    }

    encodeArray(src: Float64Array, dst: PatternArray, n = src.length): void {
        const out = dst as BigUint64Array;
        for (let i = 0; i < n; i++) out[i] = this.encode(src[i]);
    }

    roundValues(src: Float64Array, dst: Float64Array, n = src.length): void {
        for (let i = 0; i < n; i++) dst[i] = this.roundValue(src[i]);
    }

    private map2(a: PatternArray, b: PatternArray, out: PatternArray, n: number, op: (x: bigint, y: bigint) => bigint): void {
        const x = a as BigUint64Array;
        const y = b as BigUint64Array;
        const o = out as BigUint64Array;
        for (let i = 0; i < n; i++) o[i] = op(x[i], y[i]);
    }

    addArrays(a: PatternArray, b: PatternArray, out: PatternArray, n = out.length): void {
        this.map2(a, b, out, n, (x, y) => this.add(x, y));
    }

    subArrays(a: PatternArray, b: PatternArray, out: PatternArray, n = out.length): void {
        this.map2(a, b, out, n, (x, y) => this.sub(x, y));
    }

    mulArrays(a: PatternArray, b: PatternArray, out: PatternArray, n = out.length): void {
        this.map2(a, b, out, n, (x, y) => this.mul(x, y));
    }

    divArrays(a: PatternArray, b: PatternArray, out: PatternArray, n = out.length): void {
        this.map2(a, b, out, n, (x, y) => this.div(x, y));
    }

    sqrtArray(a: PatternArray, out: PatternArray, n = out.length): void {
        this.map2(a, a, out, n, (x) => this.sqrt(x));
    }

    fmaArrays(a: PatternArray, b: PatternArray, c: PatternArray, out: PatternArray, n = out.length): void {
        const z = c as BigUint64Array;
        const o = out as BigUint64Array;
        for (let i = 0; i < n; i++) o[i] = this.fma((a as BigUint64Array)[i], (b as BigUint64Array)[i], z[i]);
    }

    // ---- quire
    createQuire(): Quire {
        return new BigQuire(this, this.quireLsbExponent);
    }

    dotValues(a: Float64Array, aOff: number, aStride: number, b: Float64Array, bOff: number, bStride: number, n: number): number {
        const quire = new BigQuire(this, this.quireLsbExponent);
        for (let i = 0; i < n; i++) {
            const x = a[aOff + i * aStride];
            const y = b[bOff + i * bStride];
            // Values are float64 roundings of patterns: take the pattern each stands for.
            quire.addProduct(this.encode(x), this.encode(y));
        }
        return this.decode(quire.round());
    }

    dotPatterns(a: PatternArray, b: PatternArray, n = Math.min(a.length, b.length)): bigint {
        const quire = new BigQuire(this, this.quireLsbExponent);
        for (let i = 0; i < n; i++) quire.addProduct((a as BigUint64Array)[i], (b as BigUint64Array)[i]);
        return quire.round() as bigint;
    }
}
