// Reads and checks the settings of `train` and `distill` blocks (PHG6xxx, PHG1011): known
// names, no duplicates, numbers in range, units of the right dimension, formats the engine
// knows, optimizers with the arguments they take. The result is the block's TrainingSettings.
import type { AstNode } from 'langium';
import type { CallExpr, DataDecl, DistillDecl, Expression, PhgFile, TrainDecl } from '../generated/ast.js';
import {
    isAccumulateSetting, isBudgetSetting, isCallExpr, isCallSetting, isDistillDecl, isForwardMode, isFormatSetting, isGradientSetting,
    isLayerDecl, isLossSetting, isOptimizerSetting, isPlasticityDecl, isValidateSetting, isValueSetting
} from '../generated/ast.js';
import { baseModelOf } from '../scoping/named-values.js';
import { resolveFormat, formatSpellingOf } from '../formats/format-names.js';
import { formatSpellingProblem, knownFormatNames } from '../formats/format-spelling.js';
import { closestName } from '../inference/spelling.js';
import { describeDifference, formatDimensionText } from '../units/dimension-format.js';
import { relatedAt, type DiagnosticSink } from './diagnostic-sink.js';
import type { FileUnits } from './file-units.js';
import { quantityOfExpression, type Quantity } from './quantities.js';
import type { AccumulationMode, GradientModeSetting, OptimizerSettings, TrainingSettings } from './training-settings.js';

/** What a scalar setting must be. */
interface ScalarRule {
    /** Base dimension it must have (`Time` for dt), or undefined for a pure number. */
    readonly dimension?: string;
    readonly integer?: boolean;
    readonly min?: number;
    readonly max?: number;
    readonly exclusiveMin?: boolean;
    readonly distillOnly?: boolean;
}

const scalarSettings: ReadonlyMap<string, ScalarRule> = new Map<string, ScalarRule>([
    ['batch', { integer: true, min: 1 }],
    ['epochs', { integer: true, min: 1 }],
    ['seed', { integer: true, min: 0 }],
    ['workers', { integer: true, min: 1 }],
    ['patience', { integer: true, min: 1 }],
    ['accumulate_steps', { integer: true, min: 1 }],
    ['weight_decay', { min: 0 }],
    ['dt', { dimension: 'Time', min: 0, exclusiveMin: true }],
    ['temperature', { min: 0, exclusiveMin: true, distillOnly: true }],
    ['alpha', { min: 0, max: 1, distillOnly: true }]
]);

/** Optimizers and the arguments each takes; `lr` is required. */
const optimizers: ReadonlyMap<string, ReadonlyMap<string, ScalarRule>> = new Map([
    ['sgd', new Map<string, ScalarRule>([
        ['lr', { min: 0, exclusiveMin: true }], ['momentum', { min: 0, max: 1 }], ['weight_decay', { min: 0 }]
    ])],
    ['adam', new Map<string, ScalarRule>([
        ['lr', { min: 0, exclusiveMin: true }], ['beta1', { min: 0, max: 1 }], ['beta2', { min: 0, max: 1 }],
        ['eps', { min: 0, exclusiveMin: true }], ['weight_decay', { min: 0 }]
    ])]
]);

/** Optimizers and the names of the arguments each takes (completion offers them). */
export function optimizerArguments(): ReadonlyMap<string, readonly string[]> {
    return new Map([...optimizers].map(([name, args]) => [name, [...args.keys()]]));
}

const blockSettings = ['loss', 'format', 'accumulate', 'gradient', 'optimizer', 'validate', 'budget', 'encode', ...scalarSettings.keys()];

