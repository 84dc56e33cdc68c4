// The engine's binary container for named tensors of raw format patterns — a version's
// weights.bin and a run's checkpoint.bin: the 8-byte magic, a 4-byte little-endian header length,
// a JSON header (what each tensor is and where its bytes are, plus free-form metadata), then the
// tensors' bytes, little-endian, each aligned to 8 bytes. The header is inside the file, so a digest
// of the file covers names, shapes and formats too.
import { endianness } from 'node:os';
import type { NumberPatternArray } from '../tensor/tensor.js';
import type { NumericFormat } from '../numeric/format.js';
import { parseFormat } from '../numeric/index.js';
import { engineErrorCodes, failure, success, type EngineErrorCode, type Result } from '../errors.js';

const magicText = 'PHGTNSR1';

/** One stored tensor's description. */
export interface TensorEntry {
    readonly name: string;
    /** Canonical format name. */
    readonly format: string;
    readonly shape: readonly number[];
    readonly offset: number;
    readonly bytes: number;
}

/** A named tensor to store. */
export interface NamedPatterns {
    readonly name: string;
    readonly format: NumericFormat;
    readonly shape: readonly number[];
    readonly data: NumberPatternArray;
}

/** A decoded file: its tensors (copied out) and metadata. */
export interface TensorFileContent<M> {
    readonly meta: M;
    readonly tensors: ReadonlyMap<string, { readonly format: NumericFormat; readonly shape: readonly number[]; readonly data: NumberPatternArray }>;
}

if (endianness() !== 'LE') throw new Error('phg stores raw patterns little-endian and runs on little-endian machines only');

/** Serialises tensors and metadata into one buffer. */
export function encodeTensorFile(tensors: readonly NamedPatterns[], meta: unknown): Uint8Array {
    const entries: TensorEntry[] = [];
    let offset = 0;
    for (const t of tensors) {
        entries.push({ name: t.name, format: t.format.name, shape: [...t.shape], offset, bytes: t.data.byteLength });
        offset += Math.ceil(t.data.byteLength / 8) * 8;
    }
    const header = Buffer.from(JSON.stringify({ tensors: entries, meta }), 'utf8');
    const start = Math.ceil((12 + header.length) / 8) * 8;
    const out = new Uint8Array(start + offset);
    out.set(Buffer.from(magicText, 'ascii'), 0);
    new DataView(out.buffer).setUint32(8, header.length, true);
    out.set(header, 12);
    tensors.forEach((t, i) => out.set(new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength), start + entries[i]!.offset));
    return out;
}

/** Parses a tensor file; problems (truncation, unknown formats) are errors with `code`. */
export function decodeTensorFile<M>(bytes: Uint8Array, file: string, code: EngineErrorCode = engineErrorCodes.resumeMismatch): Result<TensorFileContent<M>> {
    const bad = (why: string): Result<TensorFileContent<M>> => failure(code, `${file} is not a valid phg tensor file: ${why}`, { location: { file } });
    if (bytes.length < 12 || Buffer.from(bytes.subarray(0, 8)).toString('ascii') !== magicText) return bad('wrong magic');
    const length = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(8, true);
    if (12 + length > bytes.length) return bad('truncated header');
    let header: { tensors: TensorEntry[]; meta: M };
    try {
        header = JSON.parse(Buffer.from(bytes.subarray(12, 12 + length)).toString('utf8')) as { tensors: TensorEntry[]; meta: M };
    } catch {
        return bad('unreadable header');
    }
    const start = Math.ceil((12 + length) / 8) * 8;
    const tensors = new Map<string, { format: NumericFormat; shape: readonly number[]; data: NumberPatternArray }>();
    for (const entry of header.tensors) {
        const format = parseFormat(entry.format);
        if (format === undefined) return bad(`unknown format ${entry.format}`);
        const count = entry.shape.reduce((a, b) => a * b, 1);
        if (count * format.bytes !== entry.bytes || start + entry.offset + entry.bytes > bytes.length) return bad(`tensor ${entry.name} is truncated`);
        const data = format.allocate(count) as NumberPatternArray;
        new Uint8Array(data.buffer, data.byteOffset, data.byteLength).set(bytes.subarray(start + entry.offset, start + entry.offset + entry.bytes));
        tensors.set(entry.name, { format, shape: entry.shape, data });
    }
    return success({ meta: header.meta, tensors });
}
