// Training objectives over a batch: the loss value (a float64 metric computed from the format's
// values), the gradient with respect to the loss's input (rounded once per element, faithful), and
// the directional derivative L̇ = Σ g·v of forward mode (a contraction, exact and rounded once with
// `quire`). cross_entropy over a softmax output is differentiated with respect to the softmax's
// input directly, g = (p − onehot)/B, which is both cheaper and better conditioned than going
// through 1/p. A shard of a larger update (gradient accumulation, data-parallel workers) passes the
// update's row count, so its gradients are exactly the update's terms for its own rows.
import type { Tensor } from '../tensor/tensor.js';
import type { Accumulation } from './accumulation.js';
import { twoSumError } from './float64-bits.js';

/** Mean over the batch of −log p[label]. Non-finite when some p[label] is 0 or NaR. */
export function crossEntropyValue(p: Tensor, labels: Int32Array): number {
    const classes = p.shape[p.shape.length - 1]!;
    const rows = p.size / classes;
    let sum = 0;
    for (let r = 0; r < rows; r++) sum -= Math.log(p.format.decode(p.data[r * classes + labels[r]!]!));
    return sum / rows;
}

/** g = (p − onehot(label)) / B: the gradient of the mean cross-entropy w.r.t. the softmax's input (B: `updateRows`, default p's rows). */
export function crossEntropySoftmaxGradient(acc: Accumulation, p: Tensor, labels: Int32Array, g: Tensor, updateRows?: number): void {
    const classes = p.shape[p.shape.length - 1]!;
    const rows = p.size / classes;
    const batch = updateRows ?? rows;
    for (let r = 0; r < rows; r++) {
        for (let j = 0; j < classes; j++) {
            const i = r * classes + j;
            const value = p.format.decode(p.data[i]!) - (labels[r] === j ? 1 : 0);
            g.data[i] = acc.encode(value / batch);
        }
    }
}

/** g = −onehot(label) / (B·p): the gradient of the mean cross-entropy w.r.t. p itself (B: `updateRows`, default p's rows). */
export function crossEntropyGradient(acc: Accumulation, p: Tensor, labels: Int32Array, g: Tensor, updateRows?: number): void {
    const format = g.format;
    const classes = p.shape[p.shape.length - 1]!;
    const rows = p.size / classes;
    const batch = updateRows ?? rows;
    g.data.fill(format.zero as number);
    for (let r = 0; r < rows; r++) {
        const i = r * classes + labels[r]!;
        g.data[i] = acc.encode(-1 / (batch * p.format.decode(p.data[i]!)));
    }
}

/** Mean over every element of (y − t)². */
export function mseValue(y: Tensor, t: Tensor): number {
    let sum = 0;
    for (let i = 0; i < y.size; i++) {
        const d = y.format.decode(y.data[i]!) - t.format.decode(t.data[i % t.size]!);
        sum += d * d;
    }
    return sum / y.size;
}

/** g = 2(y − t) / n over the n elements of the batch (of the update, when `updateRows` rows make it up). */
export function mseGradient(acc: Accumulation, y: Tensor, t: Tensor, g: Tensor, updateRows?: number): void {
    const n = updateRows === undefined ? y.size : (y.size / y.shape[0]!) * updateRows;
    for (let i = 0; i < y.size; i++) {
        const d = y.format.decode(y.data[i]!) - t.format.decode(t.data[i % t.size]!);
        g.data[i] = acc.encode((2 * d) / n);
    }
}

/** L̇ = Σ g·v over every element: the directional derivative of the loss along a tangent v. */
export function lossDirectionalDerivative(acc: Accumulation, g: Tensor, v: Tensor): number {
    const format = acc.format;
    if (acc.mode === 'rounded') {
        let running = acc.emptySum;
        for (let i = 0; i < g.size; i++) running = acc.add(running, acc.mul(format.decode(g.data[i]!), format.decode(v.data[i]!)));
        return running;
    }
    if (acc.exactProducts) {
        let sum = 0;
        let magnitude = 0;
        for (let i = 0; i < g.size; i++) {
            const product = format.decode(g.data[i]!) * format.decode(v.data[i]!);
            sum += product;
            magnitude += Math.abs(product);
        }
        const value = acc.certify(sum, magnitude, g.size);
        if (value === value) return value;
        let tracked = 0;
        let inexact = false;
        for (let i = 0; i < g.size && !inexact; i++) {
            const product = format.decode(g.data[i]!) * format.decode(v.data[i]!);
            const t = tracked + product;
            inexact = twoSumError(tracked, product, t) !== 0;
            tracked = t;
        }
        if (!inexact) return acc.round(tracked);
    }
    acc.fallbacks++;
    acc.quire.clear();
    for (let i = 0; i < g.size; i++) acc.quire.addProduct(g.data[i]!, v.data[i]!);
    return format.decode(acc.quire.round());
}

/** Number of rows whose largest probability is at the label (ties: the first largest). */
export function countCorrect(p: Tensor, labels: Int32Array): number {
    const format = p.format;
    const classes = p.shape[p.shape.length - 1]!;
    const rows = p.size / classes;
    let correct = 0;
    for (let r = 0; r < rows; r++) {
        let best = 0;
        for (let j = 1; j < classes; j++) if (format.compare(p.data[r * classes + j]!, p.data[r * classes + best]!) > 0) best = j;
        if (best === labels[r]) correct++;
    }
    return correct;
}
