// Formats are named as the language spells them and by short names, everywhere a format is named.
import { describe, expect, it } from 'vitest';
import { allFormats, formatSpellings, parseFormat, parseFormatOrError } from '../../../engine/numeric/index.js';

describe('parseFormat', () => {
    it.each([
        ['posit<8>', 'posit<8>'], ['posit<16>', 'posit<16>'], ['posit< 16 >', 'posit<16>'], ['  posit<32>  ', 'posit<32>'], ['posit<64>', 'posit<64>'],
        ['bposit<16>', 'bposit<16>'], ['bposit<32>', 'bposit<32>'], ['bposit<64>', 'bposit<64>'], ['bposit<32, 6, 5>', 'bposit<32>'],
        ['posit8', 'posit<8>'], ['posit16', 'posit<16>'], ['posit32', 'posit<32>'], ['posit64', 'posit<64>'],
        ['bposit16', 'bposit<16>'], ['bposit32', 'bposit<32>'], ['bposit64', 'bposit<64>'],
        ['float16', 'float16'], ['bfloat16', 'bfloat16'], ['float32', 'float32'], ['float64', 'float64'], ['Float32', 'float32'],
        ['bposit<8, 4, 0>', 'bposit<8, 4, 0>'], ['bposit8_4_0', 'bposit<8, 4, 0>'], ['bposit<16,7,4>', 'bposit<16, 7, 4>']
    ])('%s names %s', (spelling, name) => {
        expect(parseFormat(spelling)?.name).toBe(name);
    });

    it('returns one shared instance per format', () => {
        expect(parseFormat('posit16')).toBe(parseFormat('posit<16>'));
    });

    it.each([
        ['posit12', 'unsupported-width'], ['posit<12>', 'unsupported-width'], ['bposit8', 'unsupported-width'], ['float8', 'unknown-format'],
        ['posit<16, 1>', 'invalid-parameters'], ['bposit<16, 6>', 'invalid-parameters'], ['bposit<16, 11, 5>', 'invalid-parameters'], ['', 'unknown-format'], ['posit<16', 'unknown-format']
    ])('rejects %s with %s and a message', (spelling, code) => {
        const result = parseFormatOrError(spelling);
        expect('error' in result && result.error.code).toBe(code);
        expect(parseFormat(spelling)).toBeUndefined();
    });

    it('points at the spelling and lists the accepted ones', () => {
        const result = parseFormatOrError('  posit9 ');
        expect(result).toEqual({ error: expect.objectContaining({ code: 'unsupported-width', start: 2, end: 8 }) });
        const unknown = parseFormatOrError('double');
        expect('error' in unknown && unknown.error.message).toContain('posit<16>');
        expect(formatSpellings).toContain('bposit32');
    });

    it('allFormats lists the eleven standard formats, each parsed back from its own names', () => {
        expect(allFormats.map((f) => f.shortName)).toEqual(['posit8', 'posit16', 'posit32', 'posit64', 'bposit16', 'bposit32', 'bposit64', 'float16', 'bfloat16', 'float32', 'float64']);
        for (const format of allFormats) {
            expect(parseFormat(format.name)).toBe(format);
            expect(parseFormat(format.shortName)).toBe(format);
        }
    });
});
