// Generates the small, deterministic data sets of the physics examples (examples/drag.phg,
// examples/spring.phg): the same seed gives byte-identical CSV files on every machine.
//
//   node scripts/data/generate-physics-data.mjs          writes examples/data/{drag,spring}/
//   node scripts/data/generate-physics-data.mjs --check  exits 1 if the committed files differ
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');

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

function uniform(random, low, high) {
    return low + (high - low) * random();
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
        rows.push([...v, rho, area, ...force].map(number).join(','));
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
        rows.push([x, v, mass, acc].map(number).join(','));
    }
    return rows;
}

const files = {
    'examples/data/drag/train.csv': dragRows(prng(11), 800),
    'examples/data/drag/test.csv': dragRows(prng(12), 200),
    'examples/data/spring/train.csv': springRows(prng(21), 800),
    'examples/data/spring/test.csv': springRows(prng(22), 200)
};

const check = process.argv.includes('--check');
let stale = 0;
for (const [path, rows] of Object.entries(files)) {
    const text = rows.join('\n') + '\n';
    const target = join(root, path);
    if (check) {
        let current = '';
        try { current = readFileSync(target, 'utf8'); } catch { current = ''; }
        if (current !== text) { console.error(`${path} differs from its generator`); stale++; }
        continue;
    }
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, text);
    console.log(`${path}: ${rows.length} rows`);
}
process.exit(stale > 0 ? 1 : 0);
