// sum and mean over every per-instance axis (one result per sample for batched values). With
// `quire` the sum is exact and rounded once; `mean` divides the exact sum and rounds once (in the
// rare case the fast path cannot certify it and the count is not a power of two, the quire's rounded
// sum is divided and rounded again). With `rounded` every add rounds.
import type { Tensor } from '../tensor/tensor.js';
import type { Accumulation } from './accumulation.js';
import { twoSumError } from './float64-bits.js';

/** out[s] = Σ x[s, …] (or the mean) for each of `instances` instances. */
export function reduceForward(acc: Accumulation, x: Tensor, out: Tensor, instances: number, mean: boolean): void {
    const format = x.format;
    const n = x.size / instances;
    const src = x.data;
    const scale = mean ? 1 / n : 1;
    const exactScale = Number.isInteger(Math.log2(n));
    for (let s = 0; s < instances; s++) {
        const at = s * n;
        let value = NaN;
        if (acc.mode === 'rounded') {
            let running = acc.emptySum;
            for (let i = 0; i < n; i++) running = acc.add(running, format.decode(src[at + i]!));
            value = mean ? acc.round(running / n) : running;
        } else {
            if (acc.exactProducts) {
                let sum = 0;
                let magnitude = 0;
                for (let i = 0; i < n; i++) {
                    const v = format.decode(src[at + i]!);
                    sum += v;
                    magnitude += Math.abs(v);
                }
                value = acc.certify(sum * scale, magnitude * scale, n);
                if (value !== value && !mean) {
                    let tracked = 0;
                    let inexact = false;
                    for (let i = 0; i < n && !inexact; i++) {
                        const term = format.decode(src[at + i]!);
                        const t = tracked + term;
                        inexact = twoSumError(tracked, term, t) !== 0;
                        tracked = t;
                    }
                    if (!inexact) value = acc.round(tracked);
                }
            }
            if (value !== value) {
                acc.fallbacks++;
                const quire = acc.quire;
                quire.clear();
                for (let i = 0; i < n; i++) {
                    if (mean && exactScale) quire.addValueProduct(format.decode(src[at + i]!), scale);
                    else quire.addPattern(src[at + i]!);
                }
                value = format.decode(quire.round());
                if (mean && !exactScale) value = acc.round(value / n);
            }
        }
        out.data[s] = acc.encode(value);
    }
}

/** dx[s, i] = dy[s] (sum) or dy[s] / n (mean): the gradient of a reduction. */
export function reduceBackward(acc: Accumulation, dy: Tensor, dx: Tensor, instances: number, mean: boolean): void {
    const format = dx.format;
    const n = dx.size / instances;
    for (let s = 0; s < instances; s++) {
        const g = dy.data[s]!;
        const pattern = mean ? acc.encode(format.decode(g) / n) : g;
        dx.data.fill(pattern, s * n, (s + 1) * n);
    }
}
