// The canary: inputs replayed through the active version and a candidate before a switch (and
// sampled live after it), to measure how often they disagree and how fast each answers. Inputs
// come from a reservoir of recent valid requests, topped up with held-out rows when traffic is
// thin, so the canary resembles what the service actually sees.
import type { ModelInterface } from '../attest/model-structure.js';
import { elementCount, type PredictionBatch, type PredictionResult, type ServableModel } from './servable-model.js';

/** One input row by input name (each a copy, owned by the canary). */
export type CanaryInput = ReadonlyMap<string, Float64Array>;

/** What a canary replay measured. */
export interface CanaryReport {
    readonly samples: number;
    /** Rows whose outputs disagree (see `outputsDisagree`). */
    readonly disagreements: number;
    readonly disagreementRate: number;
    /** Rows the candidate failed on (an error, or a non-finite output). */
    readonly candidateErrors: number;
    readonly activeLatencyMs: LatencySummary;
    readonly candidateLatencyMs: LatencySummary;
    /** Where it was replayed: a worker thread beside the serving thread, or the serving thread itself. */
    readonly replayedOn?: 'worker-thread' | 'serving-thread';
}

/** Latency percentiles of a replay, in milliseconds. */
export interface LatencySummary {
    readonly p50: number;
    readonly p99: number;
}

/** Keeps a uniform sample of recent request rows (reservoir sampling over a sliding count). */
export class CanaryReservoir {
    private readonly rows: CanaryInput[] = [];
    private seen = 0;
    private random: () => number;

    constructor(private readonly capacity: number, private readonly heldOut: readonly CanaryInput[] = [], seed = 1) {
        this.random = seededRandom(seed);
    }

    /** Offers the rows of a validated batch; a few are kept. */
    offer(batch: PredictionBatch): void {
        for (let row = 0; row < batch.size; row++) {
            this.seen++;
            const slot = this.rows.length < this.capacity ? this.rows.length : Math.floor(this.random() * this.seen);
            if (slot < this.capacity) this.rows[slot] = copyRow(batch, row);
        }
    }

    /** Up to `count` inputs: recent rows first, then held-out rows. */
    sample(count: number): readonly CanaryInput[] {
        const recent = this.rows.slice(0, count);
        return [...recent, ...this.heldOut.slice(0, Math.max(0, count - recent.length))];
    }

    /** How many recent rows are held. */
    get size(): number {
        return this.rows.length;
    }
}

/** Rows per canary batch: small enough that a batch is a short pause for live requests, large
 * enough that the engine's batched kernels make the whole canary cheap. */
export const canaryBatchRows = 8;

/**
 * Replays inputs through both versions in small batches. Between batches it pauses `pauseMs`
 * (a timer, not just a turn of the event loop): live requests then never queue behind more than
 * one batch, and the canary takes a bounded share of the CPU instead of competing flat out with
 * the traffic it must not disturb. Latencies are per row (a batch's time divided by its rows).
 */
export async function replayCanary(active: ServableModel, candidate: ServableModel, inputs: readonly CanaryInput[], pauseMs = 1): Promise<CanaryReport> {
    const activeTimes: number[] = [];
    const candidateTimes: number[] = [];
    let disagreements = 0;
    let candidateErrors = 0;
    for (let start = 0; start < inputs.length; start += canaryBatchRows) {
        const rows = inputs.slice(start, start + canaryBatchRows);
        const batch = batchOf(rows);
        const expected = await timed(active, batch, activeTimes);
        const actual = await timed(candidate, batch, candidateTimes);
        for (let row = 0; row < rows.length; row++) {
            const actualRow = actual.ok ? rowOf(actual.outputs, row, rows.length) : undefined;
            if (!actualRow || !allFinite(actualRow)) {
                candidateErrors++;
                disagreements++;
            } else if (expected.ok && outputsDisagree(rowOf(expected.outputs, row, rows.length), actualRow, candidate.interface)) {
                disagreements++;
            }
        }
        await pause(pauseMs);
    }
    return {
        samples: inputs.length,
        disagreements,
        disagreementRate: inputs.length === 0 ? 0 : disagreements / inputs.length,
        candidateErrors,
        activeLatencyMs: summarize(activeTimes),
        candidateLatencyMs: summarize(candidateTimes)
    };
}

