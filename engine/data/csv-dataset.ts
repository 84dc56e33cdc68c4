// Loading a `data … = csv("…") { … }` source: comma-separated numbers, one sample per line, no
// header. Columns are stored straight into the format of the model value they feed (class labels as
// 32-bit integers) in the `data` lifetime class; unused columns are not kept. Every problem a user
// can cause is an error value with the file, the 1-based line and column, and a code.
import { readFileSync } from 'node:fs';
import type { NumericFormat } from '../numeric/format.js';
import type { TrackedAllocator } from '../memory/allocator.js';
import type { NumberPatternArray } from '../tensor/tensor.js';
import { engineErrorCodes, failure, success, type Result } from '../errors.js';

/** One column group of a data block. */
export type DataColumnSpec =
    | { readonly name: string; readonly kind: 'values'; readonly first: number; readonly count: number; readonly range?: readonly [number, number] }
    | { readonly name: string; readonly kind: 'class'; readonly column: number; readonly classes: number };

/** A csv source and its columns. */
export interface DataSpec {
    readonly name: string;
    /** Path of the csv file (resolved by the caller). */
    readonly file: string;
    readonly columns: readonly DataColumnSpec[];
}

/** A loaded column: values in a format, or class labels. */
export type LoadedColumn =
    | { readonly kind: 'values'; readonly width: number; readonly format: NumericFormat; readonly data: NumberPatternArray }
    | { readonly kind: 'class'; readonly classes: number; readonly labels: Int32Array };

/** A loaded data set (its buffers are tracked in the `data` class). */
export interface LoadedDataset {
    readonly name: string;
    readonly file: string;
    readonly rows: number;
    readonly columns: ReadonlyMap<string, LoadedColumn>;
}

/** Reads and parses a csv data source; `formatOf(column)` says which format stores it (undefined: skip). */
export function loadCsvDataset(spec: DataSpec, formatOf: (column: string) => NumericFormat | undefined, allocator: TrackedAllocator): Result<LoadedDataset> {
    let text: string;
    try {
        text = readFileSync(spec.file, 'utf8');
    } catch (error) {
        const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'does not exist' : `cannot be read (${(error as Error).message})`;
        return failure(engineErrorCodes.dataFileMissing, `data file ${spec.file} of '${spec.name}' ${reason}`, { location: { file: spec.file } });
    }
    return parseCsvDataset(text, spec, formatOf, allocator);
}

/** Parses csv text as `spec` describes. */
export function parseCsvDataset(text: string, spec: DataSpec, formatOf: (column: string) => NumericFormat | undefined, allocator: TrackedAllocator): Result<LoadedDataset> {
    const lines = text.split('\n');
    const rows: { line: number; text: string }[] = [];
    lines.forEach((raw, i) => {
        const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
        if (line.trim() !== '') rows.push({ line: i + 1, text: line });
    });
    if (rows.length === 0) return failure(engineErrorCodes.dataEmpty, `data file ${spec.file} of '${spec.name}' has no rows`, { location: { file: spec.file } });
    const needed = Math.max(...spec.columns.map((c) => (c.kind === 'values' ? c.first + c.count : c.column + 1)));
    const width = rows[0]!.text.split(',').length;
    if (width < needed) {
        return failure(engineErrorCodes.dataColumnCount, `${spec.file}:${rows[0]!.line}: the row has ${width} columns but '${spec.name}' reads column ${needed - 1} (columns count from 0)`, { location: { file: spec.file, line: rows[0]!.line, column: 1 } });
    }
    const used = spec.columns.filter((c) => c.kind === 'class' || formatOf(c.name) !== undefined);
    const values = new Map<string, Float64Array>();
    const labels = new Map<string, Int32Array>();
    for (const column of used) {
        // Parsed values are staged in float64 (tracked as `data`) and encoded once at the end.
        if (column.kind === 'values') values.set(column.name, allocator.float64(column.count * rows.length, 'data', `${spec.name}.${column.name} (parsing)`));
        else labels.set(column.name, allocator.int32(rows.length, 'data', `${spec.name}.${column.name}`));
    }
    const release = (): void => {
        for (const array of labels.values()) allocator.free(array);
        for (const array of values.values()) if (allocator.isLive(array)) allocator.free(array);
    };
    const cells = new Float64Array(width);
    for (let r = 0; r < rows.length; r++) {
        const { line, text: rowText } = rows[r]!;
        const parts = rowText.split(',');
        if (parts.length !== width) {
            release();
            return failure(engineErrorCodes.dataColumnCount, `${spec.file}:${line}: expected ${width} columns like the first row, found ${parts.length}`, { location: { file: spec.file, line, column: 1 } });
        }
        let offset = 0;
        for (let c = 0; c < width; c++) {
            const cell = parts[c]!;
            const value = cell.trim() === '' ? NaN : Number(cell);
            if (!Number.isFinite(value)) {
                release();
                return failure(engineErrorCodes.dataNotNumeric, `${spec.file}:${line}:${offset + 1}: '${cell.trim()}' is not a number (column ${c})`, { location: { file: spec.file, line, column: offset + 1 } });
            }
            cells[c] = value;
            offset += cell.length + 1;
        }
        for (const column of used) {
            if (column.kind === 'class') {
                const label = cells[column.column]!;
                if (!Number.isInteger(label) || label < 0 || label >= column.classes) {
                    release();
                    return failure(engineErrorCodes.dataBadLabel, `${spec.file}:${line}:${columnOffset(parts, column.column) + 1}: class label ${label} is not an integer in 0..${column.classes - 1}`, { location: { file: spec.file, line, column: columnOffset(parts, column.column) + 1 } });
                }
                labels.get(column.name)![r] = label;
                continue;
            }
            const target = values.get(column.name)!;
            for (let j = 0; j < column.count; j++) {
                const value = cells[column.first + j]!;
                if (column.range !== undefined && (value < column.range[0] || value > column.range[1])) {
                    release();
                    const at = columnOffset(parts, column.first + j) + 1;
                    return failure(engineErrorCodes.dataOutOfRange, `${spec.file}:${line}:${at}: ${value} is outside the declared range [${column.range[0]}, ${column.range[1]}] of '${column.name}'`, { location: { file: spec.file, line, column: at } });
                }
                target[r * column.count + j] = value;
            }
        }
    }
    const columns = new Map<string, LoadedColumn>();
    for (const column of used) {
        if (column.kind === 'class') {
            columns.set(column.name, { kind: 'class', classes: column.classes, labels: labels.get(column.name)! });
            continue;
        }
        const format = formatOf(column.name)!;
        const data = allocator.patterns(format, column.count * rows.length, 'data', `${spec.name}.${column.name}`) as NumberPatternArray;
        format.encodeArray(values.get(column.name)!, data, data.length);
        allocator.free(values.get(column.name)!);
        columns.set(column.name, { kind: 'values', width: column.count, format, data });
    }
    return success({ name: spec.name, file: spec.file, rows: rows.length, columns });
}

/** Releases a data set's buffers. */
export function releaseDataset(dataset: LoadedDataset, allocator: TrackedAllocator): void {
    for (const column of dataset.columns.values()) allocator.free(column.kind === 'class' ? column.labels : column.data);
}

function columnOffset(parts: readonly string[], column: number): number {
    let offset = 0;
    for (let c = 0; c < column; c++) offset += parts[c]!.length + 1;
    return offset;
}
