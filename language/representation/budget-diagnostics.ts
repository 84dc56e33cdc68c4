// PHG4101 and PHG4102: a train block's `budget memory X, ratio R` against its own plan — the peak of
// its gradient mode at its batch in its format, and that peak over the inference peak. The message
// says what dominates and what would fit; each alternative that fits every budget of the block is
// offered as a quick fix: the other gradient mode, the largest smaller batch, the widest narrower
// format whose dynamic range still covers every value's range.
import { parseFormat } from '../../engine/numeric/index.js';
import type { IrGraph } from '../../engine/ir/types.js';
import { relatedAt, rangeOf } from '../analysis/diagnostic-sink.js';
import type { BudgetItem } from '../generated/ast.js';
import { isBudgetSetting } from '../generated/ast.js';
import { formatByteSize } from '../memory/byte-size.js';
import { inFormat } from '../memory/format-variant.js';
import { dominantShare } from '../memory/peak-composition.js';
import type { MemoryPlan, ModePlan } from '../memory/plan-types.js';
import { candidateFormats } from '../ranges/format-candidates.js';
import { isBounded } from '../ranges/interval.js';
import { dynamicRangeFit } from '../ranges/rounding-error.js';
import type { DesignDiagnostic } from './design-diagnostic.js';
import type { DesignSubject } from './design-subjects.js';
import { settingEdit, type QuickFix, type SettingChange } from './setting-edits.js';

/** The budgets a block sets. */
interface Budgets {
    readonly memory?: { readonly bytes: number; readonly item: BudgetItem };
    readonly ratio?: { readonly ratio: number; readonly item: BudgetItem };
}

/** What a change of the block's settings would need, and the fix that makes it. */
interface Alternative {
    readonly description: string;
    readonly fix: QuickFix;
}

/** The PHG4101/PHG4102 diagnostics of a train block. */
export function budgetDiagnostics(subject: DesignSubject): DesignDiagnostic[] {
    const training = subject.training;
    if (training === undefined || !('graph' in subject.lowered)) return [];
    const budgets = budgetsOf(subject);
    if (budgets.memory === undefined && budgets.ratio === undefined) return [];
    const outcome = subject.plan;
    if (outcome === undefined || !outcome.ok) return [];
    const plan = outcome.plan;
    const trained = trainingPeak(plan, subject.gradient.mode);
    if (trained === undefined) return [];
    const { graph, map } = subject.lowered;
    const nameOf = (node: string): string => map.labelOf(node);
    const fits = (candidate: MemoryPlan, mode: 'backprop' | 'forward'): boolean => withinBudgets(candidate, mode, budgets);
    const diagnostics: DesignDiagnostic[] = [];
    let shared: Alternative[] | undefined;
    const alternatives = (): Alternative[] => (shared ??= alternativesThatFit(subject, graph, plan, fits));
    const mode = modeText(subject.gradient);
    const setting = `${mode} at batch ${plan.batch}, ${plan.format}`;
    if (budgets.memory !== undefined && trained.peak > budgets.memory.bytes) {
        const dominant = dominantShare(trained, plan.batch, nameOf);
        diagnostics.push(budgetDiagnostic(subject, 'PHG4101', budgets.memory.item,
            `training needs ${formatByteSize(trained.peak)} (${setting}), over the memory budget of ${formatByteSize(budgets.memory.bytes)}; ${dominant.text}${sentences(alternatives())}`, alternatives()));
    }
    const ratio = trained.peak / plan.inference.peak;
    if (budgets.ratio !== undefined && ratio > budgets.ratio.ratio) {
        const dominant = dominantShare(trained, plan.batch, nameOf, plan.inference);
        diagnostics.push(budgetDiagnostic(subject, 'PHG4102', budgets.ratio.item,
            `training needs ${ratio.toFixed(2)}× the inference peak (${setting}: ${formatByteSize(trained.peak)} against ${formatByteSize(plan.inference.peak)}), over the budget ratio ${budgets.ratio.item.value?.$cstNode?.text ?? budgets.ratio.ratio}; most of the difference is ${dominant.text}${sentences(alternatives())}`, alternatives()));
    }
    return diagnostics;
}

