// The engine's seeded pseudo-random generator: xoshiro128** (Blackman & Vigna) seeded through
// splitmix32, in 32-bit integer arithmetic. Every random choice of a run (initialisation,
// shuffling) draws from one of these, so a run is a pure function of its seed. Math.random is
// never used. The state is four 32-bit words and can be saved in a checkpoint and restored.

/** A deterministic stream of 32-bit words, uniforms and normals. */
export class Xoshiro128 {
    private s0: number;
    private s1: number;
    private s2: number;
    private s3: number;
    private spareNormal: number | undefined;

    /** Seeds the four state words from `seed` and a `stream` index with splitmix32. */
    constructor(seed: number, stream = 0) {
        let x = (seed ^ Math.imul(stream + 1, 0x9e3779b9)) >>> 0;
        const next = (): number => {
            x = (x + 0x9e3779b9) >>> 0;
            let z = x;
            z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
            z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
            return (z ^ (z >>> 16)) >>> 0;
        };
        this.s0 = next();
        this.s1 = next();
        this.s2 = next();
        this.s3 = next();
        if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
    }

    /** The next 32-bit word. */
    nextUint32(): number {
        const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
        const t = this.s1 << 9;
        this.s2 ^= this.s0;
        this.s3 ^= this.s1;
        this.s1 ^= this.s2;
        this.s0 ^= this.s3;
        this.s2 ^= t;
        this.s3 = rotl(this.s3, 11);
        return result;
    }

    /** A uniform double in [0, 1) with 53 random bits. */
    nextUniform(): number {
        const high = this.nextUint32() >>> 5;
        const low = this.nextUint32() >>> 6;
        return (high * 67108864 + low) / 9007199254740992;
    }

    /** A uniform integer in [0, n) without modulo bias. */
    nextInt(n: number): number {
        if (n <= 0) return 0;
        const limit = Math.floor(4294967296 / n) * n;
        for (;;) {
            const word = this.nextUint32();
            if (word < limit) return word % n;
        }
    }

    /** A standard normal deviate (Box–Muller; the second deviate is kept for the next call). */
    nextNormal(): number {
        if (this.spareNormal !== undefined) {
            const spare = this.spareNormal;
            this.spareNormal = undefined;
            return spare;
        }
        let u = this.nextUniform();
        while (u === 0) u = this.nextUniform();
        const v = this.nextUniform();
        const radius = Math.sqrt(-2 * Math.log(u));
        this.spareNormal = radius * Math.sin(2 * Math.PI * v);
        return radius * Math.cos(2 * Math.PI * v);
    }

    /** Shuffles `order` in place (Fisher–Yates). */
    shuffle(order: Uint32Array | number[]): void {
        for (let i = order.length - 1; i > 0; i--) {
            const j = this.nextInt(i + 1);
            const t = order[i]!;
            order[i] = order[j]!;
            order[j] = t;
        }
    }

    /** The full state, for checkpoints. */
    state(): XoshiroState {
        return { words: [this.s0 >>> 0, this.s1 >>> 0, this.s2 >>> 0, this.s3 >>> 0], spareNormal: this.spareNormal ?? null };
    }

    /** Restores a state saved by `state()`. */
    restore(state: XoshiroState): void {
        [this.s0, this.s1, this.s2, this.s3] = state.words;
        this.spareNormal = state.spareNormal ?? undefined;
    }
}

/** A generator's saved state. */
export interface XoshiroState {
    readonly words: readonly [number, number, number, number];
    readonly spareNormal: number | null;
}

function rotl(x: number, k: number): number {
    return (x << k) | (x >>> (32 - k));
}
