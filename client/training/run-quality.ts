// How good a run is, in the measure its model has: accuracy for a classifier, validation mse for
// a regression (the CLI reports accuracy −1 for a model without class labels).
import { formatAccuracy, formatLoss } from './format.js';

export type RunQuality =
    | { readonly kind: 'accuracy'; readonly value: number }
    | { readonly kind: 'validationLoss'; readonly value: number };

/** The CLI's accuracy, or undefined where it does not apply (reported as a negative number). */
export function accuracyValue(reported: number): number | undefined {
    return reported >= 0 ? reported : undefined;
}

/** The quality of an epoch or a finished run. */
export function qualityOf(measured: { readonly accuracy: number | undefined; readonly validationLoss?: number | undefined }): RunQuality | undefined {
    if (measured.accuracy !== undefined && measured.accuracy >= 0) return { kind: 'accuracy', value: measured.accuracy };
    if (measured.validationLoss !== undefined) return { kind: 'validationLoss', value: measured.validationLoss };
    return undefined;
}

/** "acc 95.1%" / "val mse 0.1234" (status bar, progress). */
export function shortQuality(quality: RunQuality | undefined): string | undefined {
    if (quality === undefined) return undefined;
    return quality.kind === 'accuracy' ? `acc ${formatAccuracy(quality.value)}` : `val mse ${formatLoss(quality.value)}`;
}

/** "accuracy 95.1%" / "validation mse 0.1234" (notifications, the panel). */
export function longQuality(quality: RunQuality | undefined): string | undefined {
    if (quality === undefined) return undefined;
    return quality.kind === 'accuracy' ? `accuracy ${formatAccuracy(quality.value)}` : `validation mse ${formatLoss(quality.value)}`;
}