/** The peak of a gradient mode in a plan. */
export function trainingPeak(plan: MemoryPlan, mode: 'backprop' | 'forward'): ModePlan | undefined {
    return mode === 'backprop' ? plan.backprop : plan.forward;
}

/** `backprop`, `forward(1)`. */
export function modeText(gradient: DesignSubject['gradient']): string {
    return gradient.mode === 'backprop' ? 'backprop' : `forward(${gradient.tangents})`;
}

function budgetsOf(subject: DesignSubject): Budgets {
    const settings = subject.training!.settings;
    let memory: Budgets['memory'];
    let ratio: Budgets['ratio'];
    for (const setting of subject.training!.node.settings) {
        if (!isBudgetSetting(setting)) continue;
        for (const item of setting.items) {
            if (item.key === 'memory' && memory === undefined && settings.memoryBudgetBytes !== undefined) memory = { bytes: settings.memoryBudgetBytes, item };
            if (item.key === 'ratio' && ratio === undefined && settings.memoryRatio !== undefined) ratio = { ratio: settings.memoryRatio, item };
        }
    }
    return { ...(memory !== undefined ? { memory } : {}), ...(ratio !== undefined ? { ratio } : {}) };
}

function withinBudgets(plan: MemoryPlan, mode: 'backprop' | 'forward', budgets: Budgets): boolean {
    const peak = trainingPeak(plan, mode)?.peak;
    if (peak === undefined) return false;
    if (budgets.memory !== undefined && peak > budgets.memory.bytes) return false;
    return budgets.ratio === undefined || peak / plan.inference.peak <= budgets.ratio.ratio;
}

// The other gradient mode, a smaller batch, a narrower format: each that fits every budget.
function alternativesThatFit(subject: DesignSubject, graph: IrGraph, plan: MemoryPlan, fits: (plan: MemoryPlan, mode: 'backprop' | 'forward') => boolean): Alternative[] {
    const training = subject.training!;
    const alternatives: Alternative[] = [];
    const offer = (change: SettingChange, description: string, title: string): void => {
        const edit = settingEdit(training.node, change);
        if (edit !== undefined) alternatives.push({ description, fix: { title, edits: [edit] } });
    };
    const mode = subject.gradient.mode;
    const other = mode === 'backprop' ? 'forward' : 'backprop';
    const otherPeak = trainingPeak(plan, other);
    if (otherPeak !== undefined && fits(plan, other)) {
        const text = other === 'forward' ? `forward(tangents: ${plan.forward?.tangents ?? 1})` : 'backprop';
        const label = other === 'forward' ? `forward(${plan.forward?.tangents ?? 1})` : 'backprop';
        offer({ setting: 'gradient', text }, `${label} would need ${formatByteSize(otherPeak.peak)}`, `Train with ${label} (${formatByteSize(otherPeak.peak)})`);
    }
    const batch = largestFittingBatch(graph, subject, plan.batch, (candidate) => fits(candidate, mode));
    if (batch !== undefined) offer({ setting: 'batch', value: batch.batch }, `batch ${batch.batch} would need ${formatByteSize(batch.peak)}`, `Lower the batch to ${batch.batch} (${formatByteSize(batch.peak)})`);
    const narrower = widestFittingNarrowerFormat(graph, subject, subject.training?.settings.memoryBudgetBytes, (candidate) => fits(candidate, mode));
    if (narrower !== undefined) offer({ setting: 'format', format: narrower.format }, `${narrower.format} would need ${formatByteSize(narrower.peak)}`, `Hold values in ${narrower.format} (${formatByteSize(narrower.peak)})`);
    return alternatives;
}

