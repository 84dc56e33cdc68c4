import { describe, expect, it } from 'vitest';
import { formatAccuracy, formatBytes, formatDuration, formatLoss } from '../../../client/training/format.js';

describe('number formatting', () => {
    it('writes bytes in binary units with three significant digits', () => {
        expect([0, 1023, 1024, 1536, 3 * 1024 * 1024 + 300 * 1024].map(formatBytes)).toEqual(['0 B', '1023 B', '1.00 KiB', '1.50 KiB', '3.29 MiB']);
    });
    it('writes accuracy as a percentage with one decimal', () => {
        expect([0.9512, 1, 0].map(formatAccuracy)).toEqual(['95.1%', '100.0%', '0.0%']);
    });
    it('writes loss with four significant digits, scientific when tiny', () => {
        expect([0.123456, 2.5, 0.0000123, Number.NaN].map(formatLoss)).toEqual(['0.1235', '2.500', '1.230e-5', 'NaN']);
    });
    it('writes durations in ms, s, or min s', () => {
        expect([850, 12_340, 245_000].map(formatDuration)).toEqual(['850 ms', '12.3 s', '4 min 05 s']);
    });
});
