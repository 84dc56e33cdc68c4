// Checks the spiking statements of a model: layer kinds and plasticity rules the engine has, what
// a layer reads (a spike train), option names (known, given once, required ones present) and
// dimensions. Time constants must be Times, potentials Voltages (PHG1012); currents and weights
// must make the membrane equation τ·dv/dt = −(v − v_rest) + R·I balance, and a mismatch names the
// term it breaks (PHG1013). Values that cannot work (threshold not above reset, negative time
// constants) are PHG6013.
import type { ModelDecl } from '../generated/ast.js';
import { isInputDecl, isLayerDecl, isSpikesType } from '../generated/ast.js';
import type { FileUnits } from '../analysis/file-units.js';
import { relatedAt, type DiagnosticSink } from '../analysis/diagnostic-sink.js';
import type { Quantity } from '../analysis/quantities.js';
import { closestName } from '../inference/spelling.js';
import { describeDifference, formatDimensionText } from '../units/dimension-format.js';
import { vectorsEqual } from '../units/dimension.js';
import { layerKinds, lifOptions, plasticityRules, stdpOptions, type OptionRule } from './spiking-options.js';
import { spikingModelOf, type SpikingLayer, type WrittenOption } from './spiking-model.js';
import { recordLayerState } from './layer-state.js';
import { membraneTerm, requiredDimension, spikingDimensions, synapseModelOf, type SpikingDimensions } from './membrane-equation.js';

/** Checks every layer and plasticity statement of `model`. */
export function checkSpikingModel(model: ModelDecl, units: FileUnits, sink: DiagnosticSink): void {
    const spiking = spikingModelOf(model, units);
    if (spiking === undefined || model.like !== undefined) return;
    const dimensions = spikingDimensions(units);
    for (const layer of spiking.layers) {
        if (layer.kind && !layerKinds.includes(layer.kind)) {
            sink.error('PHG6012', `unknown layer kind '${layer.kind}'; the engine simulates ${layerKinds.join(', ')} (leaky integrate-and-fire) layers`, { node: layer.node, property: 'kind' });
            continue;
        }
        const source = layer.source;
        const isSpikeTrain = source !== undefined && (isLayerDecl(source) || (isInputDecl(source) && isSpikesType(source.type)));
        if (source !== undefined && !isSpikeTrain) {
            sink.error('PHG6015', `layer ${layer.name} reads '${source.name}', which is not a spike train: a layer reads a spikes[N] input or another layer`,
                { node: layer.node, property: 'source' }, [relatedAt({ node: source }, `'${source.name}' is declared here`)]);
        }
        checkOptions(layer.written, lifOptions, `layer ${layer.name}`, layer, dimensions, units, sink, layer.node);
        recordLayerState(layer, spiking.plasticity.find((p) => p.layer === layer.node), dimensions, units);
        const threshold = layer.options.get('threshold')?.quantity;
        const reset = layer.options.get('reset')?.quantity ?? layer.options.get('rest')?.quantity;
        if (threshold !== undefined && isVoltage(threshold, dimensions) && (reset === undefined || isVoltage(reset, dimensions)) && !(threshold.value > (reset?.value ?? 0))) {
            sink.error('PHG6013', `layer ${layer.name}: the threshold must lie above the reset potential, or a neuron would fire again at once after every spike`, { node: layer.options.get('threshold')!.node });
        }
    }
    for (const rule of spiking.plasticity) {
        if (rule.rule && !plasticityRules.includes(rule.rule)) {
            sink.error('PHG6012', `unknown plasticity rule '${rule.rule}'; the engine applies ${plasticityRules.join(', ')} (pair-based spike-timing-dependent plasticity)`, { node: rule.node, property: 'rule' });
            continue;
        }
        const layer = spiking.layers.find((l) => l.node === rule.layer);
        checkOptions(rule.written, stdpOptions, `plasticity on ${rule.layer?.name ?? '?'}`, layer, dimensions, units, sink, rule.node);
        const wMax = rule.options.get('w_max')?.quantity;
        const wMin = rule.options.get('w_min')?.quantity;
        if (wMax !== undefined && wMin !== undefined && vectorsEqual(wMax.exponents, wMin.exponents) && !(wMax.value > wMin.value)) {
            sink.error('PHG6013', `plasticity on ${rule.layer?.name ?? '?'}: w_max must exceed w_min, or no weight can change`, { node: rule.options.get('w_max')!.node });
        }
    }
    const ruled = new Map<SpikingLayer['node'], number>();
    for (const rule of spiking.plasticity) {
        if (rule.layer === undefined) continue;
        const count = (ruled.get(rule.layer) ?? 0) + 1;
        ruled.set(rule.layer, count);
        if (count > 1) sink.error('PHG6012', `layer ${rule.layer.name} already has a plasticity rule: each layer learns by one rule`, { node: rule.node, property: 'layer' });
    }
}

function checkOptions(written: readonly WrittenOption[], rules: ReadonlyMap<string, OptionRule>, owner: string, layer: SpikingLayer | undefined, dimensions: SpikingDimensions, units: FileUnits, sink: DiagnosticSink, node: SpikingLayer['node'] | WrittenOption['node']['$container']): void {
    const seen = new Map<string, WrittenOption>();
    for (const option of written) {
        if (!option.name) continue;
        const rule = rules.get(option.name);
        if (rule === undefined) {
            const suggestion = closestName(option.name, rules.keys());
            sink.error('PHG6012', `${owner} has no option '${option.name}'${suggestion ? `; did you mean '${suggestion}'?` : ''} (options: ${[...rules.keys()].join(', ')})`, { node: option.node, property: 'name' });
            continue;
        }
        const first = seen.get(option.name);
        if (first !== undefined) {
            sink.error('PHG6012', `'${option.name}' is given twice in ${owner}; the second would silently win`, { node: option.node, property: 'name' }, [relatedAt({ node: first.node }, `first '${option.name}'`)]);
            continue;
        }
        seen.set(option.name, option);
        checkOption(option, rule, owner, layer, dimensions, units, sink);
    }
    for (const [name, rule] of rules) {
        if (rule.required && !seen.has(name)) {
            sink.error('PHG6012', `${owner} needs '${name}' (${rule.meaning})`, { node, keyword: node.$type === 'LayerDecl' ? 'layer' : 'plasticity' });
        }
    }
}

