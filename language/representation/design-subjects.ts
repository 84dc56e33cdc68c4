// What the design-time analyses look at: every train block lowered the way `phg train` lowers it —
// its model, its format, its batch, its loss — and every model no block trains, lowered for
// inference in the language's default format at the default batch; a distill block lowered the way
// `phg distill` lowers its student (and, for its soft labels, the teacher's train block). A block
// (or the model it trains, or the data it reads) with a parse or semantic error is left out: what
// follows from half a model is noise.
import type { AstNode } from 'langium';
import type { IrGraph } from '../../engine/ir/types.js';
import { parseFormat } from '../../engine/numeric/index.js';
import type { DocumentAnalysis, ModelAnalysis, TrainingAnalysis } from '../analysis/analysis-types.js';
import type { DataDecl, DistillDecl, TrainDecl } from '../generated/ast.js';
import { isDistillDecl, isPhgFile, isTrainDecl } from '../generated/ast.js';
import { lowerModel, lowerTraining } from '../lowering/index.js';
import { distillationPlans } from '../distill/distill-checker.js';
import { lowerDistillation } from '../distill/lower-distillation.js';
import { planDistillation } from '../memory/distillation-plan.js';
import { planMemory, type PlannedSteps } from '../memory/plan-memory.js';
import { planSettingsOf } from '../memory/plan-settings.js';
import type { PlanOutcome, PlanSettings } from '../memory/plan-types.js';
import type { Interval } from '../ranges/interval.js';
import { propagateRanges } from '../ranges/propagate-ranges.js';
import { declaredRanges, type DeclaredRange } from './declared-ranges.js';
import { IrSourceMap } from './ir-source-map.js';

/** The language's defaults for a model no block trains (docs/language.md, "train"). */
export const defaultFormat = 'float32';
export const defaultBatch = 32;

/** One lowered model: a training of it, or the model alone. */
export interface DesignSubject {
    readonly model: ModelAnalysis;
    /** Undefined for a model no block trains (planned for inference with the defaults). */
    readonly training: TrainingAnalysis | undefined;
    /** `train Mlp on train_set`, or `model Mlp` for an untrained model. */
    readonly title: string;
    /** Canonical format of the model's values. */
    readonly format: string;
    readonly settings: PlanSettings;
    /** The block's own gradient mode (backprop for an untrained model). */
    readonly gradient: { readonly mode: 'backprop' | 'forward'; readonly tangents: number };
    /** The lowered graph, or why there is none. */
    readonly lowered: { readonly graph: IrGraph; readonly map: IrSourceMap } | { readonly unavailable: string };
    /** Declared ranges by IR node name. */
    readonly declared: ReadonlyMap<string, DeclaredRange>;
    /** The memory plan (computed on first use). */
    readonly plan: PlanOutcome | undefined;
    /**
     * Plans the subject's training with another graph (a narrower format) or other settings (a
     * smaller batch), the way its own plan is made: what budget alternatives are judged by.
     */
    replan(graph: IrGraph, settings: PlanSettings, steps: PlannedSteps): PlanOutcome;
    /** Every node's propagated range (computed on first use). */
    readonly ranges: ReadonlyMap<string, Interval> | undefined;
}

/** The subjects of a document, in source order of their blocks. */
export function designSubjects(analysis: DocumentAnalysis, documentPath: string): DesignSubject[] {
    const broken = blocksWithErrors(analysis);
    const subjects: DesignSubject[] = [];
    for (const model of analysis.models) {
        if (broken.has(model.model) || analysis.suppressesDiagnosticsAt(model.model)) continue;
        const whole = (block: AstNode): boolean => !broken.has(block) && !analysis.suppressesDiagnosticsAt(block);
        // A base model's analysis lists the trainings of the models `like` it too: each belongs to its own model.
        const own = model.trainings.filter((training) => (isTrainDecl(training.node) ? training.node.model?.ref : training.node.student?.ref) === model.model);
        const trainings = own.filter((training) => whole(training.node) && dataBlocksOf(training).every(whole));
        for (const training of trainings) subjects.push(isDistillDecl(training.node) ? distillSubject(analysis, model, training, documentPath) : trainingSubject(analysis, model, training, documentPath));
        if (own.length === 0) subjects.push(untrainedSubject(analysis, model));
    }
    return subjects.sort((a, b) => offsetOf(a) - offsetOf(b));
}

