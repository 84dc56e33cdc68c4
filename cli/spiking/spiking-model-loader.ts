// `phg train` for a spiking model, first half: check the .phg file the way the editor does, pick
// the train block, and — when it trains a spiking model — lower it to the engine's spiking spec and
// load its data. Returns undefined for a model that trains by gradients (the IR path takes it).
import { resolve } from 'node:path';
import { analyzeDocument } from '../../language/index.js';
import type { DocumentAnalysis, TrainingAnalysis } from '../../language/index.js';
import { lowerSpikingTraining, trainsSpikingModel, type LoweredSpikingTraining } from '../../language/spiking/lower-spiking.js';
import { parseFormat } from '../../engine/numeric/index.js';
import type { NumericFormat } from '../../engine/numeric/format.js';
import type { AccumulateMode } from '../../engine/kernels/accumulation.js';
import type { TrackedAllocator } from '../../engine/memory/allocator.js';
import { loadCsvDataset, releaseDataset, type DataSpec } from '../../engine/data/csv-dataset.js';
import { releaseSpikeDataset, spikeDatasetOf, type SpikeDataset } from '../../engine/spiking/spike-dataset.js';
import { spikingStructureHash } from '../../engine/spiking/spiking-structure.js';
import { engineErrorCodes, failure, success, type Result } from '../../engine/errors.js';
import { checkPhgFiles } from '../workspace.js';
import { formatOverride, withoutErrors } from '../model-checks.js';

/** A spiking train block, lowered, with the format and accumulation the run uses. */
export interface LoadedSpikingTraining {
    readonly file: string;
    readonly analysis: DocumentAnalysis;
    readonly training: TrainingAnalysis;
    readonly lowered: LoweredSpikingTraining;
    readonly format: NumericFormat;
    readonly accumulate: AccumulateMode;
    readonly structureHash: string;
}

/** Flags that change what is lowered. */
export interface SpikingOverrides {
    readonly model?: string;
    readonly format?: string;
    readonly accumulate?: AccumulateMode;
}

/** The spiking train block of `path`, or undefined when the block trains a gradient model. */
export async function loadSpikingTraining(path: string, cwd: string, overrides: SpikingOverrides): Promise<Result<LoadedSpikingTraining> | undefined> {
    const file = resolve(cwd, path);
    const workspace = await checkPhgFiles([file]);
    const document = workspace.documents[0];
    // Unreadable files and files without a spiking block are the gradient path's to report.
    if (workspace.errors.length > 0 || document === undefined) return undefined;
    const analysis = analyzeDocument(document, workspace.services);
    const trainings = analysis.trainings.filter((t) => t.node.$type === 'TrainDecl');
    const training = overrides.model !== undefined ? trainings.find((t) => t.model?.name === overrides.model) : trainings[0];
    if (training === undefined || !trainsSpikingModel(training)) return undefined;
    const checked = withoutErrors(document, cwd, path);
    if (!checked.ok) return checked;
    const formatFlag = formatOverride(overrides.format);
    if (!formatFlag.ok) return formatFlag;
    const formatName = formatFlag.value;
    const lowered = lowerSpikingTraining(analysis, training, file, formatName !== undefined ? { format: formatName } : {});
    if ('problems' in lowered) {
        const first = lowered.problems[0];
        const range = first?.node.$cstNode?.range;
        return failure(engineErrorCodes.notExecutable, `${path}${range !== undefined ? `:${range.start.line + 1}:${range.start.character + 1}` : ''}: ${first?.message ?? 'cannot lower the spiking model'}`, { location: { file: path, ...(range !== undefined ? { line: range.start.line + 1, column: range.start.character + 1 } : {}) } });
    }
    const format = parseFormat(lowered.format);
    if (format === undefined) return failure(engineErrorCodes.badModel, `${path}: unknown format ${lowered.format}`);
    return success({ file, analysis, training, lowered, format, accumulate: overrides.accumulate ?? lowered.accumulate, structureHash: spikingStructureHash(lowered.spec, format.name) });
}

/** Loads a data set for a spiking model: the input column as intensities and the class column. */
export function loadSpikeData(spec: DataSpec, lowered: LoweredSpikingTraining, allocator: TrackedAllocator): Result<SpikeDataset> {
    const float64 = parseFormat('float64')!;
    const loaded = loadCsvDataset(spec, (column) => (column === lowered.inputColumn ? float64 : undefined), allocator);
    if (!loaded.ok) return loaded;
    const dataset = spikeDatasetOf(loaded.value, lowered.inputColumn, lowered.labelColumn, allocator);
    // Intensities are decoded into their own buffer: the csv patterns are no longer needed.
    for (const column of loaded.value.columns.values()) if (column.kind === 'values') allocator.free(column.data);
    if (!dataset.ok) {
        releaseDataset({ ...loaded.value, columns: new Map([...loaded.value.columns].filter(([, c]) => c.kind === 'class')) }, allocator);
        return dataset;
    }
    return success(dataset.value);
}

/** Frees what `loadSpikeData` allocated: the intensities and the labels. */
export function releaseSpikeData(dataset: SpikeDataset, allocator: TrackedAllocator): void {
    releaseSpikeDataset(dataset, allocator);
    allocator.free(dataset.labels);
}
