// Expected calibration error on examples whose bins and gaps are worked out by hand.
import { describe, expect, it } from 'vitest';
import { calibrationOf } from '../../../engine/distill/calibration.js';

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
