// Generates the point correspondences of examples/pose.phg: points p in the cube [-1, 1]³ (metres)
// and the same points moved by one rigid motion — a rotation by 0.9 rad about the axis
// (1, −2, 2)/3 (right-handed, Rodrigues' formula), then a translation t = (0.4, −0.3, 0.2) m — with
// Gaussian noise of σ = 0.01 m on the moved points. The same seed gives byte-identical files on
// every machine; the rotation is computed with plain vectors, independently of the GA engine.
//
//   node scripts/data/generate-pose-data.mjs          writes examples/data/pose/{train,test}.csv
//   node scripts/data/generate-pose-data.mjs --check  exits 1 if the committed files differ
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');

/** The motion the model should learn (also printed in examples/data/README.md). */
export const motion = { angle: 0.9, axis: [1 / 3, -2 / 3, 2 / 3], translation: [0.4, -0.3, 0.2], noise: 0.01 };

/** mulberry32: a tiny, well-mixed 32-bit PRNG; deterministic across platforms. */
function prng(seed) {
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
function gaussian(random) {
    const u = Math.max(random(), Number.EPSILON);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

/** Fixed significant digits, so the text does not depend on float formatting details. */
function number(x) {
    return Number(x.toPrecision(7)).toString();
}

/** Rodrigues: v cos θ + (k × v) sin θ + k (k · v)(1 − cos θ). */
function rotate(v, k, angle) {
    const c = Math.cos(angle);
    const s = Math.sin(angle);
    const cross = [k[1] * v[2] - k[2] * v[1], k[2] * v[0] - k[0] * v[2], k[0] * v[1] - k[1] * v[0]];
    const dot = k[0] * v[0] + k[1] * v[1] + k[2] * v[2];
    return v.map((vi, i) => vi * c + cross[i] * s + k[i] * dot * (1 - c));
}

function rows(random, count) {
    const out = [];
    for (let i = 0; i < count; i++) {
        const p = [0, 1, 2].map(() => 2 * random() - 1);
        const moved = rotate(p, motion.axis, motion.angle).map((v, j) => v + motion.translation[j] + motion.noise * gaussian(random));
        out.push([...p, ...moved].map(number).join(','));
    }
    return out;
}

const files = {
    'examples/data/pose/train.csv': rows(prng(31), 512),
    'examples/data/pose/test.csv': rows(prng(32), 128)
};

const check = process.argv.includes('--check');
let stale = 0;
for (const [path, lines] of Object.entries(files)) {
    const text = lines.join('\n') + '\n';
    const target = join(root, path);
    if (check) {
        let current = '';
        try { current = readFileSync(target, 'utf8'); } catch { current = ''; }
        if (current !== text) { console.error(`${path} differs from its generator`); stale++; }
        continue;
    }
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, text);
    console.log(`${path}: ${lines.length} rows`);
}
process.exit(stale > 0 ? 1 : 0);
