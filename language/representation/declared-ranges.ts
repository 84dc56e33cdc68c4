// The ranges a model's source declares, by IR node name: `range [a, b]` on inputs, params, named
// values and outputs, and on the columns of the data a training reads (an input without its own
// range takes its column's; targets are columns). Bounds are in coherent base units.
import type { DocumentAnalysis, ModelAnalysis, TrainingAnalysis } from '../analysis/analysis-types.js';
import type { RangeSpec } from '../generated/ast.js';
import { isDataColumn, isInputDecl, isLetDecl, isOutputDecl, isParamDecl } from '../generated/ast.js';
import { dataColumnsOf } from '../scoping/named-values.js';
import { interval, type Interval } from '../ranges/interval.js';

/** A declared range and where it is written. */
export interface DeclaredRange {
    readonly range: Interval;
    readonly spec: RangeSpec;
}

/** Declared ranges of a model (as trained by `training`), by value name. */
export function declaredRanges(analysis: DocumentAnalysis, model: ModelAnalysis, training: TrainingAnalysis | undefined): Map<string, DeclaredRange> {
    const ranges = new Map<string, DeclaredRange>();
    const read = (spec: RangeSpec | undefined): DeclaredRange | undefined => {
        if (spec === undefined) return undefined;
        const low = spec.low !== undefined ? analysis.quantityOf(spec.low) : undefined;
        const high = spec.high !== undefined ? analysis.quantityOf(spec.high) : undefined;
        return low !== undefined && high !== undefined ? { range: interval(low, high), spec } : undefined;
    };
    for (const value of model.values) {
        const node = value.node;
        const declared = isInputDecl(node) || isParamDecl(node) || isLetDecl(node) || isOutputDecl(node) ? read(node.range) : undefined;
        if (declared !== undefined) ranges.set(value.name, declared);
    }
    if (training?.data !== undefined) {
        for (const column of dataColumnsOf(training.data)) {
            const declared = isDataColumn(column) ? read(column.range) : undefined;
            if (declared !== undefined && !ranges.has(column.name)) ranges.set(column.name, declared);
        }
    }
    return ranges;
}
