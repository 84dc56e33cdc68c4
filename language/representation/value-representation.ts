// What the design-time analyses know about one value, for hover: its range (with its dimension),
// the format holding it, how that range fits the format, the worst rounding error over it, the best
// candidate format, and how the value lives in each step of the memory plan.
import type { IrNode } from '../../engine/ir/types.js';
import { parseFormat, type NumericFormat } from '../../engine/numeric/index.js';
import type { ValueLifetime } from '../memory/plan-types.js';
import { bestCandidate, type FormatCandidate } from '../ranges/format-candidates.js';
import type { Interval } from '../ranges/interval.js';
import { dynamicRangeFit, worstRoundingError, type DynamicRangeFit, type RoundingError } from '../ranges/rounding-error.js';
import type { DesignSubject } from './design-subjects.js';

/** One value as a subject's analyses see it. */
export interface ValueRepresentation {
    readonly subject: DesignSubject;
    readonly node: IrNode;
    /** In coherent base units of the value's dimension. */
    readonly range: Interval;
    readonly format: NumericFormat | undefined;
    readonly fit: DynamicRangeFit | undefined;
    /** The lifetime in each planned step, when the plan is available. */
    readonly lifetime: ValueLifetime | undefined;
    /** Worst rounding error of the format over the range (undefined: unbounded or not covered). */
    roundingError(): RoundingError | undefined;
    /** The best candidate format for the range. */
    candidate(): FormatCandidate | undefined;
}

/** The representation of an IR node of a subject. */
export function valueRepresentation(subject: DesignSubject, node: IrNode): ValueRepresentation | undefined {
    const range = subject.ranges?.get(node.name);
    if (range === undefined) return undefined;
    const numeric = !node.format.startsWith('class(');
    const format = numeric ? parseFormat(node.format) : undefined;
    const plan = subject.plan;
    let error: RoundingError | undefined | null = null;
    let candidate: FormatCandidate | undefined | null = null;
    return {
        subject, node, range, format,
        fit: format !== undefined ? dynamicRangeFit(format, range) : undefined,
        lifetime: plan?.ok === true ? plan.plan.lifetimes.get(node.name) : undefined,
        roundingError(): RoundingError | undefined {
            if (error === null) error = format !== undefined ? worstRoundingError(format, range) : undefined;
            return error;
        },
        candidate(): FormatCandidate | undefined {
            if (candidate === null) candidate = format !== undefined ? bestCandidate(format, range) : undefined;
            return candidate;
        }
    };
}
