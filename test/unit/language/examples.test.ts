// The examples are part of the specification: every working example checks without an error
// or a warning, and the generated data sets match their generator.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkSource } from './phg-test-services.js';

const examples = join(import.meta.dirname, '../../../examples');

describe('examples', () => {
    for (const name of readdirSync(examples, { withFileTypes: true }).filter((entry) => entry.isFile() && entry.name.endsWith('.phg')).map((entry) => entry.name).sort()) {
        it(`${name} checks clean`, async () => {
            const { diagnostics } = await checkSource(readFileSync(join(examples, name), 'utf8'), `example-${name}`);
            expect(diagnostics.map((d) => `${d.range.start.line + 1}: ${String(d.code)} ${String(d.message)}`)).toEqual([]);
        });
    }

    it.each([
        ['digits.phg', 'xs', '[64]<1>'],
        ['digits.phg', 'W1', '[64, 32]<1>'],
        ['digits.phg', 'W2', '[32, 10]<1>'],
        ['drag.phg', 'Cd', '[]<1>'],
        ['drag.phg', 'b', '[]<kg/s>'],
        ['drag.phg', 'F', '[3]<N>'],
        ['spring.phg', 'k', '[]<kg/s^2>'],
        ['spring.phg', 'c', '[]<kg/s>'],
        ['spring.phg', 'force', '[]<N>']
    ])('%s infers %s as %s', async (file, name, type) => {
        const { analysis } = await checkSource(readFileSync(join(examples, file), 'utf8'), `inferred-${file}`);
        const value = analysis.models.flatMap((model) => model.values).find((candidate) => candidate.name === name);
        expect(value ? analysis.formatType(value.type) : 'missing').toBe(type);
        expect(value?.dimensionAnnotated).toBe(false);
    });

    it('ship data sets that match their generator', () => {
        expect(() => execFileSync(process.execPath, [join(import.meta.dirname, '../../../scripts/data/generate-physics-data.mjs'), '--check'], { stdio: 'pipe' })).not.toThrow();
    });
});
