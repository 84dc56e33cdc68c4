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

/** How gradients are computed (`stdp`: a spiking model, which learns locally and has no gradient). */
export interface GradientSetting {
    readonly mode: 'backprop' | 'forward' | 'stdp';
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
    /** Present for `phg distill`: the teacher, the soft labels and the prior. */
    readonly distill?: DistillStartInfo;
    /** Present for a spiking model (gradient mode `stdp`): its clock, encoding, layers and memory plan. */
    readonly spiking?: SpikingStartInfo;
}

/** A sampled training step (not every step is reported). */
export interface TrainStepEvent {
    readonly type: 'step';
    readonly epoch: number;
    /** Step within the epoch, from 1. */
    readonly step: number;
    readonly stepsPerEpoch: number;
    /** Mean loss of this step's batch (−1 for a spiking model, which has no loss; a step is one sample). */
    readonly loss: number;
    readonly memory: MemoryReport;
    /** Spiking models: spikes of the output layer for the last sample. */
    readonly spiking?: { readonly outputSpikes: number };
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
    /** `phg distill`: the objective by term, and the teacher's accuracy to draw beside the student's. */
    readonly distill?: DistillEpochInfo;
    /** Spiking models (loss and trainAccuracy −1): firing rates, simulated work and a spike raster. */
    readonly spiking?: SpikingEpochInfo;
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
    /** `phg distill`: expected calibration error of the final accuracy's predictions (0..1). */
    readonly ece?: number;
    /** `phg distill`: the posterior scale τ the predictions use (0: the softmax of the MAP weights). */
    readonly posteriorScale?: number;
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
    /** Expected calibration error of the top-class confidence (15 bins), with accuracy. */
    readonly ece?: number;
    /** Mean negative log-likelihood of the labels, with accuracy. */
    readonly nll?: number;
    /** Where confidences come from: the output softmax, or a distilled student's Laplace posterior. */
    readonly predictive?: 'softmax' | 'laplace';
    readonly samples: number;
    readonly ms: number;
    readonly memory: MemoryReport;
}

/** Every line of `phg run --json`. */
export type RunEvent = RunStartEvent | RunDoneEvent | ErrorEvent;

/** What the start event of `phg distill` adds (docs/distillation.md). */
export interface DistillStartInfo {
    readonly teacher: string;
    /** The teacher's version folder (`.phg/versions/1`), its weights digest and the run that trained it. */
    readonly teacherVersion: string;
    readonly teacherWeightsDigest: string;
    readonly teacherRunId?: string;
    /** The teacher's accuracy on the validation set (the training rows without one); −1 unknown. */
    readonly teacherAccuracy: number;
    readonly temperature: number;
    readonly alpha: number;
    /** Student parameters that take the teacher's prior, and those that learn from soft labels only. */
    readonly priorParams: readonly string[];
    readonly softLabelOnlyParams: readonly string[];
    /** The prior's strength (absent: no `prior`, plain knowledge distillation). */
    readonly prior?: DistillPriorInfo;
}

/** The teacher's Laplace prior: σᵢ² = scale²/(N·Fᵢ + λ). */
export interface DistillPriorInfo {
    readonly scale: number;
    readonly damping: number;
    /** σ over every parameter with the prior. */
    readonly medianSigma: number;
    readonly meanSigma: number;
    /** Rows the teacher's Fisher was computed on, and whether a stored one was reused. */
    readonly fisherRows: number;
    readonly fisherReused: boolean;
}

/** The objective's terms over an epoch of `phg distill` (epoch means). */
export interface DistillEpochInfo {
    /** Cross-entropy against the labels. */
    readonly dataLoss: number;
    /** KL(teacher_T ‖ student_T), before the α·T² weight. */
    readonly softLoss: number;
    /** Σ (w − μ)²/(2σ²N) at the end of the epoch. */
    readonly priorPenalty: number;
    /** The teacher's accuracy on the same set as `accuracy` (constant over the run). */
    readonly teacherAccuracy: number;
}

/** What the start event of a spiking model adds (docs/spiking.md). */
export interface SpikingStartInfo {
    /** Simulation step and presentation time of one sample (s). */
    readonly dt: number;
    readonly window: number;
    /** Poisson rate of an input channel at the top of its range (Hz). */
    readonly maxRate: number;
    readonly inputs: number;
    readonly layers: readonly { readonly name: string; readonly size: number; readonly source: string; readonly plastic: boolean }[];
    /** The memory plan of engine/spiking, in bytes: it equals the measured peak. */
    readonly memoryPlan: SpikingMemoryPlanReport;
}

/** A spiking model's planned memory: weights per synapse, STDP traces per neuron, thresholds, and no tape. */
export interface SpikingMemoryPlanReport {
    readonly peak: number;
    readonly byClass: MemoryByClass;
    readonly weights: number;
    /** STDP traces: one per presynaptic and one per postsynaptic neuron. */
    readonly traces: number;
    /** Traces plus homeostatic threshold shifts: what learning keeps beyond inference. */
    readonly learningState: number;
    /** Always 0: STDP is local, nothing is kept for a backward pass. */
    readonly tape: 0;
}

/** One population's spikes: parallel arrays of step index and neuron index. */
export interface RasterPopulation {
    readonly name: string;
    readonly size: number;
    readonly steps: readonly number[];
    readonly neurons: readonly number[];
}

/** The spike raster of one evaluation sample (its last presentation). */
export interface SpikeRasterReport {
    /** Index of the sample in the evaluation set, its label and the readout's class (−1: none). */
    readonly sample: number;
    readonly label: number;
    readonly predicted: number;
    readonly stepCount: number;
    /** Step length (s). */
    readonly dt: number;
    /** The input first, then each layer. */
    readonly populations: readonly RasterPopulation[];
}

/** What the epoch event of a spiking model adds. */
export interface SpikingEpochInfo {
    /** Mean rate of each output neuron during evaluation (Hz). */
    readonly firingRates: readonly number[];
    readonly meanFiringRate: number;
    /** Output neurons that never fired while labels were assigned (they do not vote). */
    readonly silentNeurons: number;
    /** Output neurons per class. */
    readonly assignedNeurons: readonly number[];
    /** Simulated seconds and synaptic events of the learning presentations, and their speed. */
    readonly simulatedSeconds: number;
    readonly synapticEvents: number;
    readonly simulatedPerWallSecond: number;
    readonly synapticEventsPerSecond: number;
    /** Presentations (a sample shown again faster when the output stayed quiet counts twice). */
    readonly presentations: number;
    readonly raster: SpikeRasterReport;
}
