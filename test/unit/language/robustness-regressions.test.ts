// Every input that once crashed the analysis is kept under test/fixtures/robustness/ (each file
// says which fuzz seed found it and what went wrong). Each must come back as diagnostics: no
// exception, nothing logged to console.error (Langium logs a validator that throws).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { checkSource } from './phg-test-services.js';

const folder = join(import.meta.dirname, '../../fixtures/robustness');
const fixtures = readdirSync(folder).filter((name) => name.endsWith('.phg')).sort();

describe('inputs that once crashed the analysis', () => {
    let errors: unknown[] = [];
    beforeEach(() => {
        errors = [];
        vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => { errors.push(args); });
    });
    afterEach(() => vi.restoreAllMocks());

    it('has fixtures to check', () => {
        expect(fixtures.length).toBeGreaterThan(0);
    });

    for (const name of fixtures) {
        it(`${name} is analysed without an exception`, async () => {
            const { diagnostics, analysis } = await checkSource(readFileSync(join(folder, name), 'utf8'), `robustness-${name}`);
            expect(errors).toEqual([]);
            // A validator that throws also shows up as an editor diagnostic "An error occurred during …".
            expect(diagnostics.map((d) => typeof d.message === 'string' ? d.message : d.message.value).filter((message) => message.startsWith('An error occurred'))).toEqual([]);
            expect(analysis.diagnostics).toBeDefined();
        });
    }
});
