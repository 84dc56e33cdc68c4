// Checks a train block of a spiking model: it needs an encoding of its spike inputs and a time
// step (PHG6014), the encoder's arguments (PHG6012, PHG1012), and it warns about configurations
// that cannot work as written (PHG6013): a step longer than half a time constant (the exponential
// decay between steps is no longer resolved), rates that exceed one spike per step, refractory
// periods shorter than a step, decays smaller than half an ulp of the state in the chosen format
// (the state then never decays).
import type { DataDecl, DistillDecl, Expression, ModelDecl, PhgFile, TrainDecl } from '../generated/ast.js';
import { isCallSetting, isFormatSetting, isValueSetting } from '../generated/ast.js';
import type { AstNode } from 'langium';
import type { FileUnits } from '../analysis/file-units.js';
import { relatedAt, type DiagnosticSink } from '../analysis/diagnostic-sink.js';
import { quantityOfExpression, type Quantity } from '../analysis/quantities.js';
import { closestName } from '../inference/spelling.js';
import { dataColumnsOf } from '../scoping/named-values.js';
import { resolveFormat } from '../formats/format-names.js';
import { describeDifference, formatDimensionText } from '../units/dimension-format.js';
import { vectorsEqual } from '../units/dimension.js';
import { parseFormat } from '../../engine/numeric/index.js';
import type { NumericFormat } from '../../engine/numeric/format.js';
import { poissonArguments, spikeEncoders } from './spiking-options.js';
import { isSpikingModel, spikingModelOf, type WrittenOption } from './spiking-model.js';
import { requiredDimension, spikingDimensions } from './membrane-equation.js';

/** Time constants whose decay the simulation resolves per step, with the state each one decays. */
const decaying: readonly { readonly option: string; readonly owner: 'layer' | 'plasticity'; readonly state: string; readonly scaleOf: 'threshold' | 'one' | 'theta' }[] = [
    { option: 'tau', owner: 'layer', state: 'the membrane potential', scaleOf: 'threshold' },
    { option: 'tau_syn', owner: 'layer', state: 'the synaptic current', scaleOf: 'threshold' },
    { option: 'tau_theta', owner: 'layer', state: 'the threshold increase θ', scaleOf: 'theta' },
    { option: 'tau_plus', owner: 'plasticity', state: 'the presynaptic traces', scaleOf: 'one' },
    { option: 'tau_minus', owner: 'plasticity', state: 'the postsynaptic traces', scaleOf: 'one' }
];

