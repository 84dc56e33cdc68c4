// Checks `distill STUDENT from TEACHER on DATA { … }` blocks beyond their common training
// settings: the teacher and the student must read the same inputs (names, shapes, dimensions) and
// predict the same classes through `softmax(…)` (soft labels at a temperature need the logits);
// the student learns from class labels by cross-entropy; and each student parameter either takes
// the teacher's Laplace prior (same name and shape) or learns from the labels and soft labels
// only — which an info diagnostic says, so nobody is surprised that a narrower layer starts fresh.
import type { AstNode } from 'langium';
import type { DistillDecl, ModelDecl, OutputDecl, PhgFile } from '../generated/ast.js';
import { isCallExpr, isDistillDecl, isForwardMode, isGradientSetting, isLossSetting, isNameRef, isOutputDecl } from '../generated/ast.js';
import type { Dimension, ModelAnalysis, TrainingAnalysis, ValueAnalysis } from '../analysis/analysis-types.js';
import { relatedAt, type DiagnosticSink } from '../analysis/diagnostic-sink.js';
import type { FileUnits } from '../analysis/file-units.js';
import { baseModelOf, dataColumnsOf } from '../scoping/named-values.js';
import { readDistillSettings, type DistillSettings } from './distill-settings.js';

/** How one student parameter relates to the teacher. */
export interface DistilledParam {
    readonly name: string;
    /** `prior`: the teacher has a parameter of this name and shape (its values are the prior mean and the start). */
    readonly source: 'prior' | 'soft-labels-only';
    /** Why a parameter learns from soft labels only. */
    readonly reason?: string;
}

/** What a distill block does, as the checker reads it. */
export interface DistillationPlan {
    readonly node: DistillDecl;
    readonly student: ModelDecl;
    readonly teacher: ModelDecl;
    readonly settings: DistillSettings;
    /** Student parameters in declaration order. */
    readonly params: readonly DistilledParam[];
    /** The classes both models predict (from their first output), when known. */
    readonly classes?: number;
    /** The data's class column the default loss `cross_entropy(output, label)` reads (undefined with an explicit loss). */
    readonly labelColumn?: string;
    /** The student's first output (what the soft labels and the loss are about). */
    readonly output?: string;
}

/** What the checker needs from the analysis being built. */
export interface DistillCheckInput {
    readonly root: PhgFile;
    readonly models: readonly ModelAnalysis[];
    readonly trainings: readonly TrainingAnalysis[];
    readonly units: FileUnits;
    readonly formatDimension: (dimension: Dimension) => string;
}

// The plans of each analysed file, kept with its parse (like the analysis itself) for
// `distillationPlans`: hover, code lens, lowering and the CLI read them without checking again.
const plansOfFile = new WeakMap<PhgFile, readonly DistillationPlan[]>();

/** Checks every distill block of a file; returns (and keeps) a plan for each whose models resolve. */
export function checkDistillations(input: DistillCheckInput, sink: DiagnosticSink): DistillationPlan[] {
    const plans: DistillationPlan[] = [];
    for (const node of input.root.declarations) {
        if (!isDistillDecl(node)) continue;
        const plan = checkDistillation(node, input, sink);
        if (plan !== undefined) plans.push(plan);
    }
    plansOfFile.set(input.root, plans);
    return plans;
}

/** The distill blocks of an analysed file (`analyzeDocument` first), in source order. */
export function distillationPlans(analysis: { readonly root: PhgFile }): readonly DistillationPlan[] {
    return plansOfFile.get(analysis.root) ?? [];
}