/** Bytes per value of a format, by canonical name (lowering asks for every node). */
const formatBytes = (() => {
    const known = new Map<string, number | undefined>();
    return (name: string): number | undefined => {
        if (!known.has(name)) known.set(name, parseFormat(name)?.bytes);
        return known.get(name);
    };
})();

function trainingSubject(analysis: DocumentAnalysis, model: ModelAnalysis, training: TrainingAnalysis, documentPath: string): DesignSubject {
    const lowered = lowerTraining(analysis, training, documentPath, formatBytes);
    const gradient = training.settings.gradient.mode === 'forward' ? { mode: 'forward' as const, tangents: training.settings.gradient.tangents } : { mode: 'backprop' as const, tangents: 1 };
    const node = training.node as TrainDecl;
    const title = `train ${node.model?.$refText ?? model.model.name} on ${node.data?.$refText ?? '…'}`;
    if (!('graph' in lowered) || lowered.problems.length > 0) {
        const settings = { batch: training.settings.batch, stateTensorsPerParam: 0, tangents: gradient.tangents };
        return subject({ model, training, title, format: training.settings.format, settings, gradient, unavailable: lowered.problems[0]?.message ?? 'the model cannot be lowered', declared: new Map() });
    }
    return subject({ model, training, title, format: training.settings.format, settings: planSettingsOf(lowered.settings, lowered.accumulate), gradient, graph: lowered.graph, declared: declaredRanges(analysis, model, training) });
}

// `phg distill` trains the student through its own loop (the teacher's soft labels first, then
// backprop steps with soft labels beside the batch): planned by language/memory/distillation-plan.ts.
function distillSubject(analysis: DocumentAnalysis, model: ModelAnalysis, training: TrainingAnalysis, documentPath: string): DesignSubject {
    const node = training.node as DistillDecl;
    const title = `distill ${node.student?.$refText ?? model.model.name} from ${node.teacher?.$refText ?? '…'} on ${node.data?.$refText ?? '…'}`;
    const gradient = { mode: 'backprop' as const, tangents: 1 };
    const unavailable = (reason: string): DesignSubject => subject({ model, training, title, format: training.settings.format, settings: { batch: training.settings.batch, stateTensorsPerParam: 0, tangents: 1 }, gradient, unavailable: reason, declared: new Map() });
    const plan = distillationPlans(analysis).find((candidate) => candidate.node === node);
    if (plan === undefined) return unavailable('the distill block\'s teacher or student does not resolve');
    const lowered = lowerDistillation(analysis, plan, documentPath, formatBytes);
    if (!('student' in lowered)) return unavailable(lowered.problems[0]?.message ?? 'the student cannot be lowered');
    const settings = planSettingsOf(lowered.student.settings, lowered.student.accumulate);
    const softLabels = plan.settings.alpha > 0;
    // The teacher runs as `phg distill` loads it: lowered by its own train block.
    const teacherTraining = analysis.trainings.find((candidate) => isTrainDecl(candidate.node) && candidate.node.model?.ref === plan.teacher);
    const teacherGraph = (): IrGraph | undefined => {
        if (!softLabels || teacherTraining === undefined) return undefined;
        const teacher = lowerTraining(analysis, teacherTraining, documentPath, formatBytes);
        return 'graph' in teacher && teacher.problems.length === 0 ? teacher.graph : undefined;
    };
    const student = lowered.student.graph;
    return subject({
        model, training, title, format: training.settings.format, settings, gradient, graph: student, declared: declaredRanges(analysis, model, training),
        // Lowered when the plan is first asked for, like every plan.
        planner: (graph, plannedSettings) => {
            const teacher = teacherGraph();
            return planDistillation({ student: graph, settings: plannedSettings, softLabels, ...(teacher !== undefined ? { teacher } : {}) });
        }
    });
}