function checkOption(option: WrittenOption, rule: OptionRule, owner: string, layer: SpikingLayer | undefined, dimensions: SpikingDimensions, units: FileUnits, sink: DiagnosticSink): void {
    // A half-typed option (`tau:`) is a parse error already.
    if (option.value === undefined) return;
    const values: { quantity: Quantity | undefined; target: WrittenOption['node'] | WrittenOption['value'] }[] = [];
    if (rule.call === 'uniform') {
        if (option.bounds === undefined) {
            sink.error('PHG6012', `${owner}: '${option.name}' is written uniform(low, high), e.g. uniform(0<mV>, 0.3<mV>)`, { node: option.value });
            return;
        }
        const args = option.bounds.call.args;
        if (args.length !== 2 || args.some((a) => a.value === undefined) || option.bounds.low === undefined || option.bounds.high === undefined) {
            sink.error('PHG6012', `${owner}: uniform takes two literal bounds, low and high`, { node: option.bounds.call });
            return;
        }
        values.push({ quantity: option.bounds.low, target: args[0]!.value }, { quantity: option.bounds.high, target: args[1]!.value });
        if (!(option.bounds.high.value >= option.bounds.low.value)) sink.error('PHG6013', `${owner}: the initial weight range is empty (high < low)`, { node: option.bounds.call });
    } else {
        if (option.quantity === undefined) {
            sink.error('PHG6012', `${owner}: '${option.name}' must be a number with its unit, e.g. ${example(rule)}`, { node: option.value });
            return;
        }
        values.push({ quantity: option.quantity, target: option.value });
    }
    const required = requiredDimension(rule.quantity, layer, dimensions);
    let reported = false;
    for (const { quantity, target } of values) {
        if (quantity === undefined) continue;
        // One report per option: uniform(0<nA>, 1<nA>) is one mistake, not two.
        if (reported) break;
        if (rule.quantity === 'count') {
            if (!quantity.integer || quantity.value < 0 || quantity.hasUnit) sink.error('PHG6012', `${owner}: '${option.name}' is a count, a whole number ≥ 0`, { node: target });
            continue;
        }
        if (rule.quantity === 'time' && quantity.value < 0) sink.error('PHG6013', `${owner}: '${option.name}' (${rule.meaning}) cannot be negative`, { node: target });
        if ((rule.quantity === 'time' && option.name !== 'refractory' && quantity.value === 0)) sink.error('PHG6013', `${owner}: '${option.name}' (${rule.meaning}) must be positive`, { node: target });
        if (required === undefined || vectorsEqual(quantity.exponents, required)) continue;
        reported = true;
        const written = formatDimensionText(quantity.exponents, [], units.vocabulary);
        const wanted = formatDimensionText(required, [], units.vocabulary);
        const difference = describeDifference(quantity.exponents, required, units.basis);
        if (rule.quantity === 'current' || rule.quantity === 'weight') {
            const resistance = layer?.options.get('resistance');
            const r = formatDimensionText(resistance?.quantity?.exponents ?? dimensions.none, [], units.vocabulary);
            const why = rule.quantity === 'current'
                ? `R·I must be a Voltage and R is <${r}>, so the current`
                : layer !== undefined && synapseModelOf(layer) === 'current'
                    ? `each presynaptic spike adds w to the synaptic current I (tau_syn), and R·I must be a Voltage with R <${r}>, so the weight`
                    : 'each presynaptic spike moves v by w (the term τ·Σ w·δ(t − t_spike)), so the weight';
            sink.error('PHG1013', `the membrane equation τ·dv/dt = −(v − v_rest) + R·I does not balance: ${why} '${option.name}' must be <${wanted}>, but it is written <${written}>: ${difference}`,
                { node: target }, resistance !== undefined ? [relatedAt({ node: resistance.node }, `the resistance is <${r}>`)] : []);
        } else {
            const kind = rule.quantity === 'time' ? 'a Time' : rule.quantity === 'rate' ? 'a rate (Hz)' : 'a Voltage';
            const term = membraneTerms.has(option.name) ? ` (it enters ${membraneTerm(option.name, layer)})` : '';
            sink.error('PHG1012', `${owner}: '${option.name}' is the ${rule.meaning}, so it must be ${kind} <${wanted}>${term}, but it is written <${written}>: ${difference}`, { node: target });
        }
    }
}

/** Layer options that are terms of the membrane equation (named in PHG1012 messages). */
const membraneTerms: ReadonlySet<string> = new Set(['tau', 'rest', 'threshold', 'reset', 'inhibition', 'theta_plus']);

function isVoltage(quantity: Quantity, dimensions: SpikingDimensions): boolean {
    return vectorsEqual(quantity.exponents, dimensions.voltage);
}

function example(rule: OptionRule): string {
    switch (rule.quantity) {
        case 'time': return '20<ms>';
        case 'rate': return '100<Hz>';
        case 'voltage': case 'weight': return '1<mV>';
        case 'current': return '0.2<nA>';
        case 'resistance': return '100<Mohm>';
        case 'count': return '5';
    }
}
