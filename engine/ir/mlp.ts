// Hand-built IR of a multilayer perceptron classifier: what `model Mlp { … }` of the digits
// example lowers to, for any depth. The engine's tests and benchmarks use it so they do not depend
// on the language front end, and the memory planner's tests can compare against it.
import type { IrEdge, IrGraph, IrNode } from './types.js';

/** The architecture of an MLP classifier. */
export interface MlpSpec {
    readonly model?: string;
    readonly inputs: number;
    /** Width of each hidden layer; its length is the depth. */
    readonly hidden: readonly number[];
    readonly classes: number;
    /** Canonical format name and its bytes per value. */
    readonly format: { readonly name: string; readonly bytes: number };
    readonly activation?: 'relu' | 'tanh' | 'sigmoid';
    /** Base dimension of the inputs (the digits example's `px`), if any. */
    readonly inputDimension?: string;
    /** `cross_entropy` over a softmax output (default) or `mse` against one-hot-free targets. */
    readonly loss?: 'cross_entropy' | 'mse';
    /** Multiplies the input by this constant first (`x * 0.0625` brings 0..16 pixels to 0..1). */
    readonly inputScale?: number;
}

/** Builds the IR of `x → (W·+b, activation)* → W·+b → softmax`, with a loss over the output. */
export function buildMlpGraph(spec: MlpSpec): IrGraph {
    const fmt = spec.format;
    const activation = spec.activation ?? 'relu';
    const lossKind = spec.loss ?? 'cross_entropy';
    const inputDim = spec.inputDimension !== undefined ? { [spec.inputDimension]: 1 } : {};
    const inverseInputDim = spec.inputDimension !== undefined ? { [spec.inputDimension]: -1 } : {};
    const nodes: IrNode[] = [];
    const edges: IrEdge[] = [];
    const value = (name: string, shape: number[], role: IrNode['role'] = 'value'): IrNode => ({
        name, role, shape, batched: true, dimension: {}, format: fmt.name, lifetime: 'activation', bytes: count(shape) * fmt.bytes
    });
    nodes.push({ ...value('x', [spec.inputs], 'input'), dimension: inputDim });
    if (lossKind === 'cross_entropy') {
        nodes.push({ name: 'label', role: 'target', shape: [], batched: true, dimension: {}, format: `class(${spec.classes})`, lifetime: 'activation', bytes: 4 });
    } else {
        nodes.push(value('target', [spec.classes], 'target'));
    }
    const widths = [spec.inputs, ...spec.hidden, spec.classes];
    let previous = 'x';
    if (spec.inputScale !== undefined) {
        nodes.push({ name: '%scale', role: 'constant', shape: [], batched: false, dimension: inverseInputDim, format: fmt.name, lifetime: 'param', bytes: fmt.bytes, value: spec.inputScale });
        nodes.push(value('%xs', [spec.inputs]));
        edges.push({ op: 'mul', sources: ['x', '%scale'], target: '%xs' });
        previous = '%xs';
    }
    for (let layer = 1; layer < widths.length; layer++) {
        const fanIn = widths[layer - 1]!;
        const fanOut = widths[layer]!;
        const last = layer === widths.length - 1;
        const weightDim = layer === 1 && spec.inputScale === undefined ? inverseInputDim : {};
        nodes.push({ name: `W${layer}`, role: 'param', shape: [fanIn, fanOut], batched: false, dimension: weightDim, format: fmt.name, lifetime: 'param', bytes: fanIn * fanOut * fmt.bytes, init: { kind: 'he' } });
        nodes.push({ name: `b${layer}`, role: 'param', shape: [fanOut], batched: false, dimension: {}, format: fmt.name, lifetime: 'param', bytes: fanOut * fmt.bytes, init: { kind: 'zeros' } });
        const product = `%z${layer}`;
        const affine = last ? 'logits' : `%a${layer}`;
        nodes.push(value(product, [fanOut]), value(affine, [fanOut]));
        edges.push({ op: 'matmul', sources: [previous, `W${layer}`], target: product });
        edges.push({ op: 'add', sources: [product, `b${layer}`], target: affine });
        if (!last) {
            const hidden = `h${layer}`;
            nodes.push(value(hidden, [fanOut]));
            edges.push({ op: activation, sources: [affine], target: hidden });
            previous = hidden;
        } else {
            previous = affine;
        }
    }
    nodes.push(value('y', [spec.classes], 'output'));
    edges.push({ op: lossKind === 'cross_entropy' ? 'softmax' : 'sigmoid', sources: [previous], target: 'y' });
    nodes.push({ name: 'loss', role: 'loss', shape: [], batched: false, dimension: {}, format: fmt.name, lifetime: 'activation', bytes: fmt.bytes });
    edges.push({ op: lossKind, sources: ['y', lossKind === 'cross_entropy' ? 'label' : 'target'], target: 'loss' });
    return { model: spec.model ?? 'Mlp', nodes, edges, outputs: ['y'], loss: 'loss' };
}

function count(shape: readonly number[]): number {
    return shape.reduce((a, b) => a * b, 1);
}
