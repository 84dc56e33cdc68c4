// A small seeded generator (mulberry32) so random tests are reproducible run to run.

/** Deterministic pseudo-random numbers from a 32-bit seed. */
export class SeededRandom {
    private state: number;

    constructor(seed: number) {
        this.state = seed >>> 0;
    }

    /** A uniform 32-bit unsigned integer. */
    nextUint32(): number {
        this.state = (this.state + 0x6d2b79f5) >>> 0;
        let t = this.state;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return (t ^ (t >>> 14)) >>> 0;
    }

    /** A uniform float in [0, 1). */
    next(): number {
        return this.nextUint32() / 2 ** 32;
    }

    /** A uniform integer in [0, n). */
    below(n: number): number {
        return Math.floor(this.next() * n);
    }

    /** A uniform unsigned bigint of `bits` bits. */
    bits(bits: number): bigint {
        let value = 0n;
        for (let produced = 0; produced < bits; produced += 32) value = (value << 32n) | BigInt(this.nextUint32());
        return value & ((1n << BigInt(bits)) - 1n);
    }

    /** One element of a list. */
    pick<T>(items: readonly T[]): T {
        return items[this.below(items.length)];
    }
}
