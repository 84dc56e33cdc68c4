// Lowering a `train` block: its model with the loss to the IR (in the block's format), its data
// declarations to csv data specs (paths relative to the .phg file), and its settings to the
// engine's training settings.
import { dirname, isAbsolute, join } from 'node:path';
import type { DataColumnSpec, DataSpec } from '../../engine/data/csv-dataset.js';
import type { IrGraph } from '../../engine/ir/types.js';
import type { AccumulateMode } from '../../engine/kernels/accumulation.js';
import type { OptimizerSpec } from '../../engine/optim/optimizer.js';
import type { TrainSettings } from '../../engine/train/settings.js';
import type { DocumentAnalysis, TrainingAnalysis } from '../analysis/analysis-types.js';
import type { DataColumn, DataDecl, RangeSpec } from '../generated/ast.js';
import { isColumnRange, isStringLiteral, isQuantityLiteral } from '../generated/ast.js';
import { lowerModel, type FormatBytes, type LoweringProblem } from './lower-model.js';

/** A train block ready for the engine. */
export interface LoweredTraining {
    readonly graph: IrGraph;
    readonly accumulate: AccumulateMode;
    readonly settings: TrainSettings;
    readonly train: DataSpec;
    /** The `validate on` set, if any. */
    readonly validate?: DataSpec;
    readonly problems: readonly LoweringProblem[];
}

/** Settings a caller (the `phg train` flags) puts above the block's own. */
export interface TrainingOverrides {
    /** Canonical format name for every numeric value. */
    readonly format?: string;
}

/** Lowers one `train` block of an analysed document at `documentPath`. */
export function lowerTraining(analysis: DocumentAnalysis, training: TrainingAnalysis, documentPath: string, formatBytes: FormatBytes, overrides: TrainingOverrides = {}): LoweredTraining | { readonly problems: readonly LoweringProblem[] } {
    const model = analysis.models.find((m) => m.model === training.model);
    if (model === undefined || training.data === undefined) return { problems: [{ message: 'the train block has no resolvable model or data', node: training.node }] };
    const settings = training.settings;
    const lowered = lowerModel({ analysis, model, format: overrides.format ?? settings.format, formatBytes, ...(training.loss !== undefined ? { loss: training.loss.expression } : {}) });
    const problems = [...lowered.problems];
    if (training.loss === undefined) problems.push({ message: 'the train block has no `loss`', node: training.node });
    for (const [target] of settings.formatsFor) {
        if (target !== 'state') problems.push({ message: `\`format … for ${target}\` is not supported by the engine yet (only \`for state\`)`, node: training.node });
    }
    const directory = dirname(documentPath);
    const train = dataSpec(analysis, training.data, directory);
    const validate = settings.validateOn !== undefined ? dataSpec(analysis, settings.validateOn, directory) : undefined;
    if ('problem' in train) return { problems: [...problems, train.problem] };
    if (validate !== undefined && 'problem' in validate) return { problems: [...problems, validate.problem] };
    const stateFormat = settings.formatsFor.get('state');
    const engineSettings: TrainSettings = {
        gradient: settings.gradient.mode === 'backprop' ? { mode: 'backprop', tangents: 1 } : { mode: 'forward', tangents: settings.gradient.tangents },
        optimizer: optimizerSpec(settings.optimizer?.name ?? 'sgd', settings.optimizer?.args ?? new Map(), settings.values.get('weight_decay')),
        batch: settings.batch,
        epochs: settings.epochs,
        seed: settings.seed,
        ...(settings.values.has('accumulate_steps') ? { accumulateSteps: settings.values.get('accumulate_steps')! } : {}),
        ...(settings.values.has('workers') ? { workers: settings.values.get('workers')! } : {}),
        ...(stateFormat !== undefined ? { stateFormat } : {})
    };
    return { graph: lowered.graph, accumulate: settings.accumulate, settings: engineSettings, train, ...(validate !== undefined ? { validate } : {}), problems };
}

/** The engine's optimizer from a name and arguments, with the language's documented defaults. */
export function optimizerSpec(name: string, args: ReadonlyMap<string, number>, weightDecay: number | undefined): OptimizerSpec {
    const decay = args.get('weight_decay') ?? weightDecay ?? 0;
    if (name === 'adam') return { kind: 'adam', lr: args.get('lr') ?? 0.001, beta1: args.get('beta1') ?? 0.9, beta2: args.get('beta2') ?? 0.999, epsilon: args.get('eps') ?? 1e-8, weightDecay: decay };
    return { kind: 'sgd', lr: args.get('lr') ?? 0.01, momentum: args.get('momentum') ?? 0, weightDecay: decay };
}

/** A `data` declaration as a csv spec (columns from its `like` source when it has one). */
export function dataSpec(analysis: DocumentAnalysis, data: DataDecl, directory: string): DataSpec | { readonly problem: LoweringProblem } {
    // After a parse error a data set may have no source (`data d = {`).
    const source = data.source as DataDecl['source'] | undefined;
    const pathArg = source?.args[0]?.value;
    if (source?.function !== 'csv' || pathArg === undefined || !isStringLiteral(pathArg)) return { problem: { message: `data '${data.name}': only csv("file") sources can be loaded`, node: source ?? data } };
    const file = isAbsolute(pathArg.value) ? pathArg.value : join(directory, pathArg.value);
    let declaring: DataDecl = data;
    const seen = new Set<DataDecl>();
    while (declaring.like?.ref !== undefined && !seen.has(declaring)) {
        seen.add(declaring);
        declaring = declaring.like.ref;
    }
    const columns: DataColumnSpec[] = [];
    for (const column of declaring.columns) {
        // After a parse error a column may lack its `= column …` (the parse error says so).
        if ((column.selector as DataColumn['selector'] | undefined) === undefined) {
            return { problem: { message: `data '${data.name}': column '${column.name}' does not say which file column it reads`, node: column } };
        }
        const type = analysis.valueOf(column)?.type;
        if (type?.element === 'class') {
            const index = isColumnRange(column.selector) ? column.selector.first : column.selector.index;
            columns.push({ name: column.name, kind: 'class', column: index, classes: type.classes ?? 0 });
            continue;
        }
        const first = isColumnRange(column.selector) ? column.selector.first : column.selector.index;
        const count = isColumnRange(column.selector) ? column.selector.last - column.selector.first + 1 : 1;
        const range = rangeOf(analysis, column.range);
        columns.push({ name: column.name, kind: 'values', first, count, ...(range !== undefined ? { range } : {}) });
    }
    return { name: data.name, file, columns };
}

function rangeOf(analysis: DocumentAnalysis, range: RangeSpec | undefined): readonly [number, number] | undefined {
    if (range === undefined) return undefined;
    // quantityOf applies the literal's sign and unit.
    const read = (literal: RangeSpec['low']): number | undefined => (isQuantityLiteral(literal) ? analysis.quantityOf(literal) : undefined);
    const low = read(range.low);
    const high = read(range.high);
    return low !== undefined && high !== undefined ? [low, high] : undefined;
}