/** Checks the spike-specific settings of `training`, which trains `model` on `data`. */
export function checkSpikingTraining(model: ModelDecl, training: TrainDecl | DistillDecl, data: DataDecl | undefined, units: FileUnits, sink: DiagnosticSink): void {
    const encode = training.settings.find((s) => isCallSetting(s) && s.key === 'encode');
    if (!isSpikingModel(model)) {
        if (encode !== undefined) sink.warning('PHG6014', `'encode' has no effect: model ${model.name} has no spiking layer, it reads its inputs as numbers`, { node: encode, property: 'key' });
        return;
    }
    const spiking = spikingModelOf(model, units);
    if (spiking === undefined) return;
    const dimensions = spikingDimensions(units);
    const dtSetting = training.settings.find((s) => isValueSetting(s) && s.key === 'dt');
    const dt = dtSetting !== undefined && isValueSetting(dtSetting) ? quantityOfExpression(dtSetting.value, units) : undefined;
    if (dtSetting === undefined) sink.error('PHG6014', `model ${model.name} is simulated in fixed time steps: add e.g. \`dt 1<ms>\` to this block`, { node: training, property: isTrainDeclNode(training) ? 'model' : 'student' });
    const rates = checkEncoding(encode !== undefined && isCallSetting(encode) ? encode.value : undefined, training, model, units, sink, dimensions);
    // The spike inputs' columns need a declared range: the encoder fires at `rate` at the top of it.
    for (const input of spiking.inputs) {
        const column = data !== undefined ? dataColumnsOf(data).find((c) => c.name === input.name) : undefined;
        if (column !== undefined && column.range === undefined) {
            sink.error('PHG6014', `data column '${column.name}' feeds the spike input '${input.name}', whose rates are proportional to the values up to the top of their range: declare it, e.g. \`range [0, 16]\``,
                { node: column, property: 'name' }, [relatedAt({ node: input }, `'${input.name}' is a spike input`)]);
        }
    }
    if (dt === undefined || !vectorsEqual(dt.exponents, dimensions.time) || !(dt.value > 0) || dtSetting === undefined) return;
    const format = formatOf(training);
    for (const rule of decaying) {
        const owners = rule.owner === 'layer' ? spiking.layers.map((l) => ({ name: `layer ${l.name}`, options: l.options, layer: l })) : spiking.plasticity.map((p) => ({ name: `plasticity on ${p.layer?.name ?? '?'}`, options: p.options, layer: spiking.layers.find((l) => l.node === p.layer) }));
        for (const owner of owners) {
            const option = owner.options.get(rule.option);
            const tau = timeOf(option, dimensions);
            if (option === undefined || tau === undefined) continue;
            if (dt.value > tau / 2) {
                sink.warning('PHG6013', `dt ${describe(dt.value)} is more than half of ${rule.option} ${describe(tau)} in ${owner.name}: the decay of ${rule.state} over one step (to ${Math.exp(-dt.value / tau).toFixed(2)} of its value) is not resolved; use dt ≤ ${describe(tau / 2)}`,
                    { node: dtSetting, property: 'value' }, [relatedAt({ node: option.node }, `${rule.option} is ${describe(tau)} here`)]);
            }
            if (format === undefined) continue;
            const magnitude = rule.scaleOf === 'one' ? 1 : rule.scaleOf === 'theta' ? owner.layer?.options.get('theta_plus')?.quantity?.value ?? 1 : thresholdGap(owner.layer?.options);
            const resolution = halfUlpRelative(format, Math.abs(magnitude));
            const rate = -Math.expm1(-dt.value / tau);
            if (rate < resolution) {
                sink.warning('PHG6013', `in ${format.name}, ${rule.state} of ${owner.name} never decays: dt/${rule.option} = ${rate.toPrecision(2)} per step is below half an ulp (${resolution.toPrecision(2)}) of values near ${describeValue(magnitude)}, so x − (dt/τ)·x rounds back to x; use a shorter ${rule.option} or a wider format`,
                    { node: option.node }, [relatedAt({ node: dtSetting }, `dt is ${describe(dt.value)}`)]);
            }
        }
    }
    for (const layer of spiking.layers) {
        const refractory = timeOf(layer.options.get('refractory'), dimensions);
        if (refractory !== undefined && refractory > 0 && refractory < dt.value / 2) {
            sink.warning('PHG6013', `refractory ${describe(refractory)} of layer ${layer.name} is shorter than half a step (dt ${describe(dt.value)}): it rounds to no refractory period at all`, { node: layer.options.get('refractory')!.node });
        }
    }
    if (rates !== undefined && rates.peak * dt.value > 1) {
        sink.warning('PHG6013', `at ${describeRate(rates.peak)}${rates.boosted ? ' (the rate after the repeated presentations)' : ''} and dt ${describe(dt.value)} a channel would fire ${(rates.peak * dt.value).toFixed(2)} spikes per step, but a step holds at most one: its rate saturates at ${describeRate(1 / dt.value)}`,
            { node: rates.node });
    }
}

