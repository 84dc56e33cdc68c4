// Labelled intensities for a spiking model: the input column of a loaded csv data set decoded to
// float64 (they only set Poisson rates, they are never model state) and its class labels.
import type { LoadedDataset } from '../data/csv-dataset.js';
import type { TrackedAllocator } from '../memory/allocator.js';
import { engineErrorCodes, failure, success, type Result } from '../errors.js';

/** Samples of intensities with class labels. */
export interface SpikeDataset {
    readonly name: string;
    readonly rows: number;
    /** Channels per sample. */
    readonly width: number;
    /** Row-major: sample r's channel j is intensities[r·width + j]. */
    readonly intensities: Float64Array;
    readonly labels: Int32Array;
    readonly classes: number;
}

/** The spiking view of a loaded data set: column `input` as intensities, column `label` as classes. */
export function spikeDatasetOf(data: LoadedDataset, input: string, label: string, allocator: TrackedAllocator): Result<SpikeDataset> {
    const values = data.columns.get(input);
    const classes = data.columns.get(label);
    if (values === undefined || values.kind !== 'values') return failure(engineErrorCodes.dataBinding, `data set ${data.name} has no numeric column '${input}' for the spike input`, { location: { file: data.file } });
    if (classes === undefined || classes.kind !== 'class') return failure(engineErrorCodes.dataBinding, `data set ${data.name} has no class column '${label}' to assign labels with`, { location: { file: data.file } });
    const intensities = allocator.float64(data.rows * values.width, 'data', `${data.name}.${input} (intensities)`);
    values.format.decodeArray(values.data, intensities, intensities.length);
    return success({ name: data.name, rows: data.rows, width: values.width, intensities, labels: classes.labels, classes: classes.classes });
}

/** Releases the decoded intensities (the labels belong to the loaded data set). */
export function releaseSpikeDataset(dataset: SpikeDataset, allocator: TrackedAllocator): void {
    allocator.free(dataset.intensities);
}
