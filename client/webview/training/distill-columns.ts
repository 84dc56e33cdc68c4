// What a `phg distill` run adds to the panel's curves, as extra aligned columns: the teacher's
// accuracy (constant over the run: the line the student's validation accuracy is read against) and
// the prior's term of the objective per epoch (how hard the teacher's prior pulls). Pure, like
// chart-columns.ts; a run that is not a distillation gets all-null columns, which the chart hides.
import type { TrainingRunState } from '../../training/run-state.js';
import type { ChartData } from './chart-columns.js';

/** The accuracy columns with the teacher's accuracy (in percent) at each of their epochs. */
export function withTeacherAccuracy(columns: ChartData, run: TrainingRunState): ChartData {
    const byEpoch = new Map(run.epochs.map((e) => [e.epoch, e.distill?.teacherAccuracy]));
    const teacher = columns[0].map((epoch) => {
        const accuracy = byEpoch.get(epoch);
        return accuracy !== undefined && accuracy >= 0 ? accuracy * 100 : null;
    });
    return [...columns, teacher];
}

/** The loss columns with the prior's term Σ(w − μ)²/(2σ²N) at the epoch ends (null elsewhere). */
export function withPriorTerm(columns: ChartData, run: TrainingRunState): ChartData {
    const byEpoch = new Map(run.epochs.map((e) => [e.epoch, e.distill?.priorPenalty]));
    const prior = columns[0].map((x) => {
        const penalty = byEpoch.get(x);
        return penalty !== undefined && penalty >= 0 && run.settings?.distill?.prior !== undefined ? penalty : null;
    });
    return [...columns, prior];
}
