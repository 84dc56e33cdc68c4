// The order in which an epoch presents the training rows, for gradient and spiking training alike:
// epoch e's permutation is a pure function of (seed, e), so a resumed run shuffles exactly like an
// uninterrupted one and a checkpoint need not store the order.
import { Xoshiro128 } from '../random/xoshiro.js';

/** Generator stream of epoch e's shuffle: 1000 + e (initialisation uses 1, spiking presentations 2, spiking evaluation 2000+). */
const shuffleStream = 1000;

/** Fills `order` with epoch `epoch`'s permutation of the rows (a pure function of seed and epoch). */
export function shuffledOrder(order: Int32Array, seed: number, epoch: number): void {
    for (let i = 0; i < order.length; i++) order[i] = i;
    new Xoshiro128(seed, shuffleStream + epoch).shuffle(new Uint32Array(order.buffer, order.byteOffset, order.length));
}
