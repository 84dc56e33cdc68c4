// The memory plan of a `distill` block (docs/memory.md, "Distillation"): what `phg distill`'s
// training allocator measures, from the lowered student and teacher alone. On that allocator, in
// order: with soft labels (α > 0), the teacher's inference over the student's rows at the student's
// batch — its own executor (arena, quires, constants, parameters), each batch, its values up to the
// logits — all freed before the student starts; then the student's backprop floor, the batch's
// soft labels (float64, rows × classes, `activation`, the whole run), and per step, beside the
// batch, the student's own soft labels (float64, rows × classes, `quire`: kernel scratch) over an
// ordinary backprop step. The prior's means and precisions, the teacher's Fisher, the posterior
// and the calibration live outside this allocator or after its report.
import { classifierHead, logitsGraph } from '../../engine/distill/classifier-head.js';
import type { IrGraph } from '../../engine/ir/types.js';
import { replayBackpropStep } from './backprop-step.js';
import { ByteLedger } from './byte-ledger.js';
import { GraphFacts } from './graph-facts.js';
import { replayInferenceStep } from './inference-step.js';
import { allocateFloor } from './memory-floor.js';
import { planMemory } from './plan-memory.js';
import type { ModePlan, PlanOutcome, PlanSettings } from './plan-types.js';

/** Bytes of one float64 soft-label entry. */
const softLabelBytes = 8;

/** What a distill block's plan is computed from. */
export interface DistillationPlanInput {
    /** The student lowered with its class-label loss (`lowerDistillation`). */
    readonly student: IrGraph;
    /** The student's settings; a student trains one batch per update, so `accumulation` is ignored. */
    readonly settings: PlanSettings;
    /** The teacher lowered by its own train block (needed when `softLabels`). */
    readonly teacher?: IrGraph;
    /** α > 0: the teacher's soft labels are computed on the training allocator first. */
    readonly softLabels: boolean;
}

/**
 * Plans a distillation: `inference` is the student's (the ratio's denominator), `backprop` the
 * peak `phg distill` reports — the larger of the teacher's soft-label pass and the student's step.
 */
export function planDistillation(input: DistillationPlanInput): PlanOutcome {
    const settings: PlanSettings = { batch: input.settings.batch, stateTensorsPerParam: input.settings.stateTensorsPerParam, tangents: input.settings.tangents, ...(input.settings.stateFormat !== undefined ? { stateFormat: input.settings.stateFormat } : {}), ...(input.settings.inferenceWithTargets !== undefined ? { inferenceWithTargets: input.settings.inferenceWithTargets } : {}) };
    const base = planMemory(input.student, settings, { backprop: true, forward: false });
    if (!base.ok) return base;
    const head = classifierHead(input.student);
    if ('problem' in head) return { ok: false, problems: [{ message: head.problem }] };
    const ledger = new ByteLedger();
    let teacherPeak = -1;
    if (input.softLabels) {
        if (input.teacher === undefined) return { ok: false, problems: [{ message: 'the teacher cannot be lowered, so its soft-label pass cannot be planned' }] };
        const problem = replayTeacherSoftLabels(ledger, input.teacher, settings.batch);
        if (problem !== undefined) return { ok: false, problems: [{ message: problem }] };
        teacherPeak = ledger.peak().peak;
    }
    const facts = new GraphFacts(input.student);
    const arena = allocateFloor(ledger, facts, 'backprop', settings);
    const softBytes = softLabelBytes * settings.batch * head.classes;
    ledger.allocate('soft:teacher-batch', 'activation', softBytes, 'soft-labels', head.logits);
    replayBackpropStep(ledger, facts, settings, (step) => step.allocate('soft:student', 'quire', softBytes, 'soft-labels', head.logits));
    const peak = ledger.peak();
    // The allocator keeps the first moment of the highest total: a student step that only equals
    // the teacher's pass leaves the peak in the teacher's pass.
    const moment = peak.peak === teacherPeak ? { phase: 'teacher' as const, ...(peak.moment.node !== undefined ? { node: peak.moment.node } : {}) } : peak.moment;
    const backprop: ModePlan = { mode: 'backprop', ...peak, moment, arena };
    return { ok: true, plan: { ...base.plan, backprop } };
}

// The teacher's logits over a batch (engine/distill/soft-labels.ts runs it as an inference of the
// graph whose only output is the logits), then everything of its executor freed.
function replayTeacherSoftLabels(ledger: ByteLedger, teacher: IrGraph, batch: number): string | undefined {
    const head = classifierHead(teacher);
    if ('problem' in head) return head.problem;
    const graph = logitsGraph(teacher, head);
    const planned = planMemory(graph, { batch, stateTensorsPerParam: 0, tangents: 1 }, { backprop: false, forward: false });
    if (!planned.ok) return `the teacher's soft labels: ${planned.problems.map((p) => p.message).join('; ')}`;
    const facts = new GraphFacts(graph);
    const settings: PlanSettings = { batch, stateTensorsPerParam: 0, tangents: 1 };
    allocateFloor(ledger, facts, 'inference', settings);
    replayInferenceStep(ledger, facts, settings);
    for (const key of ledger.heldKeys()) ledger.free(key);
    return undefined;
}
