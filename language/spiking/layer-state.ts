// The state a LIF layer keeps while it is simulated — membrane, synaptic current, threshold
// shift, refractory counter, incoming weights, STDP traces — with each variable's dimension (from
// the membrane equation), how many values it has, and what one value costs in a format. The
// spiking checker records it per layer as it checks; hover shows it. Records are keyed by the AST
// node, so a reparse (new nodes) can never show stale ones.
import type { LayerDecl } from '../generated/ast.js';
import { isInputDecl, isLayerDecl, isSpikesType } from '../generated/ast.js';
import type { FileUnits } from '../analysis/file-units.js';
import { formatDimensionText } from '../units/dimension-format.js';
import { parseFormat } from '../../engine/numeric/index.js';
import { requiredDimension, synapseModelOf, type SpikingDimensions } from './membrane-equation.js';
import type { SpikingLayer, SpikingPlasticity } from './spiking-model.js';

/** One state variable of a layer. */
export interface LayerStateVariable {
    readonly symbol: string;
    readonly meaning: string;
    /** The dimension as the file's units print it (`V`, `A`, `1`). */
    readonly dimension: string;
    readonly count: number;
    readonly per: 'neuron' | 'synapse' | 'presynaptic neuron';
    /** Stored as a pattern of the run's format (false: a 32-bit integer). */
    readonly inFormat: boolean;
    /** Exists only while learning (STDP traces): the memory plan's "learning state". */
    readonly learning: boolean;
}

const recorded = new WeakMap<LayerDecl, readonly LayerStateVariable[]>();

/** Records a layer's state variables (called by the spiking checker, which knows the units). */
export function recordLayerState(layer: SpikingLayer, rule: SpikingPlasticity | undefined, dimensions: SpikingDimensions, units: FileUnits): void {
    const n = layer.size;
    const source = layer.source;
    const sources = source === undefined ? 0 : isLayerDecl(source) ? source.size : isInputDecl(source) && isSpikesType(source.type) ? source.type.size : 0;
    const text = (exponents: readonly number[] | undefined): string => (exponents === undefined ? '?' : formatDimensionText(exponents, [], units.vocabulary));
    const variables: LayerStateVariable[] = [
        { symbol: 'v', meaning: 'membrane potential (stored as v − v_rest)', dimension: text(dimensions.voltage), count: n, per: 'neuron', inFormat: true, learning: false }
    ];
    if (synapseModelOf(layer) === 'current') {
        variables.push({ symbol: 'I_syn', meaning: 'synaptic current', dimension: text(requiredDimension('current', layer, dimensions)), count: n, per: 'neuron', inFormat: true, learning: false });
    }
    if (layer.options.has('theta_plus')) {
        variables.push({ symbol: 'θ', meaning: 'threshold increase (homeostasis)', dimension: text(dimensions.voltage), count: n, per: 'neuron', inFormat: true, learning: true });
    }
    variables.push(
        { symbol: 'refractory', meaning: 'steps left to rest', dimension: 'steps', count: n, per: 'neuron', inFormat: false, learning: false },
        { symbol: 'w', meaning: `incoming weights (${synapseModelOf(layer) === 'current' ? 'added to I_syn' : 'added to v'} per presynaptic spike)`, dimension: text(requiredDimension('weight', layer, dimensions)), count: sources * n, per: 'synapse', inFormat: true, learning: false }
    );
    if (rule !== undefined) {
        variables.push(
            { symbol: 'x_pre', meaning: 'presynaptic STDP trace (decays with tau_plus)', dimension: text(dimensions.none), count: sources, per: 'presynaptic neuron', inFormat: true, learning: true },
            { symbol: 'y_post', meaning: 'postsynaptic STDP trace (decays with tau_minus)', dimension: text(dimensions.none), count: n, per: 'neuron', inFormat: true, learning: true }
        );
    }
    recorded.set(layer.node, variables);
}

/** The recorded state variables of a layer (after the document was analysed). */
export function layerStateOf(layer: LayerDecl): readonly LayerStateVariable[] | undefined {
    return recorded.get(layer);
}

/** Markdown for hover: the layer's state variables, their dimensions and their bytes in `formatName`. */
export function layerStateHover(layer: LayerDecl, formatName: string | undefined): string | undefined {
    const variables = recorded.get(layer);
    if (variables === undefined) return undefined;
    const bytes = formatName !== undefined ? parseFormat(formatName)?.bytes : undefined;
    const size = (v: LayerStateVariable): string => (bytes === undefined && v.inFormat ? '' : `${v.count * (v.inFormat ? bytes ?? 0 : 4)} B`);
    const rows = variables.map((v) => `| \`${v.symbol}\` | ${v.meaning} | \`<${v.dimension}>\` | ${v.count} (per ${v.per}) | ${size(v)} |`);
    const learning = variables.filter((v) => v.learning && v.inFormat).reduce((sum, v) => sum + v.count, 0);
    return [
        `**State of layer \`${layer.name}\`** (τ·dv/dt = −(v − v_rest) + R·I)${formatName !== undefined ? ` in ${formatName}` : ''}:`,
        '',
        '| state | what | dimension | values | bytes |',
        '| --- | --- | --- | ---: | ---: |',
        ...rows,
        '',
        `Learning keeps ${learning} values beyond inference (STDP traces per neuron, threshold shifts); STDP is local, so there is no tape.`
    ].join('\n');
}
