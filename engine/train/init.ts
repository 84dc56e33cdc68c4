// Parameter initialisation from the run's seed. Fan-in is the product of every axis but the last
// (a weight used as x @ W, the language's layer convention), fan-out the last axis.
import type { IrInit, IrNode } from '../ir/types.js';
import { Xoshiro128 } from '../random/xoshiro.js';
import type { Tensor } from '../tensor/tensor.js';

/** A stream index of the run's seed reserved for initialisation (shuffling uses others). */
export const initStream = 1;

/** Writes initial values into each parameter tensor, in order, from one seeded generator. */
export function initializeParams(nodes: readonly IrNode[], tensors: readonly Tensor[], seed: number): void {
    const rng = new Xoshiro128(seed, initStream);
    nodes.forEach((node, i) => {
        const tensor = tensors[i]!;
        const values = initialValues(node, node.init ?? { kind: 'zeros' }, rng);
        tensor.format.encodeArray(values, tensor.data, tensor.size);
    });
}

function initialValues(node: IrNode, init: IrInit, rng: Xoshiro128): Float64Array {
    const size = node.shape.reduce((a, b) => a * b, 1);
    const fanOut = node.shape.length > 0 ? node.shape[node.shape.length - 1]! : 1;
    const fanIn = node.shape.length > 1 ? size / fanOut : 1;
    const values = new Float64Array(size);
    switch (init.kind) {
        case 'zeros': break;
        case 'ones': values.fill(1); break;
        case 'constant': values.fill(init.value); break;
        case 'identity':
            // A multivector's identity is the scalar 1 in every element (the scalar is stored first).
            if (node.support !== undefined) {
                if (BigInt(`0x${node.support.mask}`) & 1n) for (let i = 0; i < size; i += fanOut) values[i] = 1;
                break;
            }
            for (let i = 0; i < Math.min(fanIn, fanOut); i++) values[i * fanOut + i] = 1;
            break;
        case 'he': {
            const std = Math.sqrt(2 / fanIn);
            for (let i = 0; i < size; i++) values[i] = rng.nextNormal() * std;
            break;
        }
        case 'glorot': {
            const limit = Math.sqrt(6 / (fanIn + fanOut));
            for (let i = 0; i < size; i++) values[i] = (2 * rng.nextUniform() - 1) * limit;
            break;
        }
        case 'normal':
            for (let i = 0; i < size; i++) values[i] = init.mean + init.std * rng.nextNormal();
            break;
        case 'uniform':
            for (let i = 0; i < size; i++) values[i] = init.low + (init.high - init.low) * rng.nextUniform();
            break;
    }
    return values;
}
