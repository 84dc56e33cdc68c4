// The best candidate format for a range: smallest worst-case rounding error among the formats that
// cover it and are no wider than the one in use, ties to fewer bits (then the one in use); the
// narrowest covering format when nothing that narrow covers the range.
import { describe, expect, it } from 'vitest';
import { parseFormat } from '../../../engine/numeric/index.js';
import { bestCandidate, narrowestCovering } from '../../../language/ranges/format-candidates.js';
import { interval } from '../../../language/ranges/interval.js';

const format = (name: string) => parseFormat(name)!;

describe('best candidate format', () => {
    it('near 1, posit<32> keeps more fraction bits than float32 (27 vs 23)', () => {
        const best = bestCandidate(format('float32'), interval(1, 1.3));
        expect(best?.format.name).toBe('posit<32>');
        expect(best?.error).toEqual({ kind: 'relative', value: 1 / (2 ** 28 + 1) });
        expect(best?.wider).toBe(false);
    });

    it('far from 1, a b-posit\'s capped regime beats a posit at the same width', () => {
        expect(bestCandidate(format('posit<16>'), interval(2 ** 40, 2 ** 44))?.format.name).toBe('bposit<16>');
    });

    it('ties go to fewer bits: a range of exactly representable values needs only 8', () => {
        const best = bestCandidate(format('float32'), interval(0.5, 0.5));
        expect(best).toMatchObject({ format: { name: 'posit<8>' }, error: { kind: 'relative', value: 0 } });
    });

    it('ties at one width keep the format in use', () => {
        // 1 + 2^-6 needs six fraction bits: exact in every 16-bit format, not in posit8 (three bits near 1).
        const value = 1 + 2 ** -6;
        expect(bestCandidate(format('float16'), interval(value, value))?.format.name).toBe('float16');
        expect(bestCandidate(format('bposit<16>'), interval(value, value))?.format.name).toBe('bposit<16>');
    });

    it('in [0, 16] posit16 keeps 11 fraction bits below 16 where float16 has 10', () => {
        expect(bestCandidate(format('float16'), interval(0, 16))?.format.name).toBe('posit<16>');
    });

    it('a range beyond the format names the narrowest format that covers it', () => {
        // At 2^30: bposit16 keeps 8 fraction bits, bfloat16 7, posit16 4; float16 stops at 65504.
        const best = bestCandidate(format('posit<8>'), interval(0, 1e9));
        expect(best).toMatchObject({ format: { name: 'bposit<16>' }, wider: true });
        // Near 2^66 … 2^100 bfloat16 keeps 7 fraction bits, bposit16 6 down to 5: the most precise 16-bit one.
        expect(narrowestCovering(interval(1e20, 1e30))?.name).toBe('bfloat16');
    });

    it('an unbounded range has no candidate', () => {
        expect(bestCandidate(format('float32'), interval(0, Infinity))).toBeUndefined();
    });
});
