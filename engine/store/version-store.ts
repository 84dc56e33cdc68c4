// Trained versions on disk: `.phg/versions/<n>/weights.bin` (raw patterns in the engine's tensor
// file, whose digest covers names, shapes and formats) and `record.json`, a plain version record
// with the fields of the signed record (engine/attest/version-record.ts: model, version, parent
// = previous version and the SHA-256 of its record bytes, structure hash, weights digest, training
// and metrics) that `phg sign-version` later replaces with a signed statement. A version folder is
// filled under a temporary name and renamed into place, so it appears complete or not at all.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { engineErrorCodes, failure, type Result } from '../errors.js';
import { publishDirectory, stagingDirectory, writeAndSync } from './atomic-write.js';
import { decodeTensorFile, encodeTensorFile, type NamedPatterns, type TensorFileContent } from './tensor-file.js';

/** The versions folder of a workspace. */
export function versionsDirectory(workspace: string): string {
    return join(workspace, '.phg', 'versions');
}

/** What a new version records beside its weights. */
export interface VersionContent {
    readonly model: string;
    /** `sha256:<hex>` of the model's canonical IR. */
    readonly structureHash: string;
    readonly weights: readonly NamedPatterns[];
    readonly training: Readonly<Record<string, unknown>>;
    readonly metrics: Readonly<Record<string, unknown>>;
    /** Further files of the version (a distilled student's posterior), published with it atomically. */
    readonly files?: readonly { readonly name: string; readonly bytes: Uint8Array }[];
}

/** A saved version. */
export interface SavedVersion {
    readonly version: number;
    readonly directory: string;
    /** `sha256:<hex>` of weights.bin. */
    readonly weightsDigest: string;
}

/** A version's record as stored (plain, or the predicate inside a signed envelope). */
export interface VersionRecordView {
    readonly model: string;
    readonly version: number;
    readonly structureHash: string;
    readonly weights: { readonly file: string; readonly sha256: string; readonly bytes: number };
}

/** Saves weights as the next version number; its parent is the newest existing version. */
export function saveVersion(workspace: string, content: VersionContent, now = new Date()): SavedVersion {
    const root = versionsDirectory(workspace);
    const weights = encodeTensorFile(content.weights, { model: content.model, structureHash: content.structureHash });
    const weightsHex = sha256(weights);
    for (;;) {
        const numbers = versionNumbers(workspace);
        const parentNumber = numbers[numbers.length - 1];
        const version = (parentNumber ?? 0) + 1;
        const parentRecord = parentNumber !== undefined ? readRecordBytes(join(root, String(parentNumber))) : undefined;
        const record = {
            model: content.model,
            version,
            parent: parentNumber !== undefined && parentRecord !== undefined ? { version: parentNumber, sha256: sha256(parentRecord) } : null,
            structureHash: content.structureHash.replace(/^sha256:/, ''),
            certificate: null,
            weights: { file: 'weights.bin', sha256: weightsHex, bytes: weights.length },
            training: content.training,
            metrics: content.metrics,
            createdAt: now.toISOString()
        };
        const staging = stagingDirectory(root);
        writeAndSync(join(staging, 'weights.bin'), weights);
        writeAndSync(join(staging, 'record.json'), `${JSON.stringify(record, null, 2)}\n`);
        for (const file of content.files ?? []) writeAndSync(join(staging, file.name), file.bytes);
        const directory = join(root, String(version));
        if (publishDirectory(staging, directory)) return { version, directory, weightsDigest: `sha256:${weightsHex}` };
        // Another process took this number first: try the next one.
    }
}

/** Existing version numbers, ascending. */
export function versionNumbers(workspace: string): number[] {
    const root = versionsDirectory(workspace);
    if (!existsSync(root)) return [];
    return readdirSync(root).filter((name) => /^[1-9][0-9]*$/.test(name)).map(Number).sort((a, b) => a - b);
}

/** The record of a version folder, plain or signed (the predicate of its DSSE envelope). */
export function readVersionRecord(directory: string): VersionRecordView | undefined {
    const bytes = readRecordBytes(directory);
    if (bytes === undefined) return undefined;
    try {
        const value = JSON.parse(Buffer.from(bytes).toString('utf8')) as Record<string, unknown>;
        if (typeof value['payload'] === 'string') {
            const statement = JSON.parse(Buffer.from(value['payload'], 'base64').toString('utf8')) as { predicate?: VersionRecordView };
            return statement.predicate;
        }
        return value as unknown as VersionRecordView;
    } catch {
        return undefined;
    }
}

/** The newest version of `model` whose structure hash is `structureHash`, if any. */
export function latestVersionOf(workspace: string, model: string, structureHash: string): { version: number; directory: string; record: VersionRecordView } | undefined {
    const hex = structureHash.replace(/^sha256:/, '');
    for (const version of versionNumbers(workspace).reverse()) {
        const directory = join(versionsDirectory(workspace), String(version));
        const record = readVersionRecord(directory);
        if (record?.model === model && record.structureHash === hex) return { version, directory, record };
    }
    return undefined;
}

/** Loads a version's weights, checking them against the record's digest. */
export function loadVersionWeights(directory: string): Result<TensorFileContent<unknown>> {
    const record = readVersionRecord(directory);
    if (record === undefined) return failure(engineErrorCodes.noVersion, `${directory} has no readable record.json`, { location: { file: join(directory, 'record.json') } });
    const file = join(directory, record.weights.file);
    if (!existsSync(file)) return failure(engineErrorCodes.noVersion, `${file} is missing`, { location: { file } });
    const bytes = readFileSync(file);
    if (sha256(bytes) !== record.weights.sha256) return failure(engineErrorCodes.noVersion, `${file} does not match the digest in its record`, { location: { file } });
    return decodeTensorFile(bytes, file, engineErrorCodes.noVersion);
}

function readRecordBytes(directory: string): Uint8Array | undefined {
    const file = join(directory, 'record.json');
    return existsSync(file) ? readFileSync(file) : undefined;
}

/** Lowercase hex SHA-256 of bytes. */
export function sha256(bytes: Uint8Array): string {
    return createHash('sha256').update(bytes).digest('hex');
}
