// Float64 ↔ raw bits through one shared 8-byte buffer. Kernels write a value to `scratchFloat[0]`
// and read its words back: V8 compiles that to two plain loads, far cheaper than a DataView call
// and with no allocation.

const buffer = new ArrayBuffer(8);
/** One float64 aliasing `scratchWords`. */
export const scratchFloat = new Float64Array(buffer);
/** The two 32-bit words of `scratchFloat[0]`: index 0 is the low word, 1 the high word. */
export const scratchWords = new Uint32Array(buffer);
/** One float32 aliasing `scratchWords[0]`, for float32 and bfloat16 bit access. */
export const scratchFloat32 = new Float32Array(buffer, 0, 1);

scratchFloat[0] = 1;
if (scratchWords[1] !== 0x3ff00000) {
    // Every kernel reads words by index; a big-endian host would silently swap them.
    throw new Error('engine/numeric requires a little-endian host');
}

const POW2_MIN = -1074;
const POW2_MAX = 1023;
const pow2Table = new Float64Array(POW2_MAX - POW2_MIN + 1);
for (let k = POW2_MIN; k <= POW2_MAX; k++) pow2Table[k - POW2_MIN] = 2 ** k;

/** 2^k for integer k in [-1074, 1023], exactly, by table lookup (Math.pow is slower and not always exact in old engines). */
export function pow2(k: number): number {
    return pow2Table[k - POW2_MIN];
}

/** The unbiased binary exponent of a finite non-zero float64 (⌊log2 |x|⌋; subnormals report -1023 or less correctly). */
export function exponentOf(x: number): number {
    scratchFloat[0] = x;
    const biased = (scratchWords[1] >>> 20) & 0x7ff;
    if (biased !== 0) return biased - 1023;
    // Subnormal: scale into the normal range first.
    scratchFloat[0] = x * 2 ** 64;
    return ((scratchWords[1] >>> 20) & 0x7ff) - 1023 - 64;
}

/** The raw 64-bit pattern of a float64, as a bigint. */
export function float64Bits(x: number): bigint {
    scratchFloat[0] = x;
    return (BigInt(scratchWords[1]) << 32n) | BigInt(scratchWords[0]);
}

/** The float64 whose raw pattern is `bits` (the low 64 bits are used). */
export function float64FromBits(bits: bigint): number {
    scratchWords[0] = Number(bits & 0xffffffffn);
    scratchWords[1] = Number((bits >> 32n) & 0xffffffffn);
    return scratchFloat[0];
}

/** The raw 32-bit pattern of a float32 value (the value is rounded to float32 first). */
export function float32Bits(x: number): number {
    scratchFloat32[0] = x;
    return scratchWords[0];
}

/** The float32 value of a raw 32-bit pattern. */
export function float32FromBits(bits: number): number {
    scratchWords[0] = bits >>> 0;
    return scratchFloat32[0];
}
