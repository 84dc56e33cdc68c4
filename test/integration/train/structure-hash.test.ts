// The structure hash of lowered .phg files (test/fixtures/train-models/structure/*.phg, each with
// its expectation in its first line): a comment, layout or initialiser edit keeps the hash of
// base.phg; a shape, dimension, format or wiring edit changes it.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadTrainingModel } from '../../../cli/train-model-loader.js';
import { trainFixtures } from '../../unit/engine/support/digits.js';

const folder = `${trainFixtures}structure/`;
const files = readdirSync(folder).filter((f) => f.endsWith('.phg'));

async function hashOf(file: string): Promise<string> {
    const loaded = await loadTrainingModel(`${folder}${file}`, folder, {});
    if (!loaded.ok) throw new Error(loaded.error.message);
    return loaded.value.structureHash;
}

describe('structure hash of lowered models', () => {
    for (const file of files.filter((f) => f !== 'base.phg')) {
        const expectation = readFileSync(`${folder}${file}`, 'utf8').split('\n')[0]!;
        it(`${file} ${expectation.replace('// expect: ', '→ ')}`, async () => {
            const [base, variant] = await Promise.all([hashOf('base.phg'), hashOf(file)]);
            if (expectation.includes('same as base')) expect(variant).toBe(base);
            else expect(variant).not.toBe(base);
        });
    }
});
