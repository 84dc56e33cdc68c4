// Bayesian distillation end to end (docs/distillation.md), what `phg distill` and the benchmark
// run: the teacher's soft labels on the student's rows; the teacher's Laplace prior on every
// student parameter with the teacher's name and shape (which also start from the teacher's
// values); the student's MAP training (labels + α·T²·soft labels + prior); and the student's own
// Laplace posterior at the end, for predictive confidence. Plain fine-tuning, knowledge
// distillation and training from scratch are the same pipeline with parts switched off.
import { Program } from '../exec/program.js';
import type { LoadedDataset } from '../data/csv-dataset.js';
import type { TrackedAllocator } from '../memory/allocator.js';
import type { NumberPatternArray } from '../tensor/tensor.js';
import type { TrainSettings } from '../train/settings.js';
import { engineErrorCodes, failure, success, type Result } from '../errors.js';
import { classifierHead, logitsGraph } from './classifier-head.js';
import { runDistillation, type DistillationObserver, type DistillationOutcome } from './distillation-trainer.js';
import { diagonalFisher, type FisherDiagonal } from './fisher.js';
import { laplacePrior, matchTeacherParams, type GaussianPriorSettings, type ParamMatch, type ParamPrior } from './gaussian-prior.js';
import { laplacePosterior, type LaplacePosterior } from './laplace-posterior.js';
import { teacherSoftTargets, type SoftTargets } from './soft-labels.js';

/** A trained teacher. */
export interface Teacher {
    /** Lowered with `cross_entropy(output, label)`. */
    readonly program: Program;
    readonly weights: ReadonlyMap<string, NumberPatternArray>;
    /** Its Fisher (needed when a prior is asked for). */
    readonly fisher?: FisherDiagonal;
}

/** What to switch on. */
export interface StudentRecipe {
    /** Soft-label weight α (0: labels only) and temperature T. */
    readonly alpha: number;
    readonly temperature: number;
    /** The teacher's Laplace prior (undefined: none). */
    readonly prior?: GaussianPriorSettings;
    /** Start parameters the teacher shares from the teacher's values (always, with a prior). */
    readonly startFromTeacher: boolean;
    /** Compute the student's Laplace posterior, with this precision where a parameter has no prior. */
    readonly posterior?: { readonly damping: number };
}

/** A student's training job. */
export interface StudentJob {
    readonly teacher?: Teacher;
    /** The student, lowered with `cross_entropy(output, label)`. */
    readonly program: Program;
    readonly settings: TrainSettings;
    /** The student's labelled rows, in the student's formats. */
    readonly train: LoadedDataset;
    /** The same rows in the teacher's input formats (default: `train`). */
    readonly trainForTeacher?: LoadedDataset;
    readonly validate?: LoadedDataset;
    readonly recipe: StudentRecipe;
    readonly allocator: TrackedAllocator;
    readonly observer?: DistillationObserver;
    readonly stopRequested?: () => 'SIGINT' | 'SIGTERM' | undefined;
    readonly stepEventEvery?: number;
    /** Called once the soft labels and the prior are ready, before the first step. */
    readonly onReady?: (ready: { readonly matches: readonly ParamMatch[]; readonly priors: readonly (ParamPrior | undefined)[]; readonly softTargets: SoftTargets }) => void;
}

/** A trained student and what it was trained with. */
export interface StudentResult {
    readonly outcome: DistillationOutcome;
    readonly matches: readonly ParamMatch[];
    readonly priors: readonly (ParamPrior | undefined)[];
    readonly softTargets: SoftTargets;
    /** Present when the recipe asks for it and training finished. */
    readonly posterior?: LaplacePosterior;
}

