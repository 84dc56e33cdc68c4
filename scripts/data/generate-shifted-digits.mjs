// Generates the shifted-digits domain of the distillation example and benchmark
// (examples/clinic.phg, npm run bench:distill): optdigits as another scanner would have produced
// it — thicker strokes, the whole image one pixel right and one pixel down, and speckle noise.
//
// optdigits stores each digit as the counts of set pixels in the 4×4 blocks of a 32×32 bitmap.
// The transform works on that bitmap, the data's native resolution:
//   1. rebuild a bitmap from the counts: in each block, set the `count` pixels where a bilinear
//      interpolation of the count field is largest (so strokes stay connected); re-counting gives
//      back exactly the original row (the generator checks it for every row);
//   2. thicken strokes: dilate by one pixel (4-neighbourhood);
//   3. shift the bitmap one pixel right and one pixel down (what falls off is lost);
//   4. flip every pixel with probability 5 % (speckle), from a seeded PRNG;
//   5. count the set pixels of each 4×4 block again (0..16), as optdigits does.
// The same seeds give byte-identical files on every machine.
//
//   node scripts/data/generate-shifted-digits.mjs          writes examples/data/optdigits-shifted/
//   node scripts/data/generate-shifted-digits.mjs --check  exits 1 if the committed files differ
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { prng } from './seeded-random.mjs';
import { csvText, writeOrCheckGeneratedFiles } from './generated-files.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const source = join(root, 'examples/data/optdigits');
const target = 'examples/data/optdigits-shifted';

/** The transform's parameters (documented in examples/data/optdigits-shifted/README.md). */
const shiftedDomain = { dilation: 1, shiftRight: 1, shiftDown: 1, flipProbability: 0.05, trainSeed: 11, testSeed: 12, clinicSeed: 13, clinicPerClass: 5, validationSeed: 14, validationPerClass: 20 };

/** A 32×32 bitmap whose 4×4 block counts are the 64 counts of an optdigits row. */
function bitmapOf(counts) {
    // Bilinear interpolation of the count field between block centres (4i + 1.5).
    const field = (u, v) => {
        const fi = Math.min(7, Math.max(0, (u - 1.5) / 4));
        const fj = Math.min(7, Math.max(0, (v - 1.5) / 4));
        const i0 = Math.floor(fi), j0 = Math.floor(fj);
        const i1 = Math.min(7, i0 + 1), j1 = Math.min(7, j0 + 1);
        const a = fi - i0, b = fj - j0;
        return (1 - a) * (1 - b) * counts[i0 * 8 + j0] + (1 - a) * b * counts[i0 * 8 + j1] + a * (1 - b) * counts[i1 * 8 + j0] + a * b * counts[i1 * 8 + j1];
    };
    const bitmap = new Uint8Array(1024);
    for (let bi = 0; bi < 8; bi++) {
        for (let bj = 0; bj < 8; bj++) {
            const cells = [];
            for (let di = 0; di < 4; di++) for (let dj = 0; dj < 4; dj++) cells.push([field(bi * 4 + di, bj * 4 + dj), bi * 4 + di, bj * 4 + dj]);
            // Largest field first; ties by position, so the order never depends on the sort's stability.
            cells.sort((p, q) => q[0] - p[0] || p[1] - q[1] || p[2] - q[2]);
            for (let k = 0; k < counts[bi * 8 + bj]; k++) bitmap[cells[k][1] * 32 + cells[k][2]] = 1;
        }
    }
    return bitmap;
}

/** The 64 block counts of a 32×32 bitmap. */
function countsOf(bitmap) {
    const counts = new Array(64).fill(0);
    for (let u = 0; u < 32; u++) for (let v = 0; v < 32; v++) counts[(u >> 2) * 8 + (v >> 2)] += bitmap[u * 32 + v];
    return counts;
}

/** Thicker strokes, a one-pixel shift right and down, speckle. */
function shiftBitmap(bitmap, random) {
    let current = bitmap;
    for (let step = 0; step < shiftedDomain.dilation; step++) {
        const dilated = new Uint8Array(1024);
        for (let u = 0; u < 32; u++) {
            for (let v = 0; v < 32; v++) {
                if (!current[u * 32 + v]) continue;
                dilated[u * 32 + v] = 1;
                for (const [du, dv] of [[1, 0], [-1, 0], [0, 1], [0, -1]]) {
                    const a = u + du, b = v + dv;
                    if (a >= 0 && a < 32 && b >= 0 && b < 32) dilated[a * 32 + b] = 1;
                }
            }
        }
        current = dilated;
    }
    const shifted = new Uint8Array(1024);
    for (let u = 0; u < 32; u++) {
        for (let v = 0; v < 32; v++) {
            const a = u - shiftedDomain.shiftDown, b = v - shiftedDomain.shiftRight;
            if (a >= 0 && b >= 0) shifted[u * 32 + v] = current[a * 32 + b];
        }
    }
    for (let i = 0; i < 1024; i++) if (random() < shiftedDomain.flipProbability) shifted[i] ^= 1;
    return shifted;
}

function readRows(file) {
    return readFileSync(file, 'utf8').split('\n').filter((line) => line.trim() !== '').map((line) => line.split(',').map(Number));
}

function shiftRows(rows, seed, name) {
    const random = prng(seed);
    return rows.map((row, index) => {
        const counts = row.slice(0, 64);
        const bitmap = bitmapOf(counts);
        const back = countsOf(bitmap);
        if (back.some((value, i) => value !== counts[i])) throw new Error(`${name} row ${index + 1}: the rebuilt bitmap does not count back to the row`);
        return [...countsOf(shiftBitmap(bitmap, random)), row[64]];
    });
}

/** `perClass` rows of each class (not in `excluded`), drawn without replacement by a seeded shuffle. */
function perClass(rows, perClassCount, seed, excluded = new Set()) {
    const random = prng(seed);
    const picked = [];
    for (let label = 0; label < 10; label++) {
        const indices = rows.map((row, i) => (row[64] === label && !excluded.has(row) ? i : -1)).filter((i) => i >= 0);
        for (let i = indices.length - 1; i > 0; i--) {
            const j = Math.floor(random() * (i + 1));
            [indices[i], indices[j]] = [indices[j], indices[i]];
        }
        picked.push(...indices.slice(0, perClassCount).sort((a, b) => a - b));
    }
    return picked.sort((a, b) => a - b).map((i) => rows[i]);
}

const csv = (rows) => csvText(rows.map((row) => row.join(',')));

const train = shiftRows(readRows(join(source, 'train.csv')), shiftedDomain.trainSeed, 'train.csv');
const test = shiftRows(readRows(join(source, 'test.csv')), shiftedDomain.testSeed, 'test.csv');
const clinic = perClass(train, shiftedDomain.clinicPerClass, shiftedDomain.clinicSeed);
writeOrCheckGeneratedFiles(root, {
    [`${target}/train.csv`]: csv(train),
    [`${target}/test.csv`]: csv(test),
    [`${target}/clinic-5.csv`]: csv(clinic),
    [`${target}/clinic-val.csv`]: csv(perClass(train, shiftedDomain.validationPerClass, shiftedDomain.validationSeed, new Set(clinic)))
});
