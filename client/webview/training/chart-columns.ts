// The data of the panel's curves in uPlot's column layout: one x column, one column per series,
// aligned, with null where a series has no point. Pure, so it is unit-tested without a browser.
import type { TrainingRunState } from '../../training/run-state.js';

type Series = (number | null)[];
export type ChartData = [number[], ...Series[]];

/**
 * Loss samples, epoch means and (for a regression) the validation loss, merged on one x axis
 * (uPlot wants aligned columns).
 */
export function lossColumns(run: TrainingRunState): ChartData {
    const points = new Map<number, { step: number | null; epoch: number | null; validation: number | null }>();
    const at = (x: number): { step: number | null; epoch: number | null; validation: number | null } => points.get(x) ?? { step: null, epoch: null, validation: null };
    for (const sample of run.lossSamples) points.set(sample.at, { ...at(sample.at), step: sample.loss });
    for (const epoch of run.epochs) points.set(epoch.epoch, { ...at(epoch.epoch), epoch: epoch.loss, validation: epoch.validationLoss ?? null });
    const xs = [...points.keys()].sort((a, b) => a - b);
    return [xs, xs.map((x) => at(x).step), xs.map((x) => at(x).epoch), xs.map((x) => at(x).validation)];
}

/** Validation and training accuracy per epoch, in percent (none for a regression). */
export function accuracyColumns(run: TrainingRunState): ChartData {
    const classified = run.epochs.filter((e) => e.accuracy !== undefined);
    return [
        classified.map((e) => e.epoch),
        classified.map((e) => (e.accuracy === undefined ? null : e.accuracy * 100)),
        classified.map((e) => (e.trainAccuracy === undefined ? null : e.trainAccuracy * 100))
    ];
}
