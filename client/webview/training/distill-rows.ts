// The run settings a `phg distill` run adds to the panel: the teacher (its version and accuracy),
// the soft labels, the prior's strength and which parameters learn from soft labels only; and,
// when done, the student's calibration. Pure, so it is unit-tested without a browser.
import type { DistillStartInfo, TrainDoneEvent } from '../../../cli/train-events.js';

/** Rows (name, value) describing a distillation's teacher and prior. */
export function distillRows(info: DistillStartInfo): [string, string][] {
    const rows: [string, string][] = [
        ['teacher', `${info.teacher} (${info.teacherVersion})${info.teacherAccuracy >= 0 ? ` · ${(100 * info.teacherAccuracy).toFixed(2)}% on this run's validation data` : ''}`],
        ['soft labels', info.alpha > 0 ? `T ${info.temperature} · α ${info.alpha}` : 'none (α 0)']
    ];
    const prior = info.prior;
    rows.push(['prior', prior === undefined
        ? 'none: plain knowledge distillation'
        : `${info.priorParams.join(', ')} ~ N(teacher, σ²): median σ ${prior.medianSigma.toPrecision(3)} (mean ${prior.meanSigma.toPrecision(3)}; scale ${prior.scale}, λ ${prior.damping}; Fisher over ${prior.fisherRows} rows${prior.fisherReused ? ', reused' : ''})`]);
    if (info.softLabelOnlyParams.length > 0) rows.push(['soft labels only', info.softLabelOnlyParams.join(', ')]);
    return rows;
}

/** The student's calibration when a distillation is done (none for other runs). */
export function calibrationRows(done: TrainDoneEvent | undefined): [string, string][] {
    if (done?.ece === undefined) return [];
    const predictive = done.posteriorScale !== undefined && done.posteriorScale > 0 ? `Laplace posterior, τ ${done.posteriorScale}` : 'softmax at the trained weights';
    return [['calibration', `ECE ${(100 * done.ece).toFixed(2)}% (${predictive})`]];
}