function checkDistillation(node: DistillDecl, input: DistillCheckInput, sink: DiagnosticSink): DistillationPlan | undefined {
    const student = node.student?.ref;
    const teacher = node.teacher?.ref;
    const training = input.trainings.find((candidate) => candidate.node === node);
    if (student === undefined || teacher === undefined || training === undefined) return undefined;
    const settings = readDistillSettings(training.settings, input.units, sink);
    const studentValues = valuesOf(input.models, student);
    const teacherValues = valuesOf(input.models, teacher);
    checkInputs(node, student, teacher, studentValues, teacherValues, input, sink);
    const head = checkHeads(node, student, teacher, studentValues, teacherValues, sink);
    const labelColumn = head !== undefined ? checkLoss(node, student, head, sink) : undefined;
    const gradient = node.settings.find(isGradientSetting);
    if (gradient !== undefined && isForwardMode(gradient.mode)) {
        sink.error('PHG6106', 'a student trains with backprop: forward gradients of the soft-label term are not implemented (remove `gradient forward`)', { node: gradient });
    }
    const params = distilledParams(studentValues, teacherValues, teacher.name);
    const softOnly = params.filter((param) => param.source === 'soft-labels-only');
    if (softOnly.length > 0) {
        const withPrior = params.filter((param) => param.source === 'prior').map((param) => param.name);
        sink.report('info', 'PHG6107',
            `${softOnly.map((param) => `${param.name} (${param.reason})`).join(', ')} learn${softOnly.length === 1 ? 's' : ''} from the labels and ${teacher.name}'s soft labels only; ` +
            (withPrior.length > 0 ? `${withPrior.join(', ')} take${withPrior.length === 1 ? 's' : ''} ${teacher.name}'s prior` : `no parameter takes ${teacher.name}'s prior`),
            { node, property: 'student' });
    }
    return {
        node, student, teacher, settings, params,
        ...(head !== undefined ? { classes: head.classes, output: head.output.name } : {}),
        ...(labelColumn !== undefined ? { labelColumn } : {})
    };
}

function valuesOf(models: readonly ModelAnalysis[], model: ModelDecl): readonly ValueAnalysis[] {
    return models.find((analysis) => analysis.model === model)?.values ?? models.find((analysis) => analysis.model === baseModelOf(model))?.values ?? [];
}

/** Every teacher input must be a student input of the same shape and dimension: one data row feeds both. */
function checkInputs(node: DistillDecl, student: ModelDecl, teacher: ModelDecl, studentValues: readonly ValueAnalysis[], teacherValues: readonly ValueAnalysis[], input: DistillCheckInput, sink: DiagnosticSink): void {
    for (const teacherInput of teacherValues.filter((value) => value.kind === 'input')) {
        const studentInput = studentValues.find((value) => value.kind === 'input' && value.name === teacherInput.name);
        const related = [relatedAt({ node: teacherInput.node }, `${teacher.name} reads input '${teacherInput.name}' here`)];
        if (studentInput === undefined) {
            sink.error('PHG6101', `teacher ${teacher.name} reads input '${teacherInput.name}', which student ${student.name} does not have: both read the same data rows`, { node, property: 'teacher' }, related);
            continue;
        }
        const a = shapeText(teacherInput);
        const b = shapeText(studentInput);
        const da = input.formatDimension(teacherInput.type.dimension);
        const db = input.formatDimension(studentInput.type.dimension);
        if (a !== b || da !== db) {
            sink.error('PHG6101', `input '${teacherInput.name}' is ${a}<${da}> in teacher ${teacher.name} but ${b}<${db}> in student ${student.name}`, { node, property: 'teacher' },
                [...related, relatedAt({ node: studentInput.node }, `${student.name} declares it here`)]);
        }
    }
}

/** The classifier head of a model: its first output, `softmax(…)` over `classes` values. */
interface Head {
    readonly output: OutputDecl;
    readonly classes: number;
}

function headOf(model: ModelDecl, values: readonly ValueAnalysis[]): Head | { readonly problem: string; readonly at: AstNode } | undefined {
    const output = baseModelOf(model).statements.find(isOutputDecl);
    // A half-typed output (parse recovery) is the parse error's business.
    if (output === undefined || output.value === undefined || output.name === undefined) return undefined;
    if (!isCallExpr(output.value) || output.value.function !== 'softmax') {
        return { problem: `output '${output.name}' of ${model.name} must be softmax(…) of its logits: soft labels at a temperature T are softmax(logits / T)`, at: output };
    }
    const axes = values.find((value) => value.node === output)?.type.shape?.axes;
    if (axes === undefined || axes.length !== 1) return { problem: `output '${output.name}' of ${model.name} must be a vector of class probabilities`, at: output };
    return { output, classes: axes[0]! };
}

