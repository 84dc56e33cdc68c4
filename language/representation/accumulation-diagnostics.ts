// Design-time diagnostics of gradient accumulation (`accumulate_steps N`) and data-parallel workers
// (`workers W`) in a train block:
// - PHG4103 (warning, on `batch`): one step of the block's batch exceeds `budget memory`, and
//   N micro-batches of B/N rows — the same B rows per update, bit-identical weights with
//   `accumulate quire` — would fit; the message weighs the accumulator (one quire per parameter
//   element) against the activations it saves, and the quick fix writes both settings;
// - PHG6201 (error): with `accumulate quire` and backprop the engine splits only models whose
//   parameter gradients are sums over the batch (engine/train/runner-choice.ts) — said here, before
//   a run is refused;
// - PHG6202 (warning): more workers than rows in a micro-batch (some workers idle every step).
import { Program } from '../../engine/exec/program.js';
import { shardingProblems } from '../../engine/train/runner-choice.js';
import type { AstNode } from 'langium';
import { relatedAt, rangeOf } from '../analysis/diagnostic-sink.js';
import type { TrainDecl, DistillDecl } from '../generated/ast.js';
import { isValueSetting } from '../generated/ast.js';
import { parseFormat } from '../../engine/numeric/index.js';
import { formatByteSize } from '../memory/byte-size.js';
import { parameterBytes } from './budget-diagnostics.js';
import { planMemory } from '../memory/plan-memory.js';
import type { MemoryPlan, PlanSettings } from '../memory/plan-types.js';
import type { DesignDiagnostic } from './design-diagnostic.js';
import { isTrainSubject, type DesignSubject } from './design-subjects.js';
import { settingEdit, type SourceEdit } from './setting-edits.js';

/** PHG4103, PHG6201 and PHG6202 of a train block. */
export function accumulationDiagnostics(subject: DesignSubject): DesignDiagnostic[] {
    if (!isTrainSubject(subject) || !('graph' in subject.lowered)) return [];
    const training = subject.training!;
    const diagnostics: DesignDiagnostic[] = [];
    const accumulation = subject.settings.accumulation;
    if (accumulation !== undefined) {
        const exactness = exactnessDiagnostic(subject, training.node);
        if (exactness !== undefined) diagnostics.push(exactness);
        const workersSetting = valueSettingOf(training.node, 'workers');
        if (accumulation.workers > subject.settings.batch && workersSetting !== undefined) {
            diagnostics.push(diagnostic(subject, 'PHG6202', 'warning', workersSetting,
                `workers ${accumulation.workers} with batch ${subject.settings.batch}: each micro-batch is split into ${accumulation.workers} slices, so ${accumulation.workers - subject.settings.batch} workers get no rows in every step; use at most ${subject.settings.batch} workers`, []));
        }
        return diagnostics;
    }
    const suggestion = accumulationThatFits(subject);
    if (suggestion !== undefined) diagnostics.push(suggestion);
    return diagnostics;
}

// PHG6201: what the engine would refuse, with its own words.
function exactnessDiagnostic(subject: DesignSubject, node: TrainDecl | DistillDecl): DesignDiagnostic | undefined {
    const accumulation = subject.settings.accumulation!;
    if (accumulation.accumulate !== 'quire' || !('graph' in subject.lowered)) return undefined;
    const program = Program.compile(subject.lowered.graph, 'quire');
    if (!(program instanceof Program)) return undefined;
    const problems = shardingProblems(program, { gradient: subject.gradient, accumulateSteps: accumulation.steps, workers: accumulation.workers });
    if (problems.length === 0) return undefined;
    const at = valueSettingOf(node, accumulation.steps > 1 ? 'accumulate_steps' : 'workers');
    if (at === undefined) return undefined;
    return diagnostic(subject, 'PHG6201', 'error', at, problems.map((problem) => relabel(problem, subject)).join('; '), []);
}

// IR names of anonymous values (`%3`) read better as the source text they came from.
function relabel(text: string, subject: DesignSubject): string {
    if (!('map' in subject.lowered)) return text;
    const map = subject.lowered.map;
    return text.replace(/%\d+/g, (name) => map.labelOf(name));
}

