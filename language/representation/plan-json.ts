// The memory plan as data: the JSON of `phg plan --json` (issue 5's shape), with the class names and
// byte counts `phg train --json` and `phg run --json` measure, and the richer per-block entry the
// language server's `phg/memoryPlan` returns for panels (it extends the CLI's entry, never renames).
import type { Range } from 'vscode-languageserver-types';
import { peakClasses, type ModePlan, type PeakClass, type ValueLifetime } from '../memory/plan-types.js';
import type { AccumulationSummary } from '../memory/accumulation-types.js';
import type { DesignSubject } from './design-subjects.js';

/** A planned peak: bytes, and bytes by lifetime class at the peak (`data` is never in a plan). */
export interface PlannedPeakJson {
    readonly peak: number;
    readonly byClass: Readonly<Record<PeakClass, number>>;
    /** With accumulate_steps / workers: the accumulators' cost beside what the smaller steps save. */
    readonly accumulation?: AccumulationSummary;
}

/** One planned model as `phg plan --json` prints it. */
export interface ModelPlanJson {
    readonly model: string;
    readonly batch: number;
    /** Canonical format name, e.g. `posit<16>`. */
    readonly format: string;
    readonly inference: PlannedPeakJson;
    /** Absent for a model no block trains (no loss to differentiate). */
    readonly backprop?: PlannedPeakJson;
    readonly forward?: PlannedPeakJson & { readonly tangents: number };
}

/** A model the planner could not plan, and why (the engine could not run it either). */
export interface UnplannedModelJson {
    readonly model: string;
    readonly reason: string;
}

/** `phg plan --json`. */
export interface MemoryPlanJson {
    /** One entry per train (or distill) block, then per model no block trains, in source order. */
    readonly models: readonly ModelPlanJson[];
    /** Present when some model could not be planned. */
    readonly unplanned?: readonly UnplannedModelJson[];
}

/** The peak of one mode as JSON. */
export function peakJson(plan: ModePlan): PlannedPeakJson {
    const byClass = Object.fromEntries(peakClasses.map((memoryClass) => [memoryClass, plan.byClass[memoryClass]])) as Record<PeakClass, number>;
    return { peak: plan.peak, byClass, ...(plan.accumulation !== undefined ? { accumulation: plan.accumulation } : {}) };
}

/** The JSON entry of a subject, or why it has none. */
export function modelPlanJson(subject: DesignSubject): ModelPlanJson | UnplannedModelJson {
    const outcome = subject.plan;
    const model = subject.model.model.name;
    if (outcome === undefined || !outcome.ok) {
        const reason = 'unavailable' in subject.lowered ? subject.lowered.unavailable : outcome?.ok === false ? outcome.problems.map((p) => p.message).join('; ') : 'no plan';
        return { model, reason };
    }
    const plan = outcome.plan;
    return {
        model,
        batch: plan.batch,
        format: plan.format,
        inference: peakJson(plan.inference),
        ...(plan.backprop !== undefined ? { backprop: peakJson(plan.backprop) } : {}),
        ...(plan.forward !== undefined ? { forward: { tangents: plan.forward.tangents, ...peakJson(plan.forward) } } : {})
    };
}

/** `phg plan --json` for a document's subjects. */
export function memoryPlanJson(subjects: readonly DesignSubject[]): MemoryPlanJson {
    const entries = subjects.map(modelPlanJson);
    const models = entries.filter((entry): entry is ModelPlanJson => 'inference' in entry);
    const unplanned = entries.filter((entry): entry is UnplannedModelJson => 'reason' in entry);
    return { models, ...(unplanned.length > 0 ? { unplanned } : {}) };
}

/** A block's own settings and budgets, beside its plan (for panels). */
export interface PlanContextJson {
    /** `train Mlp on train_set`, or `model Mlp` for a model no block trains. */
    readonly title: string;
    /** Where the block (or the untrained model) is. */
    readonly range: Range | undefined;
    /** The gradient mode the block trains with. */
    readonly gradient: { readonly mode: 'backprop' | 'forward'; readonly tangents: number };
    readonly budget?: { readonly memoryBytes?: number; readonly ratio?: number };
    /** How each value lives in each step, with its bytes at the batch. */
    readonly values: readonly ValueLifetime[];
}

/** The context of a subject's plan. */
export function planContextJson(subject: DesignSubject): PlanContextJson {
    const settings = subject.training?.settings;
    const budget = settings !== undefined && (settings.memoryBudgetBytes !== undefined || settings.memoryRatio !== undefined)
        ? { ...(settings.memoryBudgetBytes !== undefined ? { memoryBytes: settings.memoryBudgetBytes } : {}), ...(settings.memoryRatio !== undefined ? { ratio: settings.memoryRatio } : {}) }
        : undefined;
    const outcome = subject.plan;
    return {
        title: subject.title,
        range: (subject.training?.node ?? subject.model.model).$cstNode?.range,
        gradient: subject.gradient,
        ...(budget !== undefined ? { budget } : {}),
        values: outcome?.ok === true ? [...outcome.plan.lifetimes.values()] : []
    };
}
