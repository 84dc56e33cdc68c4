// The data of the panel's curves in uPlot's column layout: one x column, one column per series,
// aligned, with null where a series has no point. Pure, so it is unit-tested without a browser.
import type { TrainingRunState } from '../../training/run-state.js';

type Series = (number | null)[];
export type ChartData = [number[], ...Series[]];

/** Loss samples and epoch means merged on one x axis (uPlot wants aligned columns). */
export function lossColumns(run: TrainingRunState): ChartData {
    const points = new Map<number, { step: number | null; epoch: number | null }>();
    for (const sample of run.lossSamples) points.set(sample.at, { step: sample.loss, epoch: points.get(sample.at)?.epoch ?? null });
    for (const epoch of run.epochs) points.set(epoch.epoch, { step: points.get(epoch.epoch)?.step ?? null, epoch: epoch.loss });
    const xs = [...points.keys()].sort((a, b) => a - b);
    return [xs, xs.map((x) => points.get(x)?.step ?? null), xs.map((x) => points.get(x)?.epoch ?? null)];
}

/** Validation and training accuracy per epoch, in percent. */
export function accuracyColumns(run: TrainingRunState): ChartData {
    return [
        run.epochs.map((e) => e.epoch),
        run.epochs.map((e) => e.accuracy * 100),
        run.epochs.map((e) => (e.trainAccuracy === undefined ? null : e.trainAccuracy * 100))
    ];
}
