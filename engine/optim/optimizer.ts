// Optimizers: SGD with momentum and Adam, with weight decay, updating parameters element by element
// from a gradient callback (backprop's gradient tensor, or forward mode's regenerated Σ L̇·v). State
// tensors live in the `state` class, in the state format (the `format … for state` setting; the
// parameter's format by default). Hyperparameters are rounded to the state format once.
//
// Rounding. SGD with `quire`: each stored value is one rounding of an exact expression —
//   g' = g + λ·w,  m = μ·m + g',  w = w − η·m  (each a two-product sum, rounded once);
// with `rounded` every product and every add rounds. Adam with `quire` evaluates each stored value
// in float64 from the format values and rounds once (faithful); with `rounded` every step rounds.
import type { NumericFormat } from '../numeric/format.js';
import type { TrackedAllocator } from '../memory/allocator.js';
import { allocateTensor, type Tensor } from '../tensor/tensor.js';
import { Accumulation, type AccumulateMode } from '../kernels/accumulation.js';

/** Which optimizer, with its hyperparameters (plain numbers, in each parameter's own unit). */
export type OptimizerSpec =
    | { readonly kind: 'sgd'; readonly lr: number; readonly momentum: number; readonly weightDecay: number }
    | { readonly kind: 'adam'; readonly lr: number; readonly beta1: number; readonly beta2: number; readonly epsilon: number; readonly weightDecay: number };

/** A human spelling of a spec: `sgd(lr: 0.05, momentum: 0.9)`. */
export function describeOptimizer(spec: OptimizerSpec): string {
    const decay = spec.weightDecay !== 0 ? `, weight_decay: ${spec.weightDecay}` : '';
    return spec.kind === 'sgd' ? `sgd(lr: ${spec.lr}, momentum: ${spec.momentum}${decay})` : `adam(lr: ${spec.lr}, beta1: ${spec.beta1}, beta2: ${spec.beta2}${decay})`;
}

/** Number of state tensors per parameter (for memory plans). */
export function stateTensorsPerParam(spec: OptimizerSpec): number {
    if (spec.kind === 'adam') return 2;
    return spec.momentum !== 0 ? 1 : 0;
}

/** Updates a set of parameters in place. */
export class Optimizer {
    /** state[p][j]: the j-th state tensor of parameter p (momentum; or Adam's m and v). */
    readonly state: Tensor[][];
    /** Adam's step counter (1-based after the first step). */
    step = 0;
    private readonly stateAcc: Accumulation;
    private readonly handles: object[] = [];
    private readonly paramAccs: Accumulation[];
    private readonly h: { lr: number; momentum: number; weightDecay: number; beta1: number; oneMinusBeta1: number; beta2: number; oneMinusBeta2: number; epsilon: number };

    /**
     * `shared` are the executor's accumulations (one per format, their quires already tracked); a
     * format they lack (a wider state format) gets its own, whose quire is tracked here.
     */
    constructor(readonly spec: OptimizerSpec, readonly params: readonly Tensor[], readonly stateFormat: NumericFormat, mode: AccumulateMode, allocator: TrackedAllocator, names: readonly string[], shared: ReadonlyMap<NumericFormat, Accumulation> = new Map()) {
        const own = new Map<NumericFormat, Accumulation>();
        const accumulationFor = (format: NumericFormat): Accumulation => {
            const existing = shared.get(format) ?? own.get(format);
            if (existing !== undefined) return existing;
            const created = new Accumulation(format, mode);
            const handle = { quire: created.quire };
            allocator.track(handle, Math.ceil(format.quireBits / 8), 'quire', `${format.shortName} quire (optimizer)`);
            this.handles.push(handle);
            own.set(format, created);
            return created;
        };
        this.stateAcc = accumulationFor(stateFormat);
        this.paramAccs = params.map((p) => accumulationFor(p.format));
        const round = (x: number): number => this.stateAcc.round(x);
        const beta1 = spec.kind === 'adam' ? spec.beta1 : 0;
        const beta2 = spec.kind === 'adam' ? spec.beta2 : 0;
        this.h = {
            lr: round(spec.lr),
            momentum: spec.kind === 'sgd' ? round(spec.momentum) : 0,
            weightDecay: round(spec.weightDecay),
            beta1: round(beta1),
            oneMinusBeta1: round(1 - beta1),
            beta2: round(beta2),
            oneMinusBeta2: round(1 - beta2),
            epsilon: spec.kind === 'adam' ? spec.epsilon : 0
        };
        const count = stateTensorsPerParam(spec);
        this.state = params.map((p, i) => Array.from({ length: count }, (_, j) => allocateTensor(allocator, stateFormat, p.shape, 'state', `${names[i]}:${spec.kind === 'adam' ? (j === 0 ? 'm' : 'v') : 'momentum'}`)));
    }

