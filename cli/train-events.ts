// The JSON Lines protocol of `phg train --json` and `phg run --json`: one object per line, each with
// a `type`. The extension's training panel imports these types (type-only) and renders them; the
// CLI is the only producer. Field names are a public contract: add fields, never rename them.

/** The lifetime classes of the engine's tracked allocator (see docs/memory.md). */
export type MemoryClassName = 'param' | 'state' | 'activation' | 'tape' | 'tangent' | 'gradient' | 'quire' | 'data';

/**
 * Bytes by lifetime class, as the engine's tracked allocator measured them. `quire` covers quires
 * and the float64 decode scratch of the kernels; `gradient` is backprop's ∂L/∂value buffers
 * (forward-gradient training has none). `data` is the loaded data set: it is
 * reported but excluded from `peak` and `live` (it is the same for training and inference); the
 * current batch counts as `activation`.
 */
export type MemoryByClass = Record<MemoryClassName, number>;

/** A memory report: measured bytes, never estimates. */
export interface MemoryReport {
    /** Highest sum of live bytes over every class except `data`, since the run (or epoch) began. */
    readonly peak: number;
    /** Live bytes now, every class except `data`. */
    readonly live: number;
    /** Live bytes per class at the moment of the peak (`data`: the loaded data set). */
    readonly byClass: MemoryByClass;
    /** Process resident set size in bytes: includes the whole JS runtime, shown for honesty only. */
    readonly rss?: number;
}

/** How gradients are computed. */
export interface GradientSetting {
    readonly mode: 'backprop' | 'forward';
    /** Tangents per step (forward mode only; 1 for backprop by convention). */
    readonly tangents: number;
}

/** First line of a training run: what is about to run. */
export interface TrainStartEvent {
    readonly type: 'start';
    /** The run's id: its folder is `.phg/runs/<runId>/`. */
    readonly runId: string;
    readonly file: string;
    readonly model: string;
    /** Canonical format name, e.g. `posit<16>`. */
    readonly format: string;
    readonly accumulate: 'quire' | 'rounded';
    readonly gradient: GradientSetting;
    /** e.g. `sgd(lr: 0.05, momentum: 0.9)`. */
    readonly optimizer: string;
    readonly epochs: number;
    /** Rows per micro-batch (per step when `accumulateSteps` is 1). */
    readonly batch: number;
    /** Micro-batches per step (gradient accumulation); absent when 1. */
    readonly accumulateSteps?: number;
    /** Data-parallel worker threads; absent when 1. */
    readonly workers?: number;
    readonly seed: number;
    /** Optimizer steps per epoch (each over batch × accumulateSteps rows). */
    readonly stepsPerEpoch: number;
    readonly trainSamples: number;
    /** Samples of the `validate on` set; 0 when the train block has none. */
    readonly validateSamples: number;
    /** `sha256:<hex>` of the lowered model's canonical IR. */
    readonly structureHash: string;
    /** The first epoch this process runs (1 for a fresh run, later after `--resume`). */
    readonly firstEpoch: number;
    /** Present when the run continues from a checkpoint. */
    readonly resumedFrom?: string;
}

/** A sampled training step (not every step is reported). */
export interface TrainStepEvent {
    readonly type: 'step';
    readonly epoch: number;
    /** Step within the epoch, from 1. */
    readonly step: number;
    readonly stepsPerEpoch: number;
    /** Mean loss of this step's batch. */
    readonly loss: number;
    readonly memory: MemoryReport;
}

/** End of an epoch; its checkpoint is saved before this line is written. */
export interface TrainEpochEvent {
    readonly type: 'epoch';
    readonly epoch: number;
    readonly epochs: number;
    /** Mean training loss over the epoch. */
    readonly loss: number;
    /**
     * Accuracy on the `validate on` set, or on the training set when there is none; −1 for a model
     * without class labels (a regression: see `validationLoss`).
     */
    readonly accuracy: number;
    /** Accuracy on the training batches seen during the epoch (−1 without class labels). */
    readonly trainAccuracy: number;
    /** Mean squared error on the validation set, for an mse loss over an output. */
    readonly validationLoss?: number;
    /** Wall time of the epoch's training steps (evaluation excluded). */
    readonly ms: number;
    /** CPU time of the same steps (steadier than wall time on a shared machine). */
    readonly cpuMs?: number;
    readonly memory: MemoryReport;
}

/** Last line of a successful training run. */
export interface TrainDoneEvent {
    readonly type: 'done';
    /** Final accuracy (as in the epoch event; −1 without class labels). */
    readonly accuracy: number;
    /** Final validation mse, for an mse loss over an output. */
    readonly validationLoss?: number;
    readonly epochs: number;
    /** Wall time of all epochs this process ran. */
    readonly ms: number;
    readonly memory: MemoryReport;
    /** The saved version's folder, relative to the workspace: `.phg/versions/3`. */
    readonly version: string;
    /** `sha256:<hex>` of the saved weights file (raw patterns). */
    readonly weightsDigest: string;
    readonly runId: string;
    /** Set when a signal stopped the run early: it was checkpointed, no version was saved. */
    readonly interrupted?: 'SIGINT' | 'SIGTERM';
    /** Whether the saved version was signed with the user's key (`no-key`: none configured). */
    readonly signature?: 'signed' | 'no-key' | 'failed';
    /** One line saying what happened to the signature, for people. */
    readonly signatureMessage?: string;
}

/** Where a user-caused error points, when it points into a file. */
export interface ErrorLocation {
    readonly file: string;
    /** 1-based line and column. */
    readonly line?: number;
    readonly column?: number;
}

/** A run that stopped on an error: the last line. Codes are listed in docs/training.md. */
export interface ErrorEvent {
    readonly type: 'error';
    readonly message: string;
    /** Stable code, e.g. `PHG7001`. */
    readonly code: string;
    readonly location?: ErrorLocation;
    /** For numeric failures (NaR, non-finite loss): the IR node and the step. */
    readonly node?: string;
    readonly epoch?: number;
    readonly step?: number;
}

/** Every line of `phg train --json`. */
export type TrainEvent = TrainStartEvent | TrainStepEvent | TrainEpochEvent | TrainDoneEvent | ErrorEvent;

/** First line of `phg run --json`. */
export interface RunStartEvent {
    readonly type: 'start';
    readonly file: string;
    readonly model: string;
    readonly format: string;
    readonly batch: number;
    readonly samples: number;
    /** The version whose weights are used, or `init` for a fresh initialisation. */
    readonly weights: string;
    readonly structureHash: string;
}

/** Last line of `phg run --json`. */
export interface RunDoneEvent {
    readonly type: 'done';
    /** Accuracy when the data has labels; absent otherwise. */
    readonly accuracy?: number;
    readonly samples: number;
    readonly ms: number;
    readonly memory: MemoryReport;
}

/** Every line of `phg run --json`. */
export type RunEvent = RunStartEvent | RunDoneEvent | ErrorEvent;
