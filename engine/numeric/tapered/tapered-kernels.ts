// The hot array loops of the tapered formats, written once and compiled once *per format*.
//
// V8 keeps type feedback per function: one shared loop that sees posit16's Uint16Array and
// bposit32's Uint32Array becomes polymorphic and loses up to half its speed in a program that
// uses two formats. `instantiateTaperedKernels` therefore compiles a private copy of each loop
// for every format from the loop's own source text (`new Function`), so each copy stays
// monomorphic. The loops are self-contained on purpose (no module bindings: everything they use
// arrives as an argument); if compiling a copy is impossible (a CSP, instrumented source), the
// shared originals are used, which only costs speed.
import type { PatternArray } from '../format.js';
import type { TaperedCodec } from './tapered-codec.js';

/** Decodes patterns (table for ≤ 16 bits, else the bit decoder). */
function decodePatterns(codec: TaperedCodec, table: Float64Array, src: PatternArray, dst: Float64Array, n: number): void {
    const patterns = src as Uint32Array;
    if (table.length !== 0) {
        for (let i = 0; i < n; i++) dst[i] = table[patterns[i]];
    } else {
        for (let i = 0; i < n; i++) dst[i] = codec.decodePrefixed(patterns[i]);
    }
}

/** Encodes float64s, each correctly rounded. */
function encodeValues(codec: TaperedCodec, src: Float64Array, dst: PatternArray, n: number): void {
    const out = dst as Uint32Array;
    for (let i = 0; i < n; i++) out[i] = codec.encodeSigned(src[i], 0);
}

/** Rounds float64s to the format's values. */
function roundValues(codec: TaperedCodec, table: Float64Array, src: Float64Array, dst: Float64Array, n: number): void {
    if (table.length !== 0) {
        const mask = table.length - 1;
        for (let i = 0; i < n; i++) dst[i] = table[codec.encodeSigned(src[i], 0) & mask];
    } else {
        for (let i = 0; i < n; i++) dst[i] = codec.decodePrefixed(codec.encodeSigned(src[i], 0));
    }
}

/** o = x + sign·y, each sum rounded once (TwoSum's error decides float64 ties). */
function addPatterns(codec: TaperedCodec, table: Float64Array, x: PatternArray, y: PatternArray, o: PatternArray, n: number, sign: number): void {
    const a = x as Uint32Array;
    const b = y as Uint32Array;
    const out = o as Uint32Array;
    const tabled = table.length !== 0;
    for (let i = 0; i < n; i++) {
        const u = tabled ? table[a[i]] : codec.decodePrefixed(a[i]);
        const v = sign * (tabled ? table[b[i]] : codec.decodePrefixed(b[i]));
        const s = u + v;
        const virtual = s - u;
        out[i] = codec.encodeSigned(s, (u - (s - virtual)) + (v - virtual));
    }
}

/** o = x · y, each product rounded once (exact float64 products, or Dekker's error when not). */
function mulPatterns(codec: TaperedCodec, table: Float64Array, exact: boolean, x: PatternArray, y: PatternArray, o: PatternArray, n: number): void {
    const a = x as Uint32Array;
    const b = y as Uint32Array;
    const out = o as Uint32Array;
    if (table.length !== 0) {
        for (let i = 0; i < n; i++) out[i] = codec.encodeSigned(table[a[i]] * table[b[i]], 0);
    } else if (exact) {
        for (let i = 0; i < n; i++) out[i] = codec.encodeSigned(codec.decodePrefixed(a[i]) * codec.decodePrefixed(b[i]), 0);
    } else {
        for (let i = 0; i < n; i++) {
            const u = codec.decodePrefixed(a[i]);
            const v = codec.decodePrefixed(b[i]);
            const p = u * v;
            // Dekker's TwoProduct error with Veltkamp's split (2^27 + 1).
            const cu = 134217729 * u;
            const uHigh = cu - (cu - u);
            const uLow = u - uHigh;
            const cv = 134217729 * v;
            const vHigh = cv - (cv - v);
            const vLow = v - vHigh;
            out[i] = codec.encodeSigned(p, ((uHigh * vHigh - p) + uHigh * vLow + uLow * vHigh) + uLow * vLow);
        }
    }
}

/** The kernels of one format. */
export interface TaperedKernels {
    readonly decodePatterns: typeof decodePatterns;
    readonly encodeValues: typeof encodeValues;
    readonly roundValues: typeof roundValues;
    readonly addPatterns: typeof addPatterns;
    readonly mulPatterns: typeof mulPatterns;
}

const shared: TaperedKernels = { decodePatterns, encodeValues, roundValues, addPatterns, mulPatterns };

/** A private copy of a self-contained function (fresh V8 feedback), or the function itself if that fails. */
function privateCopy<F extends (...args: never[]) => void>(kernel: F): F {
    try {
        const copy = new Function(`return (${kernel.toString()});`)() as unknown;
        return typeof copy === 'function' ? (copy as F) : kernel;
    } catch {
        // No code generation from strings here: the shared loop is correct, just not private.
        return kernel;
    }
}

/** The kernels for one more format: private copies of the shared loops. */
export function instantiateTaperedKernels(): TaperedKernels {
    return {
        decodePatterns: privateCopy(shared.decodePatterns),
        encodeValues: privateCopy(shared.encodeValues),
        roundValues: privateCopy(shared.roundValues),
        addPatterns: privateCopy(shared.addPatterns),
        mulPatterns: privateCopy(shared.mulPatterns)
    };
}
