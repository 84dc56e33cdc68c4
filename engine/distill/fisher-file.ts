// The teacher's Fisher information, stored once beside the teacher's version
// (`.phg/versions/<n>/fisher.bin`, the engine's tensor file with float64 tensors) so that every
// student distilled from that version reuses it. Its metadata says what it was computed from — the
// weights file's digest, the data file's digest, the sample and its seed — and a stored Fisher is
// reused only when all of them match; otherwise it is computed again and replaced (atomically).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseFormat } from '../numeric/index.js';
import { decodeTensorFile, encodeTensorFile } from '../store/tensor-file.js';
import { writeAtomic } from '../store/atomic-write.js';
import { sha256 } from '../store/version-store.js';
import { engineErrorCodes, success, type Result } from '../errors.js';
import type { FisherDiagonal } from './fisher.js';

/** The file name of a version's Fisher information. */
export const fisherFileName = 'fisher.bin';

/** What a stored Fisher was computed from. */
export interface FisherProvenance {
    /** SHA-256 (hex) of the version's weights file. */
    readonly weightsSha256: string;
    /** SHA-256 (hex) of the data file the rows came from. */
    readonly dataSha256: string;
    /** Rows requested (undefined: all). */
    readonly sample?: number;
    readonly seed: number;
}

interface FisherMeta extends FisherProvenance {
    readonly kind: 'diagonal-fisher';
    readonly samples: number;
    readonly dataRows: number;
    readonly names: readonly string[];
}

/** Writes a Fisher beside a version; returns the file's SHA-256 (hex). */
export function saveFisher(versionDirectory: string, fisher: FisherDiagonal, provenance: FisherProvenance): string {
    const float64 = parseFormat('float64')!;
    const meta: FisherMeta = { kind: 'diagonal-fisher', ...provenance, samples: fisher.samples, dataRows: fisher.dataRows, names: fisher.names };
    const bytes = encodeTensorFile(fisher.values.map((values, p) => ({ name: fisher.names[p]!, format: float64, shape: [values.length], data: values })), meta);
    writeAtomic(join(versionDirectory, fisherFileName), bytes);
    return sha256(bytes);
}

/** The stored Fisher of a version and its file digest, if there is one computed from `provenance`. */
export function loadFisher(versionDirectory: string, provenance: FisherProvenance): Result<{ readonly fisher: FisherDiagonal; readonly sha256: string } | undefined> {
    const file = join(versionDirectory, fisherFileName);
    if (!existsSync(file)) return success(undefined);
    const bytes = readFileSync(file);
    const decoded = decodeTensorFile<FisherMeta>(bytes, file, engineErrorCodes.noVersion);
    if (!decoded.ok) return decoded;
    const meta = decoded.value.meta;
    const same = meta.kind === 'diagonal-fisher' && meta.weightsSha256 === provenance.weightsSha256 && meta.dataSha256 === provenance.dataSha256 && meta.sample === provenance.sample && meta.seed === provenance.seed;
    if (!same) return success(undefined);
    const values = meta.names.map((name) => decoded.value.tensors.get(name)?.data);
    if (values.some((data) => !(data instanceof Float64Array))) return success(undefined);
    return success({ fisher: { names: meta.names, values: values as Float64Array[], samples: meta.samples, dataRows: meta.dataRows }, sha256: sha256(bytes) });
}
