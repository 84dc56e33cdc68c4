// float32 behind the common interface. Patterns are the float32 values themselves (tensors are
// Float32Array). One float64 operation followed by Math.fround is correctly rounded for + − × ÷ √
// because 53 ≥ 2·24 + 2 (double rounding is innocuous), so the array kernels are plain loops.
import type { ElementaryAccuracy, ElementaryFunction, PatternArray } from '../format.js';
import { NativeIeeeFormat } from './native-ieee-format.js';
import { float32Bits, float32FromBits } from '../bits/float-bits.js';
import { roundToBinary } from './binary-rounding.js';

const MAX_FLOAT32 = (2 - 2 ** -23) * 2 ** 127;

/** IEEE binary32. */
export class Float32Format extends NativeIeeeFormat {
    readonly minPosPattern = 2 ** -149;
    readonly maxPosPattern = MAX_FLOAT32;

    constructor() {
        super('float32', 32, 24, 127, 'Float32Array');
    }

    allocate(length: number): Float32Array {
        return new Float32Array(length);
    }

    encodeWithTail(hi: number, tail: number): number {
        return tail === 0 ? Math.fround(hi) : roundToBinary(hi, tail, 24, 127);
    }

    override roundValueWithTail(hi: number, tail: number): number {
        return tail === 0 ? Math.fround(hi) : roundToBinary(hi, tail, 24, 127);
    }

    override roundValue(value: number): number {
        return Math.fround(value);
    }

    override addValues(a: number, b: number): number {
        return Math.fround(a + b);
    }

    override mulValues(a: number, b: number): number {
        return Math.fround(a * b);
    }

    override divValues(a: number, b: number): number {
        return Math.fround(a / b);
    }

    override sqrtValue(a: number): number {
        return Math.fround(Math.sqrt(a));
    }

    override add(a: number, b: number): number {
        return Math.fround(a + b);
    }

    override mul(a: number, b: number): number {
        return Math.fround(a * b);
    }

    override div(a: number, b: number): number {
        return Math.fround(a / b);
    }

    override sqrt(a: number): number {
        return Math.fround(Math.sqrt(a));
    }

    next(a: number): number {
        if (a !== a || a === Infinity) return a;
        if (a === 0) return this.minPosPattern;
        const bits = float32Bits(a);
        return float32FromBits(a > 0 ? bits + 1 : bits - 1);
    }

    bitsOf(pattern: number): bigint {
        return BigInt(float32Bits(pattern));
    }

    fromBits(bits: bigint): number | undefined {
        return bits >= 0n && bits <= 0xffffffffn ? float32FromBits(Number(bits)) : undefined;
    }

    override elementaryAccuracy(_fn: ElementaryFunction): ElementaryAccuracy {
        return 'correctly-rounded';
    }

    override decodeArray(src: PatternArray, dst: Float64Array, n = src.length): void {
        const values = src as Float32Array;
        for (let i = 0; i < n; i++) dst[i] = values[i];
    }

    override encodeArray(src: Float64Array, dst: PatternArray, n = src.length): void {
        const out = dst as Float32Array;
        for (let i = 0; i < n; i++) out[i] = src[i];
    }

    override roundValues(src: Float64Array, dst: Float64Array, n = src.length): void {
        for (let i = 0; i < n; i++) dst[i] = Math.fround(src[i]);
    }

    override addArrays(a: PatternArray, b: PatternArray, out: PatternArray, n = out.length): void {
        const x = a as Float32Array;
        const y = b as Float32Array;
        const o = out as Float32Array;
        for (let i = 0; i < n; i++) o[i] = x[i] + y[i];
    }

    override subArrays(a: PatternArray, b: PatternArray, out: PatternArray, n = out.length): void {
        const x = a as Float32Array;
        const y = b as Float32Array;
        const o = out as Float32Array;
        for (let i = 0; i < n; i++) o[i] = x[i] - y[i];
    }

    override mulArrays(a: PatternArray, b: PatternArray, out: PatternArray, n = out.length): void {
        const x = a as Float32Array;
        const y = b as Float32Array;
        const o = out as Float32Array;
        for (let i = 0; i < n; i++) o[i] = x[i] * y[i];
    }

    override divArrays(a: PatternArray, b: PatternArray, out: PatternArray, n = out.length): void {
        const x = a as Float32Array;
        const y = b as Float32Array;
        const o = out as Float32Array;
        for (let i = 0; i < n; i++) o[i] = x[i] / y[i];
    }

    override sqrtArray(a: PatternArray, out: PatternArray, n = out.length): void {
        const x = a as Float32Array;
        const o = out as Float32Array;
        for (let i = 0; i < n; i++) o[i] = Math.sqrt(x[i]);
    }
}
