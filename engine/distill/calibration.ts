// Calibration of a classifier's confidence: expected calibration error (Guo et al. 2017) over
// equal-width confidence bins, ECE = Σ_b (n_b / n)·|accuracy_b − confidence_b|, where a row's
// confidence is its largest class probability and it falls in bin ⌈confidence·B⌉ (bins are
// (k/B, (k+1)/B], the first also takes 0). Also the accuracy and the mean negative log-likelihood
// of the labels, from the same probabilities.
import { argmax } from './soft-labels.js';

/** One confidence bin. */
export interface CalibrationBin {
    readonly low: number;
    readonly high: number;
    readonly count: number;
    /** Mean confidence of the rows in the bin (NaN when empty). */
    readonly confidence: number;
    /** Fraction of them predicted right (NaN when empty). */
    readonly accuracy: number;
}

/** Accuracy, ECE and NLL of probabilities (rows × classes) against labels. */
export interface Calibration {
    readonly rows: number;
    readonly accuracy: number;
    readonly ece: number;
    /** Mean −log p(label); Infinity when some label has probability 0. */
    readonly nll: number;
    readonly bins: readonly CalibrationBin[];
}

/** The default number of bins (the usual choice in the calibration literature). */
export const defaultCalibrationBins = 15;

/** Measures the calibration of `probabilities` (rows × classes, row after row) against `labels`. */
export function calibrationOf(probabilities: ArrayLike<number>, labels: ArrayLike<number>, classes: number, binCount = defaultCalibrationBins): Calibration {
    const rows = labels.length;
    const counts = new Float64Array(binCount);
    const confidences = new Float64Array(binCount);
    const corrects = new Float64Array(binCount);
    let correct = 0;
    let nll = 0;
    for (let r = 0; r < rows; r++) {
        const at = r * classes;
        const predicted = argmax(probabilities, at, classes);
        const confidence = probabilities[at + predicted]!;
        const right = predicted === labels[r] ? 1 : 0;
        const bin = Math.min(binCount - 1, Math.max(0, Math.ceil(confidence * binCount) - 1));
        counts[bin]! += 1;
        confidences[bin]! += confidence;
        corrects[bin]! += right;
        correct += right;
        nll -= Math.log(probabilities[at + labels[r]!]!);
    }
    let ece = 0;
    const bins: CalibrationBin[] = [];
    for (let b = 0; b < binCount; b++) {
        const n = counts[b]!;
        const confidence = n > 0 ? confidences[b]! / n : NaN;
        const accuracy = n > 0 ? corrects[b]! / n : NaN;
        if (n > 0) ece += (n / rows) * Math.abs(accuracy - confidence);
        bins.push({ low: b / binCount, high: (b + 1) / binCount, count: n, confidence, accuracy });
    }
    return { rows, accuracy: rows > 0 ? correct / rows : NaN, ece, nll: rows > 0 ? nll / rows : NaN, bins };
}

/**
 * Temperature scaling (Guo et al. 2017), applied to probabilities: softmax(z / t) for the logits z
 * behind them, i.e. each row's p^(1/t) renormalised. It never changes a row's predicted class, so
 * it calibrates without touching accuracy — the baseline a posterior's calibration must beat.
 */
export function temperatureScaled(probabilities: ArrayLike<number>, classes: number, temperature: number): Float64Array {
    const out = new Float64Array(probabilities.length);
    for (let at = 0; at < probabilities.length; at += classes) {
        // log p = z − logsumexp(z): the row's logits up to a constant, which softmax ignores.
        let top = -Infinity;
        for (let c = 0; c < classes; c++) top = Math.max(top, Math.log(probabilities[at + c]!) / temperature);
        let sum = 0;
        for (let c = 0; c < classes; c++) {
            const value = Math.exp(Math.log(probabilities[at + c]!) / temperature - top);
            out[at + c] = value;
            sum += value;
        }
        for (let c = 0; c < classes; c++) out[at + c] = out[at + c]! / sum;
    }
    return out;
}
