// The plan's view of gradient accumulation (`accumulate_steps N`) and data-parallel workers
// (`workers W`): the settings, and the summary a plan shows beside the peak — the cost (one
// accumulator per thread: a quire per parameter element with backprop, per tangent with forward)
// and the saving (each step holds the activations of B rows, or ⌈B/W⌉ per worker, instead of N×B).

/** How a training splits its updates. */
export interface AccumulationSettings {
    /** Micro-batches per update (N). */
    readonly steps: number;
    /** Worker threads each micro-batch is split across (W). */
    readonly workers: number;
    /** `quire`: exact sums (one quire per element); `rounded`: float64 sums rounded at every add. */
    readonly accumulate: 'quire' | 'rounded';
}

/** What accumulation costs and saves, next to one batch of the update's rows on one thread. */
export interface AccumulationSummary {
    readonly steps: number;
    readonly workers: number;
    /** Rows per update: batch × steps. */
    readonly updateRows: number;
    /** Rows one thread runs in one step: ⌈batch / workers⌉. */
    readonly rowsPerStep: number;
    /** Bytes of one thread's accumulator (class `quire` with quire, `gradient` with rounded). */
    readonly accumulatorBytes: number;
    /** Accumulators of every thread that runs steps. */
    readonly accumulatorTotal: number;
    /** Peak of one step over all the update's rows on one thread (no accumulation). */
    readonly oneBatchPeak: number;
    /** Peak of one thread's step with accumulation (its accumulator included). */
    readonly threadPeak: number;
    /** What the smaller steps save on one thread: oneBatchPeak − (threadPeak − accumulatorBytes). */
    readonly saving: number;
}
