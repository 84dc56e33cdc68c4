// The design-time memory plan: what the engine's tracked allocator will measure for a lowered
// model, predicted from the IR alone (docs/memory.md is the policy both follow). Plain data, so
// the CLI (`phg plan`), the language server (code lens, hover, `phg/memoryPlan`) and the budget
// checks read the same numbers.
import type { LifetimeClass } from '../../engine/ir/types.js';
import type { AccumulationSettings, AccumulationSummary } from './accumulation-types.js';

/** The classes a peak is made of: every lifetime class but `data`, which is never in the peak. */
export type PeakClass = Exclude<LifetimeClass, 'data'>;

/** Every peak class, in the order `phg train --json` reports them. */
export const peakClasses: readonly PeakClass[] = ['param', 'state', 'activation', 'tape', 'tangent', 'gradient', 'quire'];

/** Bytes per peak class. */
export type BytesByPeakClass = Readonly<Record<PeakClass, number>>;

/** The three steps a plan covers. */
export type PlannedMode = 'inference' | 'backprop' | 'forward';

/** What a buffer live at the peak holds. */
export type BufferRole =
    | 'arena' | 'quire' | 'param' | 'constant' | 'state'
    | 'value' | 'batch' | 'gradient' | 'tangent' | 'direction' | 'loss-gradient' | 'derivatives' | 'direction-words'
    | 'soft-labels';

/** One buffer live at the moment of a peak. */
export interface PeakBuffer {
    readonly role: BufferRole;
    readonly memoryClass: PeakClass;
    readonly bytes: number;
    /** The IR node the buffer belongs to, when it belongs to one. */
    readonly node?: string;
}

/** Where in a step the peak is reached. */
export interface PeakMoment {
    readonly phase: 'floor' | 'batch' | 'forward' | 'backward' | 'tangent' | 'update' | 'teacher';
    /** The IR node whose edge was running (forward, backward, tangent phases). */
    readonly node?: string;
}

/** Which rule of an edge needs the scratch: its forward, gradient or tangent rule. */
export type ScratchRule = 'forward' | 'gradient' | 'tangent';

/** The kernel scratch arena of a step: its bytes, and the edge (by target) and rule that size it. */
export interface ArenaSize {
    readonly bytes: number;
    readonly sizedBy?: { readonly edge: string; readonly rule: ScratchRule };
}

/** The planned peak of one step. */
export interface ModePlan {
    readonly mode: PlannedMode;
    /** Highest sum of live bytes over the peak classes. */
    readonly peak: number;
    /** Live bytes per class at the moment of the peak. */
    readonly byClass: BytesByPeakClass;
    /** The buffers live at that moment, largest first. */
    readonly atPeak: readonly PeakBuffer[];
    readonly moment: PeakMoment;
    /** The step's kernel scratch arena (in `quire`, allocated before the step). */
    readonly arena: ArenaSize;
    /** With accumulate_steps or workers: the accumulators' cost beside the smaller steps' saving. */
    readonly accumulation?: AccumulationSummary;
}

/** How a value lives in each step (undefined: the step does not compute or hold it). */
export interface ValueLifetime {
    readonly node: string;
    /** Bytes of the value at the plan's batch size. */
    readonly bytes: number;
    readonly inference?: LifetimeClass;
    readonly backprop?: LifetimeClass;
    /** The primal's class in forward-gradient training; `tangent` says whether a tangent rides beside it. */
    readonly forward?: { readonly primal: LifetimeClass; readonly tangent: boolean };
}

/** The training settings a plan depends on. */
export interface PlanSettings {
    /** Samples per step (the `train` block's `batch`). */
    readonly batch: number;
    /** Optimizer state tensors per parameter: SGD with momentum 1, without 0; Adam 2. */
    readonly stateTensorsPerParam: number;
    /** Canonical format of the optimizer state (default: the parameters' format). */
    readonly stateFormat?: string;
    /** K of forward(tangents: K). */
    readonly tangents: number;
    /** Whether inference reads batches with their targets (as `phg run` does on labelled data). */
    readonly inferenceWithTargets?: boolean;
    /** Gradient accumulation / data-parallel workers (absent: one batch per update, one thread). */
    readonly accumulation?: AccumulationSettings;
}

/** The whole plan of one lowered model. */
export interface MemoryPlan {
    readonly model: string;
    readonly batch: number;
    /** Canonical name of the numeric format of the model's values. */
    readonly format: string;
    readonly inference: ModePlan;
    /** Absent when the graph has no loss (a model without a `train` block). */
    readonly backprop?: ModePlan;
    readonly forward?: ModePlan & { readonly tangents: number };
    /** Every node's lifetime, by IR node name. */
    readonly lifetimes: ReadonlyMap<string, ValueLifetime>;
}

/** Why a graph cannot be planned (the engine would not run it either). */
export interface PlanProblem {
    readonly message: string;
    readonly node?: string;
}

/** A plan, or the problems that prevent one. */
export type PlanOutcome = { readonly ok: true; readonly plan: MemoryPlan } | { readonly ok: false; readonly problems: readonly PlanProblem[] };

/** All classes at zero. */
export function zeroBytes(): Record<PeakClass, number> {
    return { param: 0, state: 0, activation: 0, tape: 0, tangent: 0, gradient: 0, quire: 0 };
}
