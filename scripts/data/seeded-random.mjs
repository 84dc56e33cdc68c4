// The seeded randomness of the data generators: the same seed gives the same numbers on every
// machine and Node version, so the generated data files are byte-identical everywhere.

/** mulberry32: a tiny, well-mixed 32-bit PRNG; a function returning floats in [0, 1). */
export function prng(seed) {
    let a = seed >>> 0;
    return () => {
        a = (a + 0x6d2b79f5) >>> 0;
        let t = a;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

/** A standard normal sample (Box–Muller). */
export function gaussian(random) {
    const u = Math.max(random(), Number.EPSILON);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

