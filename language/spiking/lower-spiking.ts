// Lowering a train block of a spiking model to what engine/spiking simulates: the network spec
// (options in coherent SI units, defaults filled in), the Poisson encoding, the clock, the format,
// and the data sets with the input and label columns. The checker has already rejected what
// cannot be lowered; what remains here (several spike inputs, no class column) is a problem value.
import { dirname } from 'node:path';
import type { Expression, ModelDecl } from '../generated/ast.js';
import { isCallSetting, isQuantityLiteral, isSpikesType, isUnaryExpr } from '../generated/ast.js';
import type { DocumentAnalysis, TrainingAnalysis } from '../analysis/analysis-types.js';
import type { Quantity } from '../analysis/quantities.js';
import { dataSpec } from '../lowering/lower-training.js';
import type { LoweringProblem } from '../lowering/lower-model.js';
import type { DataSpec } from '../../engine/data/csv-dataset.js';
import type { AccumulateMode } from '../../engine/kernels/accumulation.js';
import type { LifLayerSpec, SpikingNetworkSpec, StdpSpec } from '../../engine/spiking/network-spec.js';
import type { PoissonEncodingSpec } from '../../engine/spiking/poisson-encoder.js';
import { spikingModelOf, type QuantityReader, type SpikingLayer, type WrittenOption } from './spiking-model.js';

/** A spiking train block ready for the engine. */
export interface LoweredSpikingTraining {
    readonly spec: SpikingNetworkSpec;
    readonly encoding: PoissonEncodingSpec;
    /** Time step (s). */
    readonly dt: number;
    /** Canonical format name of every state value. */
    readonly format: string;
    readonly accumulate: AccumulateMode;
    readonly epochs: number;
    readonly seed: number;
    readonly train: DataSpec;
    readonly validate?: DataSpec;
    /** The data column that feeds the spike input, and the class column label assignment reads. */
    readonly inputColumn: string;
    readonly labelColumn: string;
    readonly classes: number;
}

/** Lowers a spiking `train` block; problems when the block cannot be simulated. */
export function lowerSpikingTraining(analysis: DocumentAnalysis, training: TrainingAnalysis, documentPath: string, overrides: { readonly format?: string } = {}): LoweredSpikingTraining | { readonly problems: readonly LoweringProblem[] } {
    const model = training.model;
    const fail = (message: string, node = training.node as LoweringProblem['node']): { problems: LoweringProblem[] } => ({ problems: [{ message, node }] });
    if (model === undefined || training.data === undefined) return fail('the train block has no resolvable model or data');
    const spiking = spikingModelOf(model, readerOf(analysis));
    if (spiking === undefined) return fail(`model ${model.name} has no spiking layer`);
    if (spiking.inputs.length !== 1) return fail(`model ${model.name} needs exactly one spikes[N] input (it has ${spiking.inputs.length})`, model);
    const input = spiking.inputs[0]!;
    const directory = dirname(documentPath);
    const train = dataSpec(analysis, training.data, directory);
    if ('problem' in train) return { problems: [train.problem] };
    const validateOn = training.settings.validateOn;
    const validate = validateOn !== undefined ? dataSpec(analysis, validateOn, directory) : undefined;
    if (validate !== undefined && 'problem' in validate) return { problems: [validate.problem] };
    const column = train.columns.find((c) => c.name === input.name);
    const label = train.columns.find((c) => c.kind === 'class');
    if (column === undefined || column.kind !== 'values' || column.range === undefined) return fail(`data ${train.name} has no column '${input.name}' with a declared range to encode`, training.node);
    if (label === undefined || label.kind !== 'class') return fail(`data ${train.name} has no class column: label assignment names each neuron by the class it answers most`, training.node);
    const settings = training.settings;
    const encode = settings.calls.get('encode') ?? training.node.settings.filter(isCallSetting).find((s) => s.key === 'encode')?.value;
    const args = new Map((encode?.args ?? []).map((a) => [a.name ?? '', a.value]));
    const value = (expression: Expression | undefined): number | undefined => readerOf(analysis)(expression)?.value;
    const encoding: PoissonEncodingSpec = {
        maxRate: value(args.get('rate')) ?? 100,
        window: value(args.get('window')) ?? 0.05,
        intensityMax: column.range[1],
        minSpikes: value(args.get('min_spikes')) ?? 5,
        rateBoost: value(args.get('boost')) ?? 32,
        maxPresentations: Math.max(1, value(args.get('presentations')) ?? 5)
    };
    const spec = spikingSpecOf(analysis, model);
    if (spec === undefined) return fail(`model ${model.name} has no spiking layer`);
    return {
        spec, encoding, dt: settings.values.get('dt') ?? 0.001, format: overrides.format ?? settings.format, accumulate: settings.accumulate,
        epochs: settings.epochs, seed: settings.seed, train, ...(validate !== undefined ? { validate } : {}), inputColumn: column.name, labelColumn: label.name, classes: label.classes
    };
}