/** Reads `encode poisson(…)`: the peak rate it can reach, or undefined. */
function checkEncoding(call: Expression | undefined, training: TrainDecl | DistillDecl, model: ModelDecl, units: FileUnits, sink: DiagnosticSink, dimensions: ReturnType<typeof spikingDimensions>): { peak: number; boosted: boolean; node: AstNode } | undefined {
    if (call === undefined || call.$type !== 'CallExpr') {
        sink.error('PHG6014', `model ${model.name} reads spikes: say how data become spike trains, e.g. \`encode poisson(rate: 200<Hz>, window: 50<ms>)\``, { node: training, keyword: isTrainDeclNode(training) ? 'train' : 'distill' });
        return undefined;
    }
    const encoder = call as Extract<Expression, { $type: 'CallExpr' }>;
    if (!spikeEncoders.includes(encoder.function)) {
        sink.error('PHG6012', `unknown spike encoder '${encoder.function}'${closestName(encoder.function, spikeEncoders) ? `; did you mean 'poisson'?` : ''} (encoders: ${spikeEncoders.join(', ')})`, { node: encoder, property: 'function' });
        return undefined;
    }
    const values = new Map<string, Quantity>();
    for (const arg of encoder.args) {
        const rule = arg.name !== undefined ? poissonArguments.get(arg.name) : undefined;
        if (arg.name === undefined || rule === undefined) {
            const suggestion = closestName(arg.name, poissonArguments.keys());
            sink.error('PHG6012', arg.name === undefined ? 'name the arguments of poisson, e.g. poisson(rate: 200<Hz>, window: 50<ms>)' : `poisson has no argument '${arg.name}'${suggestion ? `; did you mean '${suggestion}'?` : ''} (it takes ${[...poissonArguments.keys()].join(', ')})`, { node: arg });
            continue;
        }
        if (values.has(arg.name)) {
            sink.error('PHG6012', `'${arg.name}' is given twice`, { node: arg, property: 'name' });
            continue;
        }
        // A half-typed argument (`rate:`) is a parse error already.
        if (arg.value === undefined) continue;
        const quantity = quantityOfExpression(arg.value, units);
        if (quantity === undefined) {
            sink.error('PHG6012', `poisson '${arg.name}' must be a literal with its unit`, { node: arg.value });
            continue;
        }
        if (rule.quantity === 'count') {
            if (!quantity.integer || quantity.value < 0 || quantity.hasUnit) sink.error('PHG6012', `poisson '${arg.name}' is a count, a whole number ≥ 0`, { node: arg.value });
            else values.set(arg.name, quantity);
            continue;
        }
        const required = requiredDimension(rule.quantity, undefined, dimensions)!;
        if (!vectorsEqual(quantity.exponents, required)) {
            sink.error('PHG1012', `poisson '${arg.name}' is the ${rule.meaning}, so it must be ${rule.quantity === 'rate' ? 'a rate' : 'a Time'} <${formatDimensionText(required, [], units.vocabulary)}>, but it is written <${formatDimensionText(quantity.exponents, [], units.vocabulary)}>: ${describeDifference(quantity.exponents, required, units.basis)}`, { node: arg.value });
            continue;
        }
        if (!(quantity.value > 0) && arg.name !== 'boost') sink.error('PHG6013', `poisson '${arg.name}' must be positive`, { node: arg.value });
        values.set(arg.name, quantity);
    }
    for (const [name, rule] of poissonArguments) {
        if (rule.required && !encoder.args.some((a) => a.name === name)) sink.error('PHG6012', `poisson needs '${name}' (${rule.meaning})`, { node: encoder, property: 'function' });
    }
    const rate = values.get('rate')?.value;
    if (rate === undefined) return undefined;
    const repeats = (values.get('presentations')?.value ?? 5) - 1;
    const boost = (values.get('min_spikes')?.value ?? 5) > 0 ? values.get('boost')?.value ?? 32 : 0;
    return { peak: rate + Math.max(0, repeats) * boost, boosted: repeats > 0 && boost > 0, node: encoder };
}

function formatOf(training: TrainDecl | DistillDecl): NumericFormat | undefined {
    const setting = training.settings.find((s) => isFormatSetting(s) && s.target === undefined);
    if (setting === undefined || !isFormatSetting(setting)) return parseFormat('float32');
    const root = training.$container as PhgFile;
    const name = resolveFormat(setting.format, root);
    return name !== undefined ? parseFormat(name) : undefined;
}

function timeOf(option: WrittenOption | undefined, dimensions: ReturnType<typeof spikingDimensions>): number | undefined {
    const quantity = option?.quantity;
    return quantity !== undefined && vectorsEqual(quantity.exponents, dimensions.time) && quantity.value > 0 ? quantity.value : undefined;
}

function thresholdGap(options: ReadonlyMap<string, WrittenOption> | undefined): number {
    const threshold = options?.get('threshold')?.quantity?.value ?? 1;
    const rest = options?.get('rest')?.quantity?.value ?? 0;
    return threshold - rest === 0 ? 1 : threshold - rest;
}

/** Half an ulp of values near `magnitude`, relative to them. */
function halfUlpRelative(format: NumericFormat, magnitude: number): number {
    const scale = Math.floor(Math.log2(magnitude > 0 ? magnitude : 1));
    return 2 ** -(format.fractionBitsAt(scale) + 1);
}

function describe(seconds: number): string {
    if (seconds >= 1) return `${trim(seconds)}<s>`;
    if (seconds >= 1e-3) return `${trim(seconds * 1e3)}<ms>`;
    return `${trim(seconds * 1e6)}<us>`;
}

function describeRate(hertz: number): string {
    return `${trim(hertz)}<Hz>`;
}

function describeValue(value: number): string {
    return Math.abs(value) >= 1e-2 ? trim(value) : value.toExponential(1);
}

function trim(value: number): string {
    return String(Number(value.toPrecision(4)));
}

function isTrainDeclNode(training: TrainDecl | DistillDecl): boolean {
    return training.$type === 'TrainDecl';
}