function untrainedSubject(analysis: DocumentAnalysis, model: ModelAnalysis): DesignSubject {
    const settings: PlanSettings = { batch: defaultBatch, stateTensorsPerParam: 0, tangents: 1 };
    const base = { model, training: undefined, title: `model ${model.model.name}`, format: defaultFormat, settings, gradient: { mode: 'backprop' as const, tangents: 1 } };
    const lowered = lowerModel({ analysis, model, format: defaultFormat, formatBytes });
    if (lowered.problems.length > 0) return subject({ ...base, unavailable: lowered.problems[0]!.message, declared: new Map() });
    return subject({ ...base, graph: lowered.graph, declared: declaredRanges(analysis, model, undefined) });
}

interface SubjectParts {
    readonly model: ModelAnalysis;
    readonly training: TrainingAnalysis | undefined;
    readonly title: string;
    readonly format: string;
    readonly settings: PlanSettings;
    readonly gradient: DesignSubject['gradient'];
    readonly graph?: IrGraph;
    readonly unavailable?: string;
    readonly declared: ReadonlyMap<string, DeclaredRange>;
    /** The subject's own planner (a distill block's); default: `planMemory`. */
    readonly planner?: (graph: IrGraph, settings: PlanSettings) => PlanOutcome;
}

// A subject whose plan and ranges are computed when first asked for.
function subject(parts: SubjectParts): DesignSubject {
    const graph = parts.graph;
    const lowered = graph !== undefined ? { graph, map: new IrSourceMap(graph, parts.model, parts.training) } : { unavailable: parts.unavailable ?? 'the model cannot be lowered' };
    let plan: PlanOutcome | undefined;
    let ranges: Map<string, Interval> | undefined;
    return {
        model: parts.model, training: parts.training, title: parts.title, format: parts.format, settings: parts.settings, gradient: parts.gradient, lowered, declared: parts.declared,
        get plan(): PlanOutcome | undefined {
            if (graph !== undefined) plan ??= parts.planner !== undefined ? parts.planner(graph, parts.settings) : planMemory(graph, parts.settings);
            return plan;
        },
        replan: (other, settings, steps) => (parts.planner !== undefined ? parts.planner(other, settings) : planMemory(other, settings, steps)),
        get ranges(): ReadonlyMap<string, Interval> | undefined {
            if (graph !== undefined) ranges ??= propagateRanges(graph, new Map([...parts.declared].map(([name, declared]) => [name, declared.range])));
            return ranges;
        }
    };
}

/** The data declarations a training reads: its data and validation sets, and what they are `like`. */
function dataBlocksOf(training: TrainingAnalysis): DataDecl[] {
    const blocks: DataDecl[] = [];
    for (let data of [training.data, training.settings.validateOn]) {
        while (data !== undefined && !blocks.includes(data)) {
            blocks.push(data);
            data = data.like?.ref;
        }
    }
    return blocks;
}

/** Top-level declarations with an error diagnostic inside. */
function blocksWithErrors(analysis: DocumentAnalysis): Set<AstNode> {
    const blocks = new Set<AstNode>();
    for (const diagnostic of analysis.diagnostics) {
        if (diagnostic.severity !== 'error') continue;
        let node: AstNode | undefined = diagnostic.node;
        while (node?.$container !== undefined && !isPhgFile(node.$container)) node = node.$container;
        if (node !== undefined) blocks.add(node);
    }
    return blocks;
}

function offsetOf(subject: DesignSubject): number {
    return (subject.training?.node ?? subject.model.model).$cstNode?.offset ?? 0;
}

/** Whether a subject is a train block (not distill, not an untrained model). */
export function isTrainSubject(subject: DesignSubject): boolean {
    return subject.training !== undefined && !isDistillDecl(subject.training.node);
}
