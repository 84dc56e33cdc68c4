// Float64 helpers the exact-rounding paths need: the TwoSum error term and the neighbouring
// float64 values. (The numeric core has its own copies inside engine/numeric; the engine keeps these
// few lines local so it depends only on the published NumericFormat contract.)

const view = new Float64Array(1);
const words = new Uint32Array(view.buffer);
const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const low = littleEndian ? 0 : 1;
const high = 1 - low;

/** The exact error of s = fl(a + b): a + b = s + error (Knuth's TwoSum). */
export function twoSumError(a: number, b: number, s: number): number {
    const bVirtual = s - a;
    return (a - (s - bVirtual)) + (b - bVirtual);
}

/** The smallest float64 greater than x (x finite). */
export function nextUp(x: number): number {
    if (x === 0) return Number.MIN_VALUE;
    view[0] = x;
    if (x > 0) {
        // Magnitude up by one unit in the last place: the 64-bit integer plus one.
        if (words[low] === 0xffffffff) { words[low] = 0; words[high]++; } else words[low]++;
    } else if (words[low] === 0) { words[low] = 0xffffffff; words[high]--; } else words[low]--;
    return view[0]!;
}

/** The largest float64 less than x (x finite). */
export function nextDown(x: number): number {
    return -nextUp(-x);
}

/** Whether a normal float64's significand fits in 28 bits (its low 25 fraction bits are zero). */
export function hasAtMost28SignificantBits(x: number): boolean {
    view[0] = x;
    return (words[low]! & 0x1ffffff) === 0;
}
