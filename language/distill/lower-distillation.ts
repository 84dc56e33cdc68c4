// Lowering a `distill` block for the engine: the student with its class-label loss (the block's
// `cross_entropy(output, label)`, or that loss over the data's class column when the block writes
// none — the same nodes and edge either way, so the structure hash does not depend on whether the
// loss is written), its data and training settings exactly as a `train` block's, and the
// distillation plan (teacher, prior, posterior, which parameters take the prior).
import type { IrGraph, IrNode } from '../../engine/ir/types.js';
import type { DocumentAnalysis, TrainingAnalysis } from '../analysis/analysis-types.js';
import { lowerTraining, type LoweredTraining, type TrainingOverrides } from '../lowering/lower-training.js';
import type { FormatBytes, LoweringProblem } from '../lowering/lower-model.js';
import { rangeOf } from '../lowering/lower-model.js';
import { dataColumnsOf } from '../scoping/named-values.js';
import type { DistillationPlan } from './distill-checker.js';

/** A distill block ready for the engine. */
export interface LoweredDistillation {
    /** The student: graph (with its loss), accumulation, settings, data. */
    readonly student: LoweredTraining;
    readonly plan: DistillationPlan;
}

/** Lowers the distill block of `plan` (a plan of `analysis`, see `distillationPlans`). */
export function lowerDistillation(analysis: DocumentAnalysis, plan: DistillationPlan, documentPath: string, formatBytes: FormatBytes, overrides: TrainingOverrides = {}): LoweredDistillation | { readonly problems: readonly LoweringProblem[] } {
    const training = analysis.trainings.find((candidate) => candidate.node === plan.node);
    if (training === undefined) return { problems: [{ message: 'the distill block was not analysed', node: plan.node }] };
    const lowered = lowerTraining(analysis, training, documentPath, formatBytes, overrides);
    if (training.loss !== undefined) return 'graph' in lowered && lowered.problems.length === 0 ? { student: lowered, plan } : { problems: lowered.problems };
    // Without a written loss, lowerTraining lowers everything but the loss and says the loss is
    // missing; the checker has made sure `cross_entropy(output, label)` is meant (PHG6105).
    const problems = lowered.problems.filter((problem) => !(problem.node === training.node && /no `loss`/.test(problem.message)));
    if (!('graph' in lowered) || problems.length > 0) return { problems: problems.length > 0 ? problems : [{ message: 'the student cannot be lowered', node: plan.node }] };
    const graph = withDefaultLoss(lowered.graph, training, plan, formatBytes);
    if (typeof graph === 'string') return { problems: [{ message: graph, node: plan.node }] };
    return { student: { ...lowered, graph, problems: [] }, plan };
}

/** The student's graph with `loss = cross_entropy(output, label)` over the data's class column. */
function withDefaultLoss(graph: IrGraph, training: TrainingAnalysis, plan: DistillationPlan, formatBytes: FormatBytes): IrGraph | string {
    const output = graph.nodes.find((node) => node.name === plan.output && node.role === 'output');
    const column = training.data !== undefined ? dataColumnsOf(training.data).find((candidate) => candidate.name === plan.labelColumn) : undefined;
    if (output === undefined || column === undefined || plan.classes === undefined) return `a student without \`loss\` needs a softmax output and one class(${plan.classes ?? 'N'}) column in its data (PHG6105)`;
    const taken = new Set(graph.nodes.map((node) => node.name));
    const lossName = taken.has('loss') ? '%loss' : 'loss';
    const label: IrNode = {
        name: column.name, role: 'target', shape: [], batched: true, dimension: {}, format: `class(${plan.classes})`, lifetime: 'activation', bytes: 4,
        ...(column.$cstNode !== undefined ? { source: rangeOf(column)! } : {})
    };
    const loss: IrNode = { name: lossName, role: 'loss', shape: [], batched: false, dimension: {}, format: output.format, lifetime: 'activation', bytes: formatBytes(output.format) ?? 0 };
    return {
        ...graph,
        nodes: [...graph.nodes, label, loss],
        edges: [...graph.edges, { op: 'cross_entropy', sources: [output.name, label.name], target: lossName }],
        loss: lossName
    };
}
