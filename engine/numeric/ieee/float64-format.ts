// Plain float64 behind the common interface: patterns are the values (Float64Array tensors), every
// operation is the native one, fma and the quire go through exact bigint dyadics.
import type { Dyadic, ElementaryAccuracy, ElementaryFunction, PatternArray, Quire } from '../format.js';
import { BigQuire } from '../quire/big-quire.js';
import { NativeIeeeFormat } from './native-ieee-format.js';
import { float64Bits, float64FromBits } from '../bits/float-bits.js';
import { addDyadic, dyadicFromNumber, dyadicToNumber, mulDyadic } from '../dyadic.js';
import { evaluateExactly, specialCase } from '../elementary/evaluate.js';

/** IEEE binary64. */
export class Float64Format extends NativeIeeeFormat {
    readonly minPosPattern = Number.MIN_VALUE;
    readonly maxPosPattern = Number.MAX_VALUE;

    constructor() {
        super('float64', 64, 53, 1023, 'Float64Array');
    }

    allocate(length: number): Float64Array {
        return new Float64Array(length);
    }

    /** float64 is its own scratch precision: hi is already RN64 of the exact value. */
    encodeWithTail(hi: number, _tail: number): number {
        return hi;
    }

    override roundValueWithTail(hi: number, _tail: number): number {
        return hi;
    }

    override roundDyadic(value: Dyadic, inexact = false): number {
        return dyadicToNumber(value, inexact);
    }

    override add(a: number, b: number): number {
        return a + b;
    }

    override mul(a: number, b: number): number {
        return a * b;
    }

    override div(a: number, b: number): number {
        return a / b;
    }

    override sqrt(a: number): number {
        return Math.sqrt(a);
    }

    /** x·y + z rounded once: error-free transforms in the safe range, exact dyadics outside it. */
    override fma(a: number, b: number, c: number): number {
        const p = a * b;
        const magnitude = Math.abs(p);
        const safe = magnitude >= 2 ** -900 && magnitude <= 2 ** 900 && Math.abs(c) <= 2 ** 1000;
        if (safe || !Number.isFinite(a) || !Number.isFinite(b) || !Number.isFinite(c) || a === 0 || b === 0) return super.fma(a, b, c);
        return dyadicToNumber(addDyadic(mulDyadic(dyadicFromNumber(a), dyadicFromNumber(b)), dyadicFromNumber(c)));
    }

    override fmaValues(a: number, b: number, c: number): number {
        return this.fma(a, b, c);
    }

    override addValues(a: number, b: number): number {
        return a + b;
    }

    override mulValues(a: number, b: number): number {
        return a * b;
    }

    override divValues(a: number, b: number): number {
        return a / b;
    }

    override sqrtValue(a: number): number {
        return Math.sqrt(a);
    }

    next(a: number): number {
        if (a !== a || a === Infinity) return a;
        if (a === 0) return Number.MIN_VALUE;
        const bits = float64Bits(a);
        return float64FromBits(a > 0 ? bits + 1n : bits - 1n);
    }

    bitsOf(pattern: number): bigint {
        return float64Bits(pattern);
    }

    fromBits(bits: bigint): number | undefined {
        return bits >= 0n && bits <= 0xffffffffffffffffn ? float64FromBits(bits) : undefined;
    }

    /**
     * exp and log: V8's Math.exp / Math.log (fdlibm ports, under 1 ulp: faithful, fast). tanh and
     * sigmoid have no faithful float64 formula, so they take the exact enclosures (correctly
     * rounded, about a hundred times slower).
     */
    override apply(fn: ElementaryFunction, a: number): number {
        const special = specialCase(this, fn, a);
        if (special !== undefined) return special as number;
        switch (fn) {
            case 'exp': return Math.exp(a);
            case 'log': return Math.log(a);
            case 'tanh':
            case 'sigmoid': return evaluateExactly(this, fn, dyadicFromNumber(a)) as number;
        }
    }

    override applyValue(fn: ElementaryFunction, x: number): number {
        return this.apply(fn, x);
    }

    override elementaryAccuracy(fn: ElementaryFunction): ElementaryAccuracy {
        return fn === 'exp' || fn === 'log' ? 'faithful' : 'correctly-rounded';
    }

    /** float64 products and their errors can leave the float64 range: the exact bigint quire. */
    override createQuire(): Quire {
        return new BigQuire(this, this.quireLsbExponent);
    }

    override dotValues(a: Float64Array, aOff: number, aStride: number, b: Float64Array, bOff: number, bStride: number, n: number): number {
        const quire = new BigQuire(this, this.quireLsbExponent);
        for (let i = 0; i < n; i++) quire.addValueProduct(a[aOff + i * aStride], b[bOff + i * bStride]);
        return quire.round() as number;
    }

    override dotPatterns(a: PatternArray, b: PatternArray, n = Math.min(a.length, b.length)): number {
        return this.dotValues(a as Float64Array, 0, 1, b as Float64Array, 0, 1, n);
    }

    override decodeArray(src: PatternArray, dst: Float64Array, n = src.length): void {
        dst.set(n === src.length ? (src as Float64Array) : (src as Float64Array).subarray(0, n));
    }

    override encodeArray(src: Float64Array, dst: PatternArray, n = src.length): void {
        (dst as Float64Array).set(n === src.length ? src : src.subarray(0, n));
    }

    override roundValues(src: Float64Array, dst: Float64Array, n = src.length): void {
        if (src !== dst) dst.set(n === src.length ? src : src.subarray(0, n));
    }

    override addArrays(a: PatternArray, b: PatternArray, out: PatternArray, n = out.length): void {
        const x = a as Float64Array;
        const y = b as Float64Array;
        const o = out as Float64Array;
        for (let i = 0; i < n; i++) o[i] = x[i] + y[i];
    }

    override mulArrays(a: PatternArray, b: PatternArray, out: PatternArray, n = out.length): void {
        const x = a as Float64Array;
        const y = b as Float64Array;
        const o = out as Float64Array;
        for (let i = 0; i < n; i++) o[i] = x[i] * y[i];
    }
}
