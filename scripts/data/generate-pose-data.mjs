// Generates the point correspondences of examples/pose.phg: points p in the cube [-1, 1]³ (metres)
// and the same points moved by one rigid motion — a rotation by 0.9 rad about the axis
// (1, −2, 2)/3 (right-handed, Rodrigues' formula), then a translation t = (0.4, −0.3, 0.2) m — with
// Gaussian noise of σ = 0.01 m on the moved points. The same seed gives byte-identical files on
// every machine; the rotation is computed with plain vectors, independently of the GA engine.
//
//   node scripts/data/generate-pose-data.mjs          writes examples/data/pose/{train,test}.csv
//   node scripts/data/generate-pose-data.mjs --check  exits 1 if the committed files differ
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gaussian, prng } from './seeded-random.mjs';
import { csvNumber, csvText, writeOrCheckGeneratedFiles } from './generated-files.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');

/** The motion the model should learn (also printed in examples/data/README.md). */
export const motion = { angle: 0.9, axis: [1 / 3, -2 / 3, 2 / 3], translation: [0.4, -0.3, 0.2], noise: 0.01 };

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
        out.push([...p, ...moved].map(csvNumber).join(','));
    }
    return out;
}

writeOrCheckGeneratedFiles(root, {
    'examples/data/pose/train.csv': csvText(rows(prng(31), 512)),
    'examples/data/pose/test.csv': csvText(rows(prng(32), 128))
});
