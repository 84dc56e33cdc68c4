// Random directions of the forward gradient, regenerated instead of stored. A direction is a
// Rademacher vector (each component +1 or −1 with probability ½, so E[v vᵀ] = I and the forward
// gradient (∇L·v) v is unbiased). Component e of parameter p in tangent k of step s is bit (e & 31)
// of a counter-based hash of (seed, s, k, p, e >>> 5): any component can be recomputed at update
// time in O(1), so no direction is ever kept between the tangent pass and the update. ±1 is exact in
// every format, so directions are never rounded.

/** Identifies one direction: a run seed, a step, a tangent index and a parameter index. */
export interface DirectionKey {
    readonly seed: number;
    readonly step: number;
    readonly tangent: number;
    readonly param: number;
}

/** The hash state of one direction; `directionWord` expands it. */
export function directionBase(key: DirectionKey): number {
    return mix(mix(mix(mix(key.seed >>> 0) ^ key.step) ^ Math.imul(key.tangent + 1, 0x27d4eb2f)) ^ Math.imul(key.param + 1, 0x165667b1));
}

/** Sign bits of components [32·w, 32·w + 32) of the direction with hash state `base` (bit set = −1). */
export function directionWord(base: number, w: number): number {
    return mix(base ^ Math.imul(w + 1, 0x9e3779b9));
}

/** Fills `words[at…]` with the sign words of the first `count` words of a direction. */
export function fillDirectionSigns(key: DirectionKey, words: Uint32Array, at: number, count: number): void {
    const base = directionBase(key);
    for (let w = 0; w < count; w++) words[at + w] = directionWord(base, w);
}

/** Number of 32-bit words holding the signs of `components` components. */
export function directionWords(components: number): number {
    return Math.ceil(components / 32);
}

// murmur3's 32-bit finaliser: full avalanche, so neighbouring counters give independent words.
function mix(h: number): number {
    h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
    return (h ^ (h >>> 16)) >>> 0;
}
