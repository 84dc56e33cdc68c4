// Pair-based STDP with exponential traces (Song, Miller & Abbott 2000; Morrison et al. 2008, all-to-all
// pairing). Each presynaptic channel j has a trace x_j (decays with τ₊, +1 per spike), each neuron i
// a trace y_i (decays with τ₋, +1 per spike). In each step, in this order:
//   1. traces decay:                 x ← x − k₊·x,  y ← y − k₋·y     (k = 1 − exp(−dt/τ))
//   2. on a presynaptic spike of j:  w_ji ← clip(w_ji − a₋·y_i)      for every neuron i
//   3. on a spike of neuron i:       w_ji ← clip(w_ji + a₊·x_j)      for every channel j
//   4. traces jump:                  x_j += 1, y_i += 1 for this step's spikes
// Spike times are emission times. A pre spike k steps before a post spike (Δt = k·dt > 0) therefore
// changes w by a₊·(1 − k₊)^n = a₊·exp(−Δt/τ₊), one n steps after by −a₋·exp(Δt/τ₋): the classic window.
// Spikes of the same step are not paired (step 3 reads x before step 4): with a one-step synaptic
// delay the pre spike cannot have caused the post spike, and counting such coincidences as
// potentiation — 15 of them per post spike with 1,000 inputs at 15 Hz and dt = 1 ms — outweighs the
// 5% depression bias that makes Song et al.'s competition work.
// Traces and weights are patterns of the run's format; w ± a·trace is one fused operation (one
// rounding with `accumulate quire`, two with `rounded`), then clipped to [w_min, w_max].
import type { TrackedAllocator } from '../memory/allocator.js';
import type { Accumulation } from '../kernels/accumulation.js';
import { allocateTensor, freeTensor, type Tensor } from '../tensor/tensor.js';
import type { SimulationSettings, StdpSpec } from './network-spec.js';
import type { SpikeList } from './spike-list.js';
import { StepSum } from './step-sum.js';
import { ExponentialDecay } from './exponential-decay.js';

/** STDP on one layer's incoming weights. */
export class StdpRule {
    /** Presynaptic traces x_j, one per source channel. */
    readonly preTrace: Tensor;
    /** Postsynaptic traces y_i, one per neuron. */
    readonly postTrace: Tensor;
    private readonly decayPlus: ExponentialDecay;
    private readonly decayMinus: ExponentialDecay;
    private readonly aPlus: number;
    private readonly minusAMinus: number;
    private readonly wMin: number;
    private readonly wMax: number;
    private readonly one: number;
    private readonly normalizeTo: number;
    private readonly sum: StepSum | undefined;
    /** Weight updates applied (each clipped fused update counts one). */
    updates = 0;

    constructor(readonly spec: StdpSpec, private readonly weights: Tensor, settings: SimulationSettings, private readonly acc: Accumulation, private readonly allocator: TrackedAllocator) {
        const [sources, neurons] = weights.shape as [number, number];
        this.preTrace = allocateTensor(allocator, settings.format, [sources], 'state', `${spec.layer}.pre traces`);
        this.postTrace = allocateTensor(allocator, settings.format, [neurons], 'state', `${spec.layer}.post traces`);
        this.decayPlus = new ExponentialDecay(settings.format, acc, spec.tauPlus, settings.dt, sources, allocator, `${spec.layer}.pre trace decay`);
        this.decayMinus = new ExponentialDecay(settings.format, acc, spec.tauMinus, settings.dt, neurons, allocator, `${spec.layer}.post trace decay`);
        this.aPlus = acc.round(spec.aPlus);
        this.minusAMinus = -acc.round(spec.aMinus);
        this.wMin = acc.round(spec.wMin);
        this.wMax = acc.round(spec.wMax);
        this.one = acc.round(1);
        this.normalizeTo = spec.normalize !== undefined ? acc.round(spec.normalize) : 0;
        this.sum = spec.normalize !== undefined ? new StepSum(acc, sources, allocator, `${spec.layer} weight sum`) : undefined;
    }

    /** Traces back to zero (between samples, with the membranes). */
    resetTraces(): void {
        this.preTrace.data.fill(this.acc.encode(0));
        this.postTrace.data.fill(this.acc.encode(0));
    }

    /** One step of the rule, given the spikes the source and the layer emitted in this step. */
    step(pre: SpikeList, post: SpikeList): void {
        const acc = this.acc;
        const format = this.weights.format;
        const x = this.preTrace.data;
        const y = this.postTrace.data;
        const w = this.weights.data;
        const [sources, neurons] = this.weights.shape as [number, number];
        this.decayPlus.apply(x);
        this.decayMinus.apply(y);
        for (let p = 0; p < pre.count; p++) {
            const row = pre.indices[p]! * neurons;
            for (let i = 0; i < neurons; i++) {
                const trace = format.decode(y[i]!) as number;
                if (trace === 0) continue;
                w[row + i] = this.clipped(acc.sumOfTwoProducts(this.minusAMinus, trace, format.decode(w[row + i]!) as number, 1));
            }
        }
        for (let q = 0; q < post.count; q++) {
            const i = post.indices[q]!;
            for (let j = 0; j < sources; j++) {
                const trace = format.decode(x[j]!) as number;
                if (trace === 0) continue;
                w[j * neurons + i] = this.clipped(acc.sumOfTwoProducts(this.aPlus, trace, format.decode(w[j * neurons + i]!) as number, 1));
            }
        }
        this.updates += pre.count * neurons + post.count * sources;
        for (let p = 0; p < pre.count; p++) x[pre.indices[p]!] = acc.encode(acc.add(format.decode(x[pre.indices[p]!]!) as number, this.one));
        for (let q = 0; q < post.count; q++) y[post.indices[q]!] = acc.encode(acc.add(format.decode(y[post.indices[q]!]!) as number, this.one));
    }

    /**
     * Diehl & Cook's normalisation: scales each neuron's incoming weights so they sum to
     * `normalize` (the sum exact or rounded as `accumulate` says, the factor and each product rounded).
     * Neurons whose weights are all zero are left alone.
     */
    normalize(): void {
        const sum = this.sum;
        if (sum === undefined) return;
        const acc = this.acc;
        const format = this.weights.format;
        const w = this.weights.data;
        const [sources, neurons] = this.weights.shape as [number, number];
        for (let i = 0; i < neurons; i++) {
            sum.begin();
            for (let j = 0; j < sources; j++) sum.add(format.decode(w[j * neurons + i]!) as number);
            const total = format.decode(sum.finishPattern()) as number;
            if (!(total > 0)) continue;
            const factor = format.divValues(this.normalizeTo, total);
            for (let j = 0; j < sources; j++) w[j * neurons + i] = this.clipped(acc.mul(format.decode(w[j * neurons + i]!) as number, factor));
        }
    }

    /** Releases the traces. */
    release(): void {
        freeTensor(this.allocator, this.preTrace);
        freeTensor(this.allocator, this.postTrace);
        this.decayPlus.release();
        this.decayMinus.release();
        this.sum?.release();
    }

    private clipped(value: number): number {
        return this.acc.encode(value < this.wMin ? this.wMin : value > this.wMax ? this.wMax : value);
    }
}