/** The engine's spec of a spiking model (options in SI units, defaults filled in); undefined without layers. */
export function spikingSpecOf(analysis: DocumentAnalysis, model: ModelDecl): SpikingNetworkSpec | undefined {
    const spiking = spikingModelOf(model, readerOf(analysis));
    const input = spiking?.inputs[0];
    if (spiking === undefined || input === undefined) return undefined;
    const layers = spiking.layers.map((layer) => lifLayerSpec(layer, input.name));
    const plasticity = spiking.plasticity.flatMap((rule): StdpSpec[] => {
        const o = rule.options;
        if (rule.layer === undefined) return [];
        return [{
            layer: rule.layer.name, tauPlus: num(o, 'tau_plus', 0.02), tauMinus: num(o, 'tau_minus', 0.02), aPlus: num(o, 'a_plus', 0), aMinus: num(o, 'a_minus', 0),
            wMin: num(o, 'w_min', 0), wMax: num(o, 'w_max', 1), ...(o.has('normalize') ? { normalize: num(o, 'normalize', 1) } : {})
        }];
    });
    const output = spiking.outputs[0]?.layer.name ?? spiking.layers[spiking.layers.length - 1]?.name ?? '';
    return { model: model.name, input: { name: input.name, size: isSpikesType(input.type) ? input.type.size : 0 }, layers, plasticity, output };
}

/** Whether a train block trains a spiking model (the CLI's dispatch). */
export function trainsSpikingModel(training: TrainingAnalysis): boolean {
    const model: ModelDecl | undefined = training.model;
    return model !== undefined && spikingModelOf(model, () => undefined) !== undefined;
}

function lifLayerSpec(layer: SpikingLayer, inputName: string): LifLayerSpec {
    const o = layer.options;
    const rest = num(o, 'rest', 0);
    const weights = o.get('weights')?.bounds;
    const optional = (name: string, key: keyof LifLayerSpec): Partial<LifLayerSpec> => (o.has(name) ? { [key]: num(o, name, 0) } : {});
    return {
        name: layer.name, size: layer.size, source: layer.source?.name ?? inputName,
        tau: num(o, 'tau', 0.02), rest, threshold: num(o, 'threshold', rest + 0.01), reset: num(o, 'reset', rest), refractory: num(o, 'refractory', 0),
        ...optional('resistance', 'resistance'), ...optional('current', 'current'), ...optional('tau_syn', 'tauSynapse'),
        ...optional('inhibition', 'inhibition'), ...optional('theta_plus', 'thetaPlus'), ...optional('tau_theta', 'tauTheta'),
        init: { low: weights?.low?.value ?? 0, high: weights?.high?.value ?? 0 }
    };
}

function num(options: ReadonlyMap<string, WrittenOption>, name: string, fallback: number): number {
    return options.get(name)?.quantity?.value ?? fallback;
}

/** Values through the analysis (base units, sign applied); the lowering reads no dimensions. */
function readerOf(analysis: DocumentAnalysis): QuantityReader {
    const read: QuantityReader = (expression) => {
        if (expression === undefined) return undefined;
        if (isUnaryExpr(expression) && expression.operator === '-') {
            const inner = read(expression.operand);
            return inner !== undefined ? { ...inner, value: -inner.value } : undefined;
        }
        if (!isQuantityLiteral(expression)) return undefined;
        const value = analysis.quantityOf(expression);
        return value !== undefined ? lowered(value) : undefined;
    };
    return read;
}

function lowered(value: number): Quantity {
    return { value, exponents: [], hasUnit: true, integer: Number.isInteger(value) };
}