// PHG4103: the smallest N dividing the batch whose micro-batches fit every budget of the block.
function accumulationThatFits(subject: DesignSubject): DesignDiagnostic | undefined {
    const training = subject.training!;
    const budget = training.settings.memoryBudgetBytes;
    const ratio = training.settings.memoryRatio;
    if (budget === undefined || !('graph' in subject.lowered)) return undefined;
    const outcome = subject.plan;
    if (outcome === undefined || !outcome.ok) return undefined;
    const mode = subject.gradient.mode;
    const current = peakOf(outcome.plan, mode);
    if (current === undefined || current <= budget) return undefined;
    const batch = subject.settings.batch;
    const accumulate = training.settings.accumulate;
    const batchSetting = valueSettingOf(training.node, 'batch');
    if (batchSetting === undefined) return undefined;
    // Parameters and optimizer state stay whatever the split: when they alone exceed the budget,
    // no micro-batch fits, and re-planning each split (the costly part on a big model) is skipped.
    const bytesPerValue = parseFormat(subject.format)?.bytes;
    if (bytesPerValue !== undefined && parameterBytes(subject.lowered.graph, bytesPerValue, subject) > budget) return undefined;
    for (let steps = 2; steps <= batch; steps++) {
        if (batch % steps !== 0) continue;
        const settings: PlanSettings = { ...subject.settings, batch: batch / steps, accumulation: { steps, workers: 1, accumulate } };
        const planned = planMemory(subject.lowered.graph, settings, { backprop: mode === 'backprop', forward: mode === 'forward' });
        if (!planned.ok) return undefined;
        const peak = peakOf(planned.plan, mode);
        const summary = (mode === 'backprop' ? planned.plan.backprop : planned.plan.forward)?.accumulation;
        if (peak === undefined || summary === undefined || peak > budget) continue;
        if (ratio !== undefined && peak / planned.plan.inference.peak > ratio) continue;
        const micro = batch / steps;
        const cost = mode === 'backprop' ? 'one quire per parameter element' : `one quire per tangent (${subject.gradient.tangents})`;
        const same = accumulate === 'quire' ? 'the weights are bit-identical to one batch' : 'with accumulate rounded the weights differ slightly from one batch';
        const edits = [settingEdit(training.node, { setting: 'batch', value: micro }), settingEdit(training.node, { setting: 'accumulate_steps', value: steps })].filter((edit): edit is SourceEdit => edit !== undefined);
        const title = `Accumulate ${steps} micro-batches of ${micro} (${formatByteSize(peak)})`;
        return diagnostic(subject, 'PHG4103', 'warning', batchSetting,
            `one step of ${batch} rows needs ${formatByteSize(current)}, over the memory budget of ${formatByteSize(budget)}; accumulate_steps ${steps} with batch ${micro} keeps ${batch} rows per update in ${formatByteSize(peak)}: the steps of ${micro} rows save ${formatByteSize(summary.saving)} for ${cost} (${formatByteSize(summary.accumulatorBytes)}), and ${same}`,
            edits.length === 2 ? [{ title, edits }] : []);
    }
    return undefined;
}

function peakOf(plan: MemoryPlan, mode: 'backprop' | 'forward'): number | undefined {
    return (mode === 'backprop' ? plan.backprop : plan.forward)?.peak;
}

// The value of a scalar setting the block writes (`batch 256` → the `256`).
function valueSettingOf(node: TrainDecl | DistillDecl, key: string): AstNode | undefined {
    for (const setting of node.settings) if (isValueSetting(setting) && setting.key === key) return setting.value ?? setting;
    return undefined;
}

function diagnostic(subject: DesignSubject, code: 'PHG4103' | 'PHG6201' | 'PHG6202', severity: 'error' | 'warning', node: AstNode, message: string, fixes: DesignDiagnostic['fixes']): DesignDiagnostic {
    return {
        code, severity, message,
        range: rangeOf({ node }),
        node,
        related: [relatedAt({ node: subject.training!.node, keyword: 'train' }, `the plan of ${subject.title}`)],
        fixes
    };
}