/**
 * Whether two versions' answers to one row disagree: for an output with several elements (class
 * scores), a different arg-max; for a scalar output, a relative difference above 1%.
 */
export function outputsDisagree(expected: ReadonlyMap<string, Float64Array>, actual: ReadonlyMap<string, Float64Array>, modelInterface: ModelInterface): boolean {
    for (const output of modelInterface.outputs) {
        const a = expected.get(output.name);
        const b = actual.get(output.name);
        if (!a || !b || a.length !== b.length) return true;
        const count = elementCount(output.shape);
        for (let offset = 0; offset < a.length; offset += count) {
            if (count > 1) {
                if (argMax(a, offset, count) !== argMax(b, offset, count)) return true;
            } else {
                const x = a[offset] as number;
                const y = b[offset] as number;
                if (Math.abs(x - y) > 0.01 * Math.max(Math.abs(x), Math.abs(y), 1e-12)) return true;
            }
        }
    }
    return false;
}

/** Whether every output value is finite (NaR decodes to NaN). */
export function allFinite(outputs: ReadonlyMap<string, Float64Array>): boolean {
    for (const values of outputs.values()) for (const value of values) if (!Number.isFinite(value)) return false;
    return true;
}

/** Runs a model's predict, turning a throw into a failed result (a throw is a model bug). */
export async function safePredict(model: ServableModel, batch: PredictionBatch): Promise<PredictionResult> {
    try {
        return await model.predict(batch);
    } catch (error) {
        return { ok: false, message: `version ${model.version} failed: ${error instanceof Error ? error.message : String(error)}` };
    }
}

/** p50 and p99 of a list of durations. */
export function summarize(times: readonly number[]): LatencySummary {
    if (times.length === 0) return { p50: 0, p99: 0 };
    const sorted = [...times].sort((a, b) => a - b);
    const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] as number;
    return { p50: round3(at(0.5)), p99: round3(at(0.99)) };
}

async function timed(model: ServableModel, batch: PredictionBatch, times: number[]): Promise<PredictionResult> {
    const start = performance.now();
    const result = await safePredict(model, batch);
    const perRow = (performance.now() - start) / batch.size;
    for (let row = 0; row < batch.size; row++) times.push(perRow);
    return result;
}

/** One batch of canary rows. */
function batchOf(rows: readonly CanaryInput[]): PredictionBatch {
    const inputs = new Map<string, Float64Array>();
    for (const name of rows[0]?.keys() ?? []) {
        const width = rows[0]?.get(name)?.length ?? 0;
        const values = new Float64Array(width * rows.length);
        rows.forEach((row, index) => values.set(row.get(name) ?? new Float64Array(width), index * width));
        inputs.set(name, values);
    }
    return { size: rows.length, inputs };
}

/** Row `row` of a batch's outputs. */
function rowOf(outputs: ReadonlyMap<string, Float64Array>, row: number, rows: number): Map<string, Float64Array> {
    const slice = new Map<string, Float64Array>();
    for (const [name, values] of outputs) {
        const width = values.length / rows;
        slice.set(name, values.subarray(row * width, (row + 1) * width));
    }
    return slice;
}

function argMax(values: Float64Array, offset: number, count: number): number {
    let best = 0;
    for (let index = 1; index < count; index++) if ((values[offset + index] as number) > (values[offset + best] as number)) best = index;
    return best;
}

function copyRow(batch: PredictionBatch, row: number): CanaryInput {
    const copy = new Map<string, Float64Array>();
    for (const [name, values] of batch.inputs) {
        const width = values.length / batch.size;
        copy.set(name, values.slice(row * width, (row + 1) * width));
    }
    return copy;
}

function pause(ms: number): Promise<void> {
    return new Promise((resolve) => (ms > 0 ? setTimeout(resolve, ms) : setImmediate(resolve)));
}

function seededRandom(seed: number): () => number {
    let state = seed >>> 0 || 1;
    return () => {
        state ^= state << 13;
        state ^= state >>> 17;
        state ^= state << 5;
        return (state >>> 0) / 4294967296;
    };
}

function round3(value: number): number {
    return Math.round(value * 1000) / 1000;
}