    /** Releases the optimizer state and its own quires. */
    dispose(allocator: TrackedAllocator): void {
        for (const list of this.state) for (const t of list) if (allocator.isLive(t.data)) allocator.free(t.data);
        for (const handle of this.handles) if (allocator.isLive(handle)) allocator.free(handle);
    }

    /** Starts an update step (Adam's bias correction counts steps). */
    beginStep(): void {
        this.step++;
    }

    /** Updates parameter `p` from its gradient, element by element. */
    update(p: number, gradient: (i: number) => number): void {
        if (this.spec.kind === 'sgd') this.updateSgd(p, gradient);
        else this.updateAdam(p, gradient);
    }

    private updateSgd(p: number, gradient: (i: number) => number): void {
        const w = this.params[p]!;
        const m = this.state[p]![0];
        const A = this.paramAccs[p]!;
        const S = this.stateAcc;
        const { lr, momentum, weightDecay } = this.h;
        const wf = w.format;
        const sf = this.stateFormat;
        for (let i = 0; i < w.size; i++) {
            let g = gradient(i);
            // Nothing moves (exactly): a zero gradient with zero momentum and no decay.
            if (g === 0 && weightDecay === 0 && (m === undefined || sf.decode(m.data[i]!) === 0)) continue;
            const wi = wf.decode(w.data[i]!);
            if (weightDecay !== 0) g = A.sumOfTwoProducts(weightDecay, wi, 1, g);
            let step = g;
            if (m !== undefined) {
                const pattern = S.encodeSumOfTwoProducts(momentum, sf.decode(m.data[i]!), 1, g);
                m.data[i] = pattern;
                step = sf.decode(pattern);
            }
            w.data[i] = A.encodeSumOfTwoProducts(1, wi, -lr, step);
        }
    }

    private updateAdam(p: number, gradient: (i: number) => number): void {
        const w = this.params[p]!;
        const [m, v] = this.state[p]! as [Tensor, Tensor];
        const A = this.paramAccs[p]!;
        const S = this.stateAcc;
        const { lr, beta1, oneMinusBeta1, beta2, oneMinusBeta2, epsilon, weightDecay } = this.h;
        const correction1 = 1 - beta1 ** this.step;
        const correction2 = 1 - beta2 ** this.step;
        const wf = w.format;
        const sf = this.stateFormat;
        const rounded = S.mode === 'rounded';
        for (let i = 0; i < w.size; i++) {
            const wi = wf.decode(w.data[i]!);
            const g = gradient(i);
            const mi = rounded ? S.add(S.mul(beta1, sf.decode(m.data[i]!)), S.mul(oneMinusBeta1, g)) : S.round(beta1 * sf.decode(m.data[i]!) + oneMinusBeta1 * g);
            const vi = rounded ? S.add(S.mul(beta2, sf.decode(v.data[i]!)), S.mul(oneMinusBeta2, S.mul(g, g))) : S.round(beta2 * sf.decode(v.data[i]!) + oneMinusBeta2 * g * g);
            m.data[i] = S.encode(mi);
            v.data[i] = S.encode(vi);
            const update = (mi / correction1) / (Math.sqrt(vi / correction2) + epsilon) + weightDecay * wi;
            w.data[i] = A.encode(rounded ? A.add(wi, -A.round(lr * update)) : wi - lr * update);
        }
    }
}