/** Checks a training block's settings and reads them into typed values. */
export function checkTrainingSettings(training: TrainDecl | DistillDecl, root: PhgFile, units: FileUnits, sink: DiagnosticSink): TrainingSettings {
    const trained = isDistillDecl(training) ? training.student?.ref : training.model?.ref;
    const learnsLocally = trained !== undefined && baseModelOf(trained).statements.some((s) => isPlasticityDecl(s) || isLayerDecl(s));
    const distill = isDistillDecl(training);
    const seen = new Map<string, AstNode>();
    const values = new Map<string, number>();
    const calls = new Map<string, CallExpr>();
    const formatsFor = new Map<string, string>();
    let format = 'float32';
    let accumulate: AccumulationMode = 'quire';
    let gradient: GradientModeSetting = { mode: 'backprop' };
    let optimizer: OptimizerSettings | undefined;
    let validateOn: DataDecl | undefined;
    let memoryBudgetBytes: number | undefined;
    let memoryRatio: number | undefined;

    const once = (key: string, node: AstNode, property?: string): boolean => {
        const previous = seen.get(key);
        if (previous) {
            sink.error('PHG6009', `'${key}' is set twice in this block; the second setting would silently win`, { node, ...(property ? { property } : {}) },
                [relatedAt({ node: previous }, `first '${key}' setting`)]);
            return false;
        }
        seen.set(key, node);
        return true;
    };

    for (const setting of training.settings) {
        if (isLossSetting(setting)) {
            once('loss', setting, 'loss');
        } else if (isFormatSetting(setting)) {
            const key = setting.target ? `format for ${setting.target}` : 'format';
            if (!once(key, setting) || !setting.format) continue;
            const name = resolveFormat(setting.format, root);
            if (!name) {
                reportUnknownFormat(setting.format.$cstNode ? setting.format : setting, formatSpellingOf(setting.format), root, sink);
            } else if (setting.target) {
                formatsFor.set(setting.target, name);
            } else {
                format = name;
            }
        } else if (isAccumulateSetting(setting)) {
            if (once('accumulate', setting)) accumulate = setting.mode === 'rounded' ? 'rounded' : 'quire';
        } else if (isGradientSetting(setting)) {
            if (!once('gradient', setting)) continue;
            if (isForwardMode(setting.mode)) {
                const tangents = setting.mode.tangents ?? 1;
                if (tangents < 1) sink.error('PHG6004', `forward gradients need at least one tangent, not ${tangents}`, { node: setting.mode, property: 'tangents' });
                gradient = { mode: 'forward', tangents: Math.max(1, tangents) };
            }
        } else if (isOptimizerSetting(setting)) {
            if (once('optimizer', setting) && setting.optimizer) optimizer = checkOptimizer(setting.optimizer, units, sink);
        } else if (isValidateSetting(setting)) {
            if (once('validate', setting)) validateOn = setting.data?.ref;
        } else if (isBudgetSetting(setting)) {
            for (const item of setting.items) {
                if (!once(`budget ${item.key}`, item, 'key')) continue;
                if (item.key === 'memory') {
                    memoryBudgetBytes = readScalar('budget memory', item.value, { dimension: 'Information', min: 0, exclusiveMin: true }, units, sink);
                } else {
                    memoryRatio = readScalar('budget ratio', item.value, { min: 1 }, units, sink);
                }
            }
        } else if (isCallSetting(setting)) {
            if (setting.key === 'prior' && !distill) {
                sink.error('PHG6008', "'prior' is a distill setting: a train block has no teacher to take a prior from", { node: setting, property: 'key' });
                continue;
            }
            if (once(setting.key, setting, 'key') && setting.value) calls.set(setting.key, setting.value);
        } else if (isValueSetting(setting)) {
            // `posterior laplace(…)` is a call setting of distill blocks (language/distill/distill-settings.ts).
            if (distill && setting.key === 'posterior' && isCallExpr(setting.value)) {
                if (once('posterior', setting, 'key')) calls.set('posterior', setting.value);
                continue;
            }
            const rule = scalarSettings.get(setting.key);
            if (!rule || (rule.distillOnly && !distill)) {
                const candidates = distill ? [...blockSettings, 'prior', 'posterior'] : blockSettings.filter((name) => !scalarSettings.get(name)?.distillOnly);
                const suggestion = closestName(setting.key, candidates);
                const why = rule?.distillOnly ? ` ('${setting.key}' is a distill setting)` : suggestion ? `; did you mean '${suggestion}'?` : '';
                sink.error('PHG6008', `unknown ${distill ? 'distill' : 'train'} setting '${setting.key}'${why}`, { node: setting, property: 'key' });
                continue;
            }
            if (!once(setting.key, setting, 'key')) continue;
            const value = readScalar(setting.key, setting.value, rule, units, sink);
            if (value !== undefined) values.set(setting.key, value);
        }
    }
    // Spiking models learn locally from spike timing (STDP) and are read out by label assignment: no loss.
    if (!distill && !seen.has('loss') && !learnsLocally) {
        sink.error('PHG6005', 'this train block has no loss: add one, e.g. `loss cross_entropy(y, label)` or `loss mse(y, target)`', { node: training, keyword: 'train' });
    }
    return {
        format, formatsFor, accumulate, gradient, optimizer, validateOn, memoryBudgetBytes, memoryRatio, values, calls,
        batch: values.get('batch') ?? 32,
        epochs: values.get('epochs') ?? 1,
        seed: values.get('seed') ?? 0
    };
}

/** Reports a format spelling the engine does not know. */
export function reportUnknownFormat(node: AstNode, spelling: string, root: PhgFile, sink: DiagnosticSink): void {
    const aliases = root.declarations.flatMap((declaration) => declaration.$type === 'FormatDecl' && 'name' in declaration ? [String(declaration.name)] : []);
    const suggestion = closestName(spelling, [...knownFormatNames(), ...aliases]);
    const problem = formatSpellingProblem(spelling);
    // The engine's explanation is precise for a wrong width or parameters; a plain typo gets a suggestion.
    const detail = problem && !problem.startsWith('unknown format') ? `: ${problem}` : suggestion ? `; did you mean '${suggestion}'?` : ` (${knownFormatNames().join(', ')}, or a declared format)`;
    sink.error('PHG6001', `unknown numeric format '${spelling}'${detail}`, { node });
}

