// Expected calibration error on examples whose bins and gaps are worked out by hand.
import { describe, expect, it } from 'vitest';
import { calibrationOf, temperatureScaled } from '../../../engine/distill/calibration.js';

describe('expected calibration error', () => {
    it('weights each bin’s |accuracy − confidence| by its share of the rows', () => {
        // Two classes, 10 bins. Rows 1–4: confidence 0.95 (bin 9), 3 of 4 right → gap 0.2.
        // Rows 5–10: confidence 0.62 (bin 6), 3 of 6 right → gap 0.12.
        const rows: [number, number][] = [[0.95, 0], [0.95, 0], [0.95, 0], [0.95, 1], [0.62, 0], [0.62, 0], [0.62, 0], [0.62, 1], [0.62, 1], [0.62, 1]];
        const probabilities = rows.flatMap(([p]) => [p, 1 - p]);
        const labels = rows.map(([, label]) => label);
        const calibration = calibrationOf(probabilities, labels, 2, 10);
        expect(calibration.accuracy).toBeCloseTo(0.6, 12);
        expect(calibration.ece).toBeCloseTo(0.4 * 0.2 + 0.6 * 0.12, 12);
        expect(calibration.bins[9]).toMatchObject({ count: 4, accuracy: 0.75 });
        expect(calibration.bins[6]).toMatchObject({ count: 6, accuracy: 0.5 });
        expect(calibration.bins[9]!.confidence).toBeCloseTo(0.95, 12);
        expect(calibration.nll).toBeCloseTo(-(3 * Math.log(0.95) + Math.log(0.05) + 3 * Math.log(0.62) + 3 * Math.log(0.38)) / 10, 12);
    });

    it('is zero for a perfectly calibrated predictor and the confidence gap for an overconfident one', () => {
        // Confidence 0.8 in class 0 everywhere; 4 of 5 rows are class 0.
        const probabilities = Array.from({ length: 5 }, () => [0.8, 0.2]).flat();
        expect(calibrationOf(probabilities, [0, 0, 0, 0, 1], 2).ece).toBeCloseTo(0, 12);
        expect(calibrationOf(probabilities, [0, 0, 1, 1, 1], 2).ece).toBeCloseTo(0.8 - 0.4, 12);
    });

    it('puts a confidence on a bin edge in the lower bin ((k/B, (k+1)/B])', () => {
        const calibration = calibrationOf([0.5, 0.5, 0.75, 0.25], [0, 0], 2, 4);
        expect(calibration.bins.map((bin) => bin.count)).toEqual([0, 1, 1, 0]);
    });
});

describe('temperature scaling', () => {
    it('is softmax(z / t) of the logits behind the probabilities', () => {
        // Logits (2, 0, −1): p = softmax(z); at t = 2 the answer is softmax(1, 0, −0.5), worked out directly.
        const z = [2, 0, -1];
        const softmax = (logits: number[]): number[] => {
            const e = logits.map(Math.exp);
            const s = e.reduce((a, b) => a + b, 0);
            return e.map((v) => v / s);
        };
        const scaled = temperatureScaled(softmax(z), 3, 2);
        const expected = softmax(z.map((v) => v / 2));
        expected.forEach((value, c) => expect(scaled[c]).toBeCloseTo(value, 12));
        expect(expected[0]).toBeCloseTo(Math.E / (Math.E + 1 + Math.exp(-0.5)), 12);
    });

    it('keeps each row’s predicted class and its accuracy, and moves its confidence towards (t > 1) or away from (t < 1) uniform', () => {
        const probabilities = [0.7, 0.2, 0.1, 0.05, 0.9, 0.05];
        const labels = [0, 2];
        const softer = temperatureScaled(probabilities, 3, 2);
        const sharper = temperatureScaled(probabilities, 3, 0.5);
        expect(calibrationOf(softer, labels, 3).accuracy).toBe(0.5);
        expect(calibrationOf(sharper, labels, 3).accuracy).toBe(0.5);
        expect(softer[0]).toBeLessThan(0.7);
        expect(sharper[0]).toBeGreaterThan(0.7);
        expect(softer[4]).toBeLessThan(0.9);
        expect(Array.from(temperatureScaled(probabilities, 3, 1)).every((value, i) => Math.abs(value - probabilities[i]!) < 1e-15)).toBe(true);
        expect(softer[0]! + softer[1]! + softer[2]!).toBeCloseTo(1, 14);
    });
});
