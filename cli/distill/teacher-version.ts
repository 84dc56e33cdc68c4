// The teacher of a distill block as `phg distill` uses it: its train block (the same file), its
// newest trained version of that structure (weights checked against the record's digest), and —
// when the block declares a prior — its diagonal Fisher over its own training data, computed once
// and kept beside the version (engine/distill/fisher-file.ts).
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { latestVersionOf, loadVersionWeights, sha256 } from '../../engine/store/version-store.js';
import { diagonalFisher, type FisherDiagonal } from '../../engine/distill/fisher.js';
import { loadFisher, saveFisher } from '../../engine/distill/fisher-file.js';
import type { TrackedAllocator } from '../../engine/memory/allocator.js';
import type { NumberPatternArray } from '../../engine/tensor/tensor.js';
import { releaseDataset } from '../../engine/data/csv-dataset.js';
import { engineErrorCodes, failure, success, type Result } from '../../engine/errors.js';
import { loadData, loadTrainingModel, type LoadedTrainingModel } from '../train-model-loader.js';
import { signVersionAfterTraining } from '../cert/version-signing.js';
import type { KeyEnvironment } from '../../engine/signing/key-files.js';

/** A trained teacher version. */
export interface TeacherVersion {
    readonly model: LoadedTrainingModel;
    readonly version: number;
    readonly directory: string;
    readonly weights: ReadonlyMap<string, NumberPatternArray>;
    /** SHA-256 (hex) of the version's weights file and of its record file as they are now. */
    readonly weightsSha256: string;
    readonly recordSha256: string;
    /** Whether that record is signed (a plain record's bytes change when it is signed later). */
    readonly recordSigned: boolean;
    /** The run that trained it (from its record), if known. */
    readonly runId?: string;
}

/**
 * Loads the newest version of `teacher` trained by the file's train block of that model. With a
 * signing key configured, an unsigned teacher version is signed first, so the record digest the
 * student's provenance pins is the final one.
 */
export async function loadTeacherVersion(path: string, cwd: string, teacher: string, env: KeyEnvironment): Promise<Result<TeacherVersion>> {
    const loaded = await loadTrainingModel(path, cwd, { model: teacher });
    if (!loaded.ok) return failure(loaded.error.code, `teacher ${teacher}: ${loaded.error.message}`, loaded.error.location !== undefined ? { location: loaded.error.location } : {});
    const model = loaded.value;
    const latest = latestVersionOf(cwd, teacher, model.structureHash);
    if (latest === undefined) return failure(engineErrorCodes.noVersion, `no trained version of teacher ${teacher} with this structure in .phg/versions; run phg train ${path} --model ${teacher} first`);
    signVersionAfterTraining(cwd, latest.version, env);
    const weights = loadVersionWeights(latest.directory);
    if (!weights.ok) return weights;
    const byName = new Map<string, NumberPatternArray>();
    for (const [name, tensor] of weights.value.tensors) byName.set(name, tensor.data);
    const recordBytes = readFileSync(join(latest.directory, 'record.json'));
    const runId = runOf(recordBytes);
    return success({
        model, version: latest.version, directory: latest.directory, weights: byName, weightsSha256: latest.record.weights.sha256,
        recordSha256: sha256(recordBytes), recordSigned: isEnvelope(recordBytes), ...(runId !== undefined ? { runId } : {})
    });
}

/** The teacher's Fisher for a prior: reused from beside its version when computed from the same weights, data and sample. */
export interface TeacherFisher {
    readonly fisher: FisherDiagonal;
    readonly sha256: string;
    readonly reused: boolean;
    /** The data file, relative to the workspace, and its digest. */
    readonly data: string;
    readonly dataSha256: string;
    readonly ms: number;
}

/** Loads or computes (and stores) the teacher's diagonal Fisher over its training data. */
export function teacherFisher(teacher: TeacherVersion, cwd: string, sample: number | undefined, seed: number, allocator: TrackedAllocator): Result<TeacherFisher> {
    const spec = teacher.model.lowered.train;
    let dataBytes: Buffer;
    try {
        dataBytes = readFileSync(spec.file);
    } catch {
        return failure(engineErrorCodes.dataFileMissing, `data file ${spec.file} of the teacher's '${spec.name}' cannot be read`, { location: { file: spec.file } });
    }
    const provenance = { weightsSha256: teacher.weightsSha256, dataSha256: sha256(dataBytes), seed, ...(sample !== undefined ? { sample } : {}) };
    const data = relative(cwd, spec.file) || spec.file;
    const stored = loadFisher(teacher.directory, provenance);
    if (!stored.ok) return stored;
    if (stored.value !== undefined) return success({ ...stored.value, reused: true, data, dataSha256: provenance.dataSha256, ms: 0 });
    const dataset = loadData(teacher.model.program, spec, allocator, false);
    if (!dataset.ok) return dataset;
    try {
        const started = performance.now();
        const fisher = diagonalFisher(teacher.model.program, teacher.weights, dataset.value, allocator, { ...(sample !== undefined ? { sample } : {}), seed });
        if (!fisher.ok) return fisher;
        const digest = saveFisher(teacher.directory, fisher.value, provenance);
        return success({ fisher: fisher.value, sha256: digest, reused: false, data, dataSha256: provenance.dataSha256, ms: performance.now() - started });
    } finally {
        releaseDataset(dataset.value, allocator);
    }
}

function isEnvelope(recordBytes: Buffer): boolean {
    try {
        return typeof (JSON.parse(recordBytes.toString('utf8')) as { payload?: unknown }).payload === 'string';
    } catch {
        return false;
    }
}

function runOf(recordBytes: Buffer): string | undefined {
    try {
        const value = JSON.parse(recordBytes.toString('utf8')) as { training?: { run?: unknown }; payload?: unknown };
        if (typeof value.payload === 'string') {
            const statement = JSON.parse(Buffer.from(value.payload, 'base64').toString('utf8')) as { predicate?: { training?: { run?: unknown } } };
            return typeof statement.predicate?.training?.run === 'string' ? statement.predicate.training.run : undefined;
        }
        return typeof value.training?.run === 'string' ? value.training.run : undefined;
    } catch {
        return undefined;
    }
}