function checkOptimizer(call: CallExpr, units: FileUnits, sink: DiagnosticSink): OptimizerSettings | undefined {
    const accepted = optimizers.get(call.function);
    if (!accepted) {
        const suggestion = closestName(call.function, optimizers.keys());
        sink.error('PHG6002', `unknown optimizer '${call.function}'${suggestion ? `; did you mean '${suggestion}'?` : ''} (sgd or adam)`, { node: call, property: 'function' });
        return undefined;
    }
    const args = new Map<string, number>();
    for (const arg of call.args) {
        if (!arg.name) {
            sink.error('PHG6003', `name the arguments of ${call.function}, e.g. ${call.function}(lr: 0.01)`, { node: arg });
            continue;
        }
        const rule = accepted.get(arg.name);
        if (!rule) {
            const suggestion = closestName(arg.name, accepted.keys());
            sink.error('PHG6003', `${call.function} has no argument '${arg.name}'${suggestion ? `; did you mean '${suggestion}'?` : ''} (it takes ${[...accepted.keys()].join(', ')})`, { node: arg, property: 'name' });
            continue;
        }
        if (args.has(arg.name)) {
            sink.error('PHG6003', `'${arg.name}' is given twice`, { node: arg, property: 'name' });
            continue;
        }
        // The learning rate may carry a unit; the training checker compares it with dim(W)²/dim(L).
        const value = arg.name === 'lr' ? readNumber(`${call.function} lr`, arg.value, rule, units, sink) : readScalar(`${call.function} ${arg.name}`, arg.value, rule, units, sink);
        if (value !== undefined) args.set(arg.name, value);
    }
    if (!call.args.some((arg) => arg.name === 'lr')) {
        sink.error('PHG6003', `${call.function} needs a learning rate: ${call.function}(lr: 0.01)`, { node: call, property: 'function' });
    }
    return { name: call.function, args, node: call };
}

/** A scalar setting: a literal of the required dimension, within range. */
function readScalar(what: string, expression: Expression | undefined, rule: ScalarRule, units: FileUnits, sink: DiagnosticSink): number | undefined {
    if (!expression) return undefined;
    const quantity = quantityOfExpression(expression, units);
    if (!quantity) return readNumber(what, expression, rule, units, sink);
    const expected = new Array<number>(units.size).fill(0);
    if (rule.dimension) {
        const index = units.basis.names.indexOf(rule.dimension);
        if (index >= 0) expected[index] = 1;
    }
    // A bare number would silently mean the base unit (`dt 1` = one second): demand the unit.
    if (rule.dimension && !quantity.hasUnit) {
        const example = rule.dimension === 'Time' ? '1<ms>' : rule.dimension === 'Information' ? '4<MiB>' : `1<${formatDimensionText(expected, [], units.vocabulary)}>`;
        sink.error('PHG1011', `${what} is a ${rule.dimension}: write it with a unit, e.g. ${example}`, { node: expression });
        return undefined;
    }
    if (quantity.hasUnit && describeDifference(quantity.exponents, expected, units.basis) !== '') {
        const wanted = rule.dimension ? `a ${rule.dimension} (${formatDimensionText(expected, [], units.vocabulary)})` : 'a pure number';
        sink.error('PHG1011', `${what} must be ${wanted}, but ${expression.$cstNode?.text ?? 'it'} has dimension ${formatDimensionText(quantity.exponents, [], units.vocabulary)}`, { node: expression });
        return undefined;
    }
    return checkRange(what, quantity, expression, rule, sink);
}

/** A number whose unit is checked elsewhere (the learning rate). */
function readNumber(what: string, expression: Expression | undefined, rule: ScalarRule, units: FileUnits, sink: DiagnosticSink): number | undefined {
    if (!expression) return undefined;
    const quantity = quantityOfExpression(expression, units);
    if (!quantity) {
        sink.error('PHG6004', `${what} must be a number written out, e.g. 0.01`, { node: expression });
        return undefined;
    }
    return checkRange(what, quantity, expression, rule, sink);
}

function checkRange(what: string, quantity: Quantity, node: AstNode, rule: ScalarRule, sink: DiagnosticSink): number | undefined {
    const value = quantity.value;
    const text = node.$cstNode?.text ?? String(value);
    if (rule.integer && (!quantity.integer || quantity.hasUnit)) {
        sink.error('PHG6004', `${what} must be a whole number, not ${text}`, { node });
        return undefined;
    }
    const belowMin = rule.min !== undefined && (rule.exclusiveMin ? value <= rule.min : value < rule.min);
    const aboveMax = rule.max !== undefined && value > rule.max;
    if (belowMin || aboveMax) {
        const bounds = rule.max !== undefined ? `between ${rule.min ?? '-∞'} and ${rule.max}` : rule.exclusiveMin ? `greater than ${rule.min}` : `at least ${rule.min}`;
        sink.error('PHG6004', `${what} must be ${bounds}, not ${text}`, { node });
        return undefined;
    }
    return value;
}