/** Runs the recipe. A failure before training (the teacher cannot run) is an error value. */
export async function trainStudent(job: StudentJob): Promise<Result<StudentResult>> {
    const { recipe, teacher, program } = job;
    const matches = teacher !== undefined ? matchTeacherParams(program.params, teacher.program.params) : program.params.map((node): ParamMatch => ({ param: node.name, kind: 'soft-only', reason: 'there is no teacher' }));
    const classes = studentClasses(program);
    let softTargets: SoftTargets = { temperature: recipe.temperature, classes, rows: job.train.rows, values: new Float64Array(job.train.rows * classes) };
    if (teacher !== undefined && recipe.alpha > 0) {
        const targets = teacherSoftTargetsOf(teacher, job.trainForTeacher ?? job.train, recipe.temperature, job.settings.batch, job.allocator);
        if (!targets.ok) return targets;
        softTargets = targets.value;
    }
    const teacherValues = teacher !== undefined ? decodedWeights(teacher) : [];
    const priors = recipe.prior !== undefined && teacher?.fisher !== undefined ? laplacePrior(matches, teacherValues, teacher.fisher, recipe.prior) : matches.map(() => undefined);
    let initial: Map<string, NumberPatternArray> | undefined;
    if (teacher !== undefined && (recipe.startFromTeacher || recipe.prior !== undefined)) {
        initial = new Map();
        matches.forEach((match, p) => {
            if (match.kind !== 'prior') return;
            const format = program.formatOf(program.params[p]!)!;
            const patterns = format.allocate(teacherValues[match.teacherIndex]!.length) as NumberPatternArray;
            format.encodeArray(teacherValues[match.teacherIndex]!, patterns, patterns.length);
            initial!.set(match.param, patterns);
        });
    }
    job.onReady?.({ matches, priors, softTargets });
    const outcome = await runDistillation({
        program, settings: job.settings, train: job.train, ...(job.validate !== undefined ? { validate: job.validate } : {}), softTargets, alpha: recipe.alpha, priors,
        ...(initial !== undefined ? { initial } : {}), allocator: job.allocator,
        ...(job.observer !== undefined ? { observer: job.observer } : {}), ...(job.stopRequested !== undefined ? { stopRequested: job.stopRequested } : {}), ...(job.stepEventEvery !== undefined ? { stepEventEvery: job.stepEventEvery } : {})
    });
    if (outcome.kind !== 'done' || recipe.posterior === undefined) return success({ outcome, matches, priors, softTargets });
    const weights = new Map<string, NumberPatternArray>(outcome.executor.params.map((tensor, p) => [program.params[p]!.name, tensor.data]));
    const fisher = diagonalFisher(program, weights, job.train, job.allocator, { minProbability: 0 });
    if (!fisher.ok) return fisher;
    return success({ outcome, matches, priors, softTargets, posterior: laplacePosterior(fisher.value, job.train.rows, priors, recipe.posterior.damping) });
}

/** The teacher's soft labels of a data set at temperature T (and its accuracy on it, when labelled). */
export function teacherSoftTargetsOf(teacher: Teacher, dataset: LoadedDataset, temperature: number, batch: number, allocator: TrackedAllocator): Result<SoftTargets> {
    const head = classifierHead(teacher.program.graph);
    if ('problem' in head) return failure(engineErrorCodes.notExecutable, head.problem);
    const compiled = Program.compile(logitsGraph(teacher.program.graph, head), teacher.program.accumulate);
    if (!(compiled instanceof Program)) return failure(engineErrorCodes.notExecutable, compiled.problems.map((p) => p.message).join('; '));
    const column = head.label !== undefined ? dataset.columns.get(head.label) : undefined;
    const labels = column?.kind === 'class' ? column.labels : undefined;
    return teacherSoftTargets(compiled, { kind: 'patterns', byName: teacher.weights }, dataset, temperature, batch, allocator, labels);
}

/** Every teacher parameter decoded to float64, in its graph order. */
export function decodedWeights(teacher: Teacher): Float64Array[] {
    return teacher.program.params.map((node) => {
        const format = teacher.program.formatOf(node)!;
        const patterns = teacher.weights.get(node.name)!;
        const values = new Float64Array(patterns.length);
        format.decodeArray(patterns, values, patterns.length);
        return values;
    });
}

function studentClasses(program: Program): number {
    const head = classifierHead(program.graph);
    return 'problem' in head ? 1 : head.classes;
}
