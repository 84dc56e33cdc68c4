// Generates the small, deterministic data sets of the physics examples (examples/drag.phg,
// examples/spring.phg): the same seed gives byte-identical CSV files on every machine.
//
//   node scripts/data/generate-physics-data.mjs          writes examples/data/{drag,spring}/
//   node scripts/data/generate-physics-data.mjs --check  exits 1 if the committed files differ
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gaussian, prng } from './seeded-random.mjs';
import { csvNumber, csvText, writeOrCheckGeneratedFiles } from './generated-files.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');

function uniform(random, low, high) {
    return low + (high - low) * random();
}

/** Drag on a body: F = −(½ ρ C_d A |v| v + b v), C_d = 0.47, b = 0.8 kg/s, 1 % noise. */
function dragRows(random, count) {
    const Cd = 0.47;
    const b = 0.8;
    const rows = [];
    for (let i = 0; i < count; i++) {
        const v = [uniform(random, -30, 30), uniform(random, -30, 30), uniform(random, -30, 30)];
        const rho = uniform(random, 1.0, 1.3);
        const area = uniform(random, 0.3, 0.8);
        const speed = Math.hypot(...v);
        const force = v.map((component) => -(0.5 * rho * Cd * area * speed * component + b * component) * (1 + 0.01 * gaussian(random)));
        rows.push([...v, rho, area, ...force].map(csvNumber).join(','));
    }
    return rows;
}

/** A damped spring: a = (−k x − c v) / m, k = 40 N/m, c = 1.5 kg/s, 1 % noise. */
function springRows(random, count) {
    const k = 40;
    const c = 1.5;
    const rows = [];
    for (let i = 0; i < count; i++) {
        const x = uniform(random, -0.5, 0.5);
        const v = uniform(random, -2, 2);
        const mass = uniform(random, 0.5, 2);
        const acc = ((-k * x - c * v) / mass) * (1 + 0.01 * gaussian(random));
        rows.push([x, v, mass, acc].map(csvNumber).join(','));
    }
    return rows;
}

writeOrCheckGeneratedFiles(root, {
    'examples/data/drag/train.csv': csvText(dragRows(prng(11), 800)),
    'examples/data/drag/test.csv': csvText(dragRows(prng(12), 200)),
    'examples/data/spring/train.csv': csvText(springRows(prng(21), 800)),
    'examples/data/spring/test.csv': csvText(springRows(prng(22), 200))
});