// The largest batch below the block's that fits. Every planned byte grows with the batch, so a
// memory budget is met by a prefix of batch sizes: if batch 1 fits, bisection finds the largest
// (about log2 of the batch plans). A ratio is not monotone in the batch: bisection then finds a
// batch that fits, not necessarily the largest.
function largestFittingBatch(graph: IrGraph, subject: DesignSubject, current: number, fits: (plan: MemoryPlan) => boolean): { batch: number; peak: number } | undefined {
    const mode = subject.gradient.mode;
    const planAt = (batch: number): MemoryPlan | undefined => {
        const outcome = subject.replan(graph, { ...subject.settings, batch }, { backprop: mode === 'backprop', forward: mode === 'forward' });
        return outcome.ok ? outcome.plan : undefined;
    };
    const smallest = current > 1 ? planAt(1) : undefined;
    if (smallest === undefined || !fits(smallest)) return undefined;
    let low = 1;
    let lowPeak = trainingPeak(smallest, mode)!.peak;
    let high = current - 1;
    while (low < high) {
        const middle = Math.ceil((low + high) / 2);
        const plan = planAt(middle);
        if (plan !== undefined && fits(plan)) {
            low = middle;
            lowPeak = trainingPeak(plan, mode)!.peak;
        } else {
            high = middle - 1;
        }
    }
    return { batch: low, peak: lowPeak };
}

// The widest format narrower than the block's that fits and whose dynamic range covers every value.
function widestFittingNarrowerFormat(graph: IrGraph, subject: DesignSubject, memoryBudget: number | undefined, fits: (plan: MemoryPlan) => boolean): { format: string; peak: number } | undefined {
    const current = parseFormat(subject.format);
    if (current === undefined) return undefined;
    const ranges = [...(subject.ranges?.values() ?? [])].filter(isBounded);
    const narrower = candidateFormats.filter((format) => format.bits < current.bits).sort((a, b) => b.bits - a.bits);
    for (const format of narrower) {
        if (ranges.some((range) => dynamicRangeFit(format, range).fit !== 'inside')) continue;
        // Parameters and their optimizer state alone must fit a memory budget first.
        if (memoryBudget !== undefined && parameterBytes(graph, format.bytes, subject) > memoryBudget) continue;
        const mode = subject.gradient.mode;
        const outcome = subject.replan(inFormat(graph, format), subject.settings, { backprop: mode === 'backprop', forward: mode === 'forward' });
        if (outcome.ok && fits(outcome.plan)) return { format: format.name, peak: trainingPeak(outcome.plan, subject.gradient.mode)!.peak };
    }
    return undefined;
}

/** Bytes of the parameters and their optimizer state in a format: a floor no batch size or micro-batch split lowers. */
export function parameterBytes(graph: IrGraph, bytesPerValue: number, subject: DesignSubject): number {
    const values = graph.nodes.filter((node) => node.role === 'param').reduce((sum, node) => sum + node.shape.reduce((a, b) => a * b, 1), 0);
    return values * bytesPerValue * (1 + (subject.settings.stateFormat === undefined ? subject.settings.stateTensorsPerParam : 0));
}

function budgetDiagnostic(subject: DesignSubject, code: 'PHG4101' | 'PHG4102', item: BudgetItem, message: string, alternatives: readonly Alternative[]): DesignDiagnostic {
    const target = item.value ?? item;
    return {
        code, severity: 'error', message,
        range: rangeOf({ node: target }),
        node: target,
        related: [relatedAt({ node: subject.training!.node, keyword: 'train' }, `the plan of ${subject.title}`)],
        fixes: alternatives.map((alternative) => alternative.fix)
    };
}

function sentences(alternatives: readonly Alternative[]): string {
    return alternatives.length > 0 ? `. Would fit: ${alternatives.map((a) => a.description).join('; ')}` : '';
}
