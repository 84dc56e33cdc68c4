// The messages between the trainer (main thread) and its data-parallel workers. A worker gets the
// program, settings and data set once; then, per update, the parameters and the rows of its slices,
// and it answers with its accumulated shard state. Every buffer that crosses changes owner
// (transfer), so no memory is ever shared between threads.
import type { IrGraph } from '../ir/types.js';
import type { AccumulateMode } from '../kernels/accumulation.js';
import type { LoadedColumn, LoadedDataset } from '../data/csv-dataset.js';
import type { TrackedAllocator } from '../memory/allocator.js';
import { parseFormat } from '../numeric/index.js';
import type { NumberPatternArray, Tensor } from '../tensor/tensor.js';
import type { MemoryReport } from '../train/memory-report.js';
import type { TrainSettings } from '../train/settings.js';
import type { NumericFault } from '../exec/executor.js';

/** A data column as plain data (formats by name). */
export type ColumnData =
    | { readonly name: string; readonly kind: 'values'; readonly width: number; readonly format: string; readonly data: NumberPatternArray }
    | { readonly name: string; readonly kind: 'class'; readonly classes: number; readonly labels: Int32Array };

/** A loaded data set as plain data. */
export interface DatasetData {
    readonly name: string;
    readonly file: string;
    readonly rows: number;
    readonly columns: readonly ColumnData[];
}

/** What a worker is started with (`workerData`). */
export interface WorkerInit {
    readonly worker: number;
    readonly graph: IrGraph;
    readonly accumulate: AccumulateMode;
    readonly settings: TrainSettings;
    /** The most rows the worker runs in one step (its slice of a full micro-batch). */
    readonly maxRows: number;
    readonly dataset: DatasetData;
}

/** One update's work for one worker. */
export interface UpdateRequest {
    readonly type: 'update';
    /** Global step of the update (keys forward-gradient directions). */
    readonly step: number;
    /** Rows of the whole update, over every worker and micro-batch (loss gradients divide by it). */
    readonly updateRows: number;
    /** Data-set rows of this worker's slices, slice after slice. */
    readonly rows: Uint32Array;
    /** Row counts of the slices, one per micro-batch (some may be 0). */
    readonly slices: readonly number[];
    /** Every parameter's patterns, packed (packParams). */
    readonly params: ArrayBuffer;
    /** The accumulator buffers the worker sent last time, by slot (absent on the first update). */
    readonly accumulator?: readonly ArrayBuffer[];
}

/**
 * One accumulator slot (a parameter's gradient sums) that is final for this update, sent while the
 * worker's backward pass goes on, so the main thread reduces and applies it meanwhile.
 */
export interface SlotReply {
    readonly type: 'slot';
    readonly worker: number;
    readonly slot: number;
    readonly buffer: ArrayBuffer;
    /** The worker thread's CPU time since the update began, when it sent the slot (undefined off Linux). */
    readonly cpuNs?: number;
}

/** A worker's answer to an update. */
export interface UpdateReply {
    readonly type: 'partial';
    readonly worker: number;
    /** The worker thread's id: the same for every update of a run (workers start once). */
    readonly threadId: number;
    readonly lossSum: number;
    readonly correct: number;
    readonly rows: number;
    readonly fault?: NumericFault;
    /** The slots not sent ahead as SlotReply (forward mode's derivatives; a fault's leftovers). */
    readonly slots: readonly { readonly slot: number; readonly buffer: ArrayBuffer }[];
    /** The parameter buffer of the request, handed back for the next update. */
    readonly params: ArrayBuffer;
    /** CPU time of this thread for the update (undefined off Linux). */
    readonly cpuNs?: number;
    readonly memory: MemoryReport;
}

/** Sent once the worker has compiled the program and allocated its buffers. */
export interface ReadyReply {
    readonly type: 'ready';
    readonly worker: number;
    readonly threadId: number;
    readonly memory: MemoryReport;
}

/** An exception inside a worker (a bug: user errors are caught before workers start). */
export interface FailedReply {
    readonly type: 'failed';
    readonly worker: number;
    readonly message: string;
}

/** Messages to a worker. */
export type WorkerRequest = UpdateRequest;

/** Messages from a worker. */
export type WorkerReply = UpdateReply | SlotReply | ReadyReply | FailedReply;

/** A data set as plain data (the typed arrays are copied when posted). */
export function datasetData(dataset: LoadedDataset): DatasetData {
    const columns = [...dataset.columns].map(([name, column]): ColumnData => (column.kind === 'class'
        ? { name, kind: 'class', classes: column.classes, labels: column.labels }
        : { name, kind: 'values', width: column.width, format: column.format.name, data: column.data }));
    return { name: dataset.name, file: dataset.file, rows: dataset.rows, columns };
}

/** The data set again, its arrays tracked in `allocator` as `data`. */
export function datasetFromData(data: DatasetData, allocator: TrackedAllocator): LoadedDataset {
    const columns = new Map<string, LoadedColumn>();
    for (const column of data.columns) {
        if (column.kind === 'class') {
            allocator.track(column.labels, column.labels.byteLength, 'data', `${data.name}.${column.name}`);
            columns.set(column.name, { kind: 'class', classes: column.classes, labels: column.labels });
            continue;
        }
        allocator.track(column.data, column.data.byteLength, 'data', `${data.name}.${column.name}`);
        columns.set(column.name, { kind: 'values', width: column.width, format: parseFormat(column.format)!, data: column.data });
    }
    return { name: data.name, file: data.file, rows: data.rows, columns };
}

/** Bytes of every parameter's patterns, packed end to end (each tensor starts 8-byte aligned). */
export function packedParamBytes(params: readonly Tensor[]): number {
    return params.reduce((sum, p) => sum + alignedBytes(p), 0);
}

/** Copies every parameter's patterns into `buffer`. */
export function packParams(params: readonly Tensor[], buffer: ArrayBuffer): void {
    let at = 0;
    const target = new Uint8Array(buffer);
    for (const p of params) {
        target.set(new Uint8Array(p.data.buffer, p.data.byteOffset, p.data.byteLength), at);
        at += alignedBytes(p);
    }
}

/** Copies packed patterns from `buffer` into the parameters. */
export function unpackParams(buffer: ArrayBuffer, params: readonly Tensor[]): void {
    let at = 0;
    const source = new Uint8Array(buffer);
    for (const p of params) {
        new Uint8Array(p.data.buffer, p.data.byteOffset, p.data.byteLength).set(source.subarray(at, at + p.data.byteLength));
        at += alignedBytes(p);
    }
}

function alignedBytes(p: Tensor): number {
    return Math.ceil(p.data.byteLength / 8) * 8;
}
