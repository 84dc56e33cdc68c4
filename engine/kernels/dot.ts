// Inner loops of every contraction: strided dot products of decoded float64 operands, and signed
// sums against a direction's sign bits (a ±1 or 0 operand that is never materialised). Each loop
// comes in the three flavours the accumulation modes need: a float64 sum with its magnitude bound
// (the certified quire fast path), a quire, and a rounded running sum. Results of the float64
// flavour go to `partial` so the loops allocate nothing.
import type { Quire } from '../numeric/format.js';
import type { Accumulation } from './accumulation.js';

/**
 * Running float64 sum and Σ|term| of the certified fast path; `inexact` is set by the tracked
 * loops when some float64 addition was not exact (TwoSum error ≠ 0).
 */
export const partial = { sum: 0, magnitude: 0, terms: 0, inexact: false };

/** Resets `partial` before a new result. */
export function resetPartial(): void {
    partial.sum = 0;
    partial.magnitude = 0;
    partial.terms = 0;
    partial.inexact = false;
}

/**
 * Like `floatDot`, but adds term by term into `partial.sum` and records whether every addition was
 * exact. The second chance before the quire: exact ties (common with integer data) defeat the
 * interval test, yet their float64 sum is exact, so one rounding of it is the correct result.
 */
export function trackedDot(a: Float64Array, ai: number, as: number, b: Float64Array, bi: number, bs: number, n: number): void {
    let sum = partial.sum;
    let inexact = partial.inexact;
    for (let i = 0; i < n; i++, ai += as, bi += bs) {
        const p = a[ai]! * b[bi]!;
        const t = sum + p;
        if (!inexact) {
            const bVirtual = t - sum;
            inexact = (sum - (t - bVirtual)) + (p - bVirtual) !== 0;
        }
        sum = t;
    }
    partial.sum = sum;
    partial.inexact = inexact;
}

/** `trackedDot` for a signed sum against a direction. */
export function trackedSignedSum(v: Float64Array, vi: number, vs: number, signs: Uint32Array, signsAt: number, mask: Uint32Array | null, maskAt: number, e: number, es: number, n: number): void {
    let sum = partial.sum;
    let inexact = partial.inexact;
    for (let i = 0; i < n; i++, vi += vs, e += es) {
        const d = directionComponent(signs, signsAt, mask, maskAt, e);
        if (d === 0) continue;
        const p = d * v[vi]!;
        const t = sum + p;
        if (!inexact) {
            const bVirtual = t - sum;
            inexact = (sum - (t - bVirtual)) + (p - bVirtual) !== 0;
        }
        sum = t;
    }
    partial.sum = sum;
    partial.inexact = inexact;
}

/** Adds Σ a[ai + i·as]·b[bi + i·bs], i < n, and its magnitude to `partial`. */
export function floatDot(a: Float64Array, ai: number, as: number, b: Float64Array, bi: number, bs: number, n: number): void {
    let sum = 0;
    let magnitude = 0;
    for (let i = 0; i < n; i++) {
        const p = a[ai]! * b[bi]!;
        sum += p;
        magnitude += Math.abs(p);
        ai += as;
        bi += bs;
    }
    partial.sum += sum;
    partial.magnitude += magnitude;
    partial.terms += n;
}

/** Adds the exact Σ a·b of the same strided operands to a quire. */
export function quireDot(quire: Quire, a: Float64Array, ai: number, as: number, b: Float64Array, bi: number, bs: number, n: number): void {
    for (let i = 0; i < n; i++) {
        quire.addValueProduct(a[ai]!, b[bi]!);
        ai += as;
        bi += bs;
    }
}

/**
 * Continues a rounded running sum (start from `acc.emptySum`) with the rounded products, in index
 * order.
 */
export function roundedDot(acc: Accumulation, running: number, a: Float64Array, ai: number, as: number, b: Float64Array, bi: number, bs: number, n: number): number {
    let i = 0;
    if (acc.nativeFloat64) {
        for (; i < n; i++, ai += as, bi += bs) running += a[ai]! * b[bi]!;
    } else if (acc.nativeFloat32) {
        for (; i < n; i++, ai += as, bi += bs) running = Math.fround(running + Math.fround(a[ai]! * b[bi]!));
    } else {
        for (; i < n; i++, ai += as, bi += bs) running = acc.add(running, acc.mul(a[ai]!, b[bi]!));
    }
    return running;
}

/** Sign (+1, −1) or 0 of component `e` of a direction (bit set in `signs` = −1; `mask` null = all nonzero). */
export function directionComponent(signs: Uint32Array, signsAt: number, mask: Uint32Array | null, maskAt: number, e: number): number {
    if (mask !== null && ((mask[maskAt + (e >>> 5)]! >>> (e & 31)) & 1) === 0) return 0;
    return ((signs[signsAt + (e >>> 5)]! >>> (e & 31)) & 1) === 1 ? -1 : 1;
}

