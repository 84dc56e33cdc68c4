// The settings of a training run, as the engine uses them (the CLI fills them from a `train`
// block and its flags; tests and benches build them directly).
import type { OptimizerSpec } from '../optim/optimizer.js';

/** How a run trains. The accumulation mode is the Program's (it is compiled in). */
export interface TrainSettings {
    readonly gradient: { readonly mode: 'backprop' | 'forward'; readonly tangents: number };
    readonly optimizer: OptimizerSpec;
    /** Rows per micro-batch (per update when `accumulateSteps` is 1). */
    readonly batch: number;
    /** Micro-batches per optimizer update (gradient accumulation; default 1). */
    readonly accumulateSteps?: number;
    /** Data-parallel worker threads each micro-batch is split across (default 1: the calling thread). */
    readonly workers?: number;
    readonly epochs: number;
    readonly seed: number;
    /** Canonical format of the optimizer state (default: the parameters' format). */
    readonly stateFormat?: string;
}