function checkHeads(node: DistillDecl, student: ModelDecl, teacher: ModelDecl, studentValues: readonly ValueAnalysis[], teacherValues: readonly ValueAnalysis[], sink: DiagnosticSink): Head | undefined {
    const studentHead = headOf(student, studentValues);
    const teacherHead = headOf(teacher, teacherValues);
    for (const [head, property] of [[teacherHead, 'teacher'], [studentHead, 'student']] as const) {
        if (head !== undefined && 'problem' in head) sink.error('PHG6103', head.problem, { node, property }, [relatedAt({ node: head.at }, 'the output is declared here')]);
    }
    if (studentHead === undefined || teacherHead === undefined || 'problem' in studentHead || 'problem' in teacherHead) return undefined;
    if (studentHead.classes !== teacherHead.classes) {
        sink.error('PHG6102', `teacher ${teacher.name} predicts ${teacherHead.classes} classes (output '${teacherHead.output.name}'), student ${student.name} ${studentHead.classes} (output '${studentHead.output.name}')`,
            { node, property: 'teacher' }, [relatedAt({ node: teacherHead.output }, `${teacher.name}'s output`), relatedAt({ node: studentHead.output }, `${student.name}'s output`)]);
        return undefined;
    }
    return studentHead;
}

/**
 * The student learns from class labels: an explicit loss must be `cross_entropy(output, label)`;
 * without one, that loss is meant, with the data's only class column of the right size.
 */
function checkLoss(node: DistillDecl, student: ModelDecl, head: Head, sink: DiagnosticSink): string | undefined {
    const lossSetting = node.settings.find(isLossSetting);
    const data = node.data?.ref;
    if (lossSetting?.loss !== undefined) {
        const loss = lossSetting.loss;
        const [first, second] = isCallExpr(loss) ? loss.args : [];
        const readsOutput = first !== undefined && isNameRef(first.value) && first.value.target?.ref === head.output;
        const readsLabels = second !== undefined && isNameRef(second.value) && second.value.target?.ref?.$type === 'DataColumn';
        if (!isCallExpr(loss) || loss.function !== 'cross_entropy' || loss.args.length !== 2 || !readsOutput || !readsLabels) {
            sink.error('PHG6105', `a student learns from class labels: its loss must be cross_entropy(${head.output.name}, <class column>)`, { node: loss });
        }
        return undefined;
    }
    if (data === undefined) return undefined;
    const labels = dataColumnsOf(data).filter((column) => column.type?.$type === 'ClassType');
    const fitting = labels.filter((column) => column.type?.$type === 'ClassType' && column.type.classes === head.classes);
    if (fitting.length === 1) return fitting[0]!.name;
    const why = labels.length === 0 ? `data ${data.name} has no class column` : fitting.length === 0 ? `data ${data.name} has no class(${head.classes}) column` : `data ${data.name} has several class(${head.classes}) columns`;
    sink.error('PHG6105', `${why}: say what ${student.name} learns from, e.g. \`loss cross_entropy(${head.output.name}, label)\``, { node, property: 'data' });
    return undefined;
}

function distilledParams(studentValues: readonly ValueAnalysis[], teacherValues: readonly ValueAnalysis[], teacher: string): DistilledParam[] {
    return studentValues.filter((value) => value.kind === 'param').map((param): DistilledParam => {
        const counterpart = teacherValues.find((value) => value.kind === 'param' && value.name === param.name);
        if (counterpart === undefined) return { name: param.name, source: 'soft-labels-only', reason: `${teacher} has no ${param.name}` };
        const a = shapeText(param);
        const b = shapeText(counterpart);
        if (a !== b) return { name: param.name, source: 'soft-labels-only', reason: `${a}, ${teacher}'s is ${b}` };
        return { name: param.name, source: 'prior' };
    });
}

function shapeText(value: ValueAnalysis): string {
    return value.type.shape !== undefined ? `[${value.type.shape.axes.join(', ')}]` : '[?]';
}
