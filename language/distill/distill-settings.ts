// The settings only a `distill` block has, read into typed values with the documented defaults
// (docs/distillation.md): the soft labels' temperature T and weight α, the teacher prior
// `prior gaussian(scale, damping, sample)` and the student posterior `posterior laplace(samples,
// scale)`. Wrong constructors and arguments are PHG6104. `temperature` and `alpha` themselves are
// range-checked with every other scalar setting (settings-checker.ts).
import type { CallExpr } from '../generated/ast.js';
import type { DiagnosticSink } from '../analysis/diagnostic-sink.js';
import type { FileUnits } from '../analysis/file-units.js';
import { quantityOfExpression } from '../analysis/quantities.js';
import type { TrainingSettings } from '../analysis/training-settings.js';
import { closestName } from '../inference/spelling.js';

/** `prior gaussian(scale: s, damping: λ, sample: n)`: σᵢ² = s²/(N_t·F̄ᵢ + λ) around the teacher's weights. */
export interface GaussianPriorSetting {
    /** Multiplies every σᵢ (1: the teacher's Laplace posterior). Default 1. */
    readonly scale: number;
    /** λ, the precision a weight keeps where the teacher's data say nothing. Default 1. */
    readonly damping: number;
    /** Rows of the teacher's training data the Fisher is estimated on (default: all). */
    readonly sample?: number;
}

/** `posterior laplace(samples: S, scale: τ)`: the student's predictive confidence. */
export interface LaplacePosteriorSetting {
    /** Weight samples per prediction. Default 32. */
    readonly samples: number;
    /** σ → τσ; undefined: chosen on the `validate on` set by its negative log-likelihood (or 0 without one). */
    readonly scale?: number;
}

/** The distillation settings of a `distill` block. */
export interface DistillSettings {
    /** T of the soft labels softmax(z/T). Default 2. */
    readonly temperature: number;
    /** α, the weight of α·T²·KL(teacher_T ‖ student_T). Default 0.5. */
    readonly alpha: number;
    /** Undefined without a `prior`: plain knowledge distillation from a fresh initialisation. */
    readonly prior?: GaussianPriorSetting;
    readonly posterior: LaplacePosteriorSetting;
}

/** An argument rule: the range a number must be in. */
interface ArgumentRule {
    readonly integer?: boolean;
    readonly min: number;
    readonly exclusiveMin?: boolean;
}

const priorArguments: ReadonlyMap<string, ArgumentRule> = new Map([
    ['scale', { min: 0, exclusiveMin: true }],
    ['damping', { min: 0 }],
    ['sample', { integer: true, min: 1 }]
]);

const posteriorArguments: ReadonlyMap<string, ArgumentRule> = new Map([
    ['samples', { integer: true, min: 1 }],
    ['scale', { min: 0 }]
]);

/** Reads (and checks) the distill settings of a block whose typed settings are `settings`. */
export function readDistillSettings(settings: TrainingSettings, units: FileUnits, sink: DiagnosticSink): DistillSettings {
    const priorCall = settings.calls.get('prior');
    const posteriorCall = settings.calls.get('posterior');
    const prior = priorCall !== undefined ? readCall(priorCall, 'gaussian', priorArguments, 'prior gaussian(scale: 1, damping: 1)', units, sink) : undefined;
    const posterior = posteriorCall !== undefined ? readCall(posteriorCall, 'laplace', posteriorArguments, 'posterior laplace(samples: 32, scale: 0.01)', units, sink) : undefined;
    const sample = prior?.get('sample');
    const posteriorScale = posterior?.get('scale');
    return {
        temperature: settings.values.get('temperature') ?? 2,
        alpha: settings.values.get('alpha') ?? 0.5,
        ...(prior !== undefined ? { prior: { scale: prior.get('scale') ?? 1, damping: prior.get('damping') ?? 1, ...(sample !== undefined ? { sample } : {}) } } : {}),
        posterior: { samples: posterior?.get('samples') ?? 32, ...(posteriorScale !== undefined ? { scale: posteriorScale } : {}) }
    };
}

// A constructor call with named numeric arguments; undefined when the constructor is wrong.
function readCall(call: CallExpr, constructor: string, rules: ReadonlyMap<string, ArgumentRule>, example: string, units: FileUnits, sink: DiagnosticSink): Map<string, number> | undefined {
    if (call.function !== constructor) {
        sink.error('PHG6104', `unknown ${constructor === 'gaussian' ? 'prior' : 'posterior'} '${call.function}': write ${example}`, { node: call, property: 'function' });
        return undefined;
    }
    const values = new Map<string, number>();
    for (const arg of call.args) {
        if (arg.name === undefined) {
            sink.error('PHG6104', `name the arguments of ${constructor}, e.g. ${example}`, { node: arg });
            continue;
        }
        const rule = rules.get(arg.name);
        if (rule === undefined) {
            const suggestion = closestName(arg.name, rules.keys());
            sink.error('PHG6104', `${constructor} has no argument '${arg.name}'${suggestion ? `; did you mean '${suggestion}'?` : ''} (it takes ${[...rules.keys()].join(', ')})`, { node: arg, property: 'name' });
            continue;
        }
        if (values.has(arg.name)) {
            sink.error('PHG6104', `'${arg.name}' is given twice`, { node: arg, property: 'name' });
            continue;
        }
        // A half-typed argument (`scale:`) is a parse error already.
        if (arg.value === undefined) continue;
        const quantity = quantityOfExpression(arg.value, units);
        const text = arg.value.$cstNode?.text ?? '?';
        if (quantity === undefined || quantity.hasUnit || quantity.exponents.some((e) => e !== 0)) {
            sink.error('PHG6104', `${constructor} ${arg.name} must be a plain number, not ${text}`, { node: arg.value });
            continue;
        }
        const tooSmall = rule.exclusiveMin === true ? quantity.value <= rule.min : quantity.value < rule.min;
        if ((rule.integer === true && !quantity.integer) || tooSmall) {
            const what = rule.integer === true ? `a whole number ≥ ${rule.min}` : rule.exclusiveMin === true ? `greater than ${rule.min}` : `at least ${rule.min}`;
            sink.error('PHG6104', `${constructor} ${arg.name} must be ${what}, not ${text}`, { node: arg.value });
            continue;
        }
        values.set(arg.name, quantity.value);
    }
    return values;
}