/** Adds Σ v[vi + i·vs]·d(e0 + i·es) for a direction d to `partial`. */
export function floatSignedSum(v: Float64Array, vi: number, vs: number, signs: Uint32Array, signsAt: number, mask: Uint32Array | null, maskAt: number, e: number, es: number, n: number): void {
    let sum = 0;
    let magnitude = 0;
    if (mask === null) {
        for (let i = 0; i < n; i++, vi += vs, e += es) {
            const x = v[vi]!;
            sum += ((signs[signsAt + (e >>> 5)]! >>> (e & 31)) & 1) === 1 ? -x : x;
            magnitude += Math.abs(x);
        }
    } else {
        for (let i = 0; i < n; i++, vi += vs, e += es) {
            const d = directionComponent(signs, signsAt, mask, maskAt, e);
            if (d === 0) continue;
            const x = v[vi]!;
            sum += d * x;
            magnitude += Math.abs(x);
        }
    }
    partial.sum += sum;
    partial.magnitude += magnitude;
    partial.terms += n;
}

/** Adds the same signed sum exactly to a quire. */
export function quireSignedSum(quire: Quire, v: Float64Array, vi: number, vs: number, signs: Uint32Array, signsAt: number, mask: Uint32Array | null, maskAt: number, e: number, es: number, n: number): void {
    for (let i = 0; i < n; i++, vi += vs, e += es) {
        const d = directionComponent(signs, signsAt, mask, maskAt, e);
        if (d !== 0) quire.addValue(d * v[vi]!);
    }
}

/** Continues a rounded running sum with the signed terms (±x is exact; each add rounds). */
export function roundedSignedSum(acc: Accumulation, running: number, v: Float64Array, vi: number, vs: number, signs: Uint32Array, signsAt: number, mask: Uint32Array | null, maskAt: number, e: number, es: number, n: number): number {
    for (let i = 0; i < n; i++, vi += vs, e += es) {
        const d = directionComponent(signs, signsAt, mask, maskAt, e);
        if (d === 0) continue;
        const term = d * v[vi]!;
        running = running !== running ? term : acc.add(running, term);
    }
    return running;
}

/** A two-level strided index: Σ over o < outer, i < inner of x[xo + o·xOuter + i·xInner]·y[…]. */
export interface Strided2 {
    xo: number;
    xOuter: number;
    xInner: number;
    yo: number;
    yOuter: number;
    yInner: number;
    outer: number;
    inner: number;
}

/** `floatDot` over a two-level index (collapsed to one loop when a level has length 1). */
export function floatDot2(x: Float64Array, y: Float64Array, g: Strided2): void {
    if (g.inner === 1) return floatDot(x, g.xo, g.xOuter, y, g.yo, g.yOuter, g.outer);
    if (g.outer === 1) return floatDot(x, g.xo, g.xInner, y, g.yo, g.yInner, g.inner);
    for (let o = 0; o < g.outer; o++) floatDot(x, g.xo + o * g.xOuter, g.xInner, y, g.yo + o * g.yOuter, g.yInner, g.inner);
}

/** `trackedDot` over a two-level index. */
export function trackedDot2(x: Float64Array, y: Float64Array, g: Strided2): void {
    for (let o = 0; o < g.outer; o++) trackedDot(x, g.xo + o * g.xOuter, g.xInner, y, g.yo + o * g.yOuter, g.yInner, g.inner);
}

/** `quireDot` over a two-level index. */
export function quireDot2(quire: Quire, x: Float64Array, y: Float64Array, g: Strided2): void {
    for (let o = 0; o < g.outer; o++) quireDot(quire, x, g.xo + o * g.xOuter, g.xInner, y, g.yo + o * g.yOuter, g.yInner, g.inner);
}

/** `roundedDot` over a two-level index, outer level first. */
export function roundedDot2(acc: Accumulation, running: number, x: Float64Array, y: Float64Array, g: Strided2): number {
    if (g.inner === 1) return roundedDot(acc, running, x, g.xo, g.xOuter, y, g.yo, g.yOuter, g.outer);
    for (let o = 0; o < g.outer; o++) running = roundedDot(acc, running, x, g.xo + o * g.xOuter, g.xInner, y, g.yo + o * g.yOuter, g.yInner, g.inner);
    return running;
}

/** The correctly rounded (quire) or running-rounded (rounded) Σ x·y over a two-level index, as a pattern. */
export function contractPattern(acc: Accumulation, x: Float64Array, y: Float64Array, g: Strided2): number {
    if (acc.mode === 'rounded') return acc.encode(roundedDot2(acc, acc.emptySum, x, y, g));
    if (acc.exactProducts) {
        resetPartial();
        floatDot2(x, y, g);
        const pattern = acc.certifyPattern(partial.sum, partial.magnitude, partial.terms);
        if (pattern === pattern) return pattern;
        resetPartial();
        trackedDot2(x, y, g);
        if (!partial.inexact) return acc.encode(partial.sum);
    }
    acc.fallbacks++;
    acc.quire.clear();
    quireDot2(acc.quire, x, y, g);
    return acc.quire.round() as number;
}
