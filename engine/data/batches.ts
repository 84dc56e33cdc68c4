// Binding a model's inputs and targets to a data set's columns (by name), and gathering a batch of
// rows into tensors the executor owns. The current batch is an activation in both training and
// inference, so the measured ratio compares like with like.
import type { IrNode } from '../ir/types.js';
import type { TrackedAllocator } from '../memory/allocator.js';
import { allocateTensor, type Tensor } from '../tensor/tensor.js';
import type { Batch } from '../exec/executor.js';
import type { Program } from '../exec/program.js';
import { engineErrorCodes, failure, success, type Result } from '../errors.js';
import type { LoadedDataset } from './csv-dataset.js';

/** The model values a data set must provide: inputs, and targets when training. */
export function boundNodes(program: Program, training: boolean): IrNode[] {
    return program.graph.nodes.filter((node) => node.role === 'input' || (training && node.role === 'target'));
}

/** Whether the data set provides every target (inference then reports accuracy). */
export function hasTargets(program: Program, dataset: LoadedDataset): boolean {
    return program.graph.nodes.filter((node) => node.role === 'target').every((node) => dataset.columns.has(node.name));
}

/** Checks that every bound node has a column of the right kind, width and format. */
export function checkBinding(program: Program, dataset: LoadedDataset, training: boolean): Result<true> {
    for (const node of boundNodes(program, training)) {
        const column = dataset.columns.get(node.name);
        const where = `data set '${dataset.name}' (${dataset.file})`;
        if (column === undefined) return failure(engineErrorCodes.dataBinding, `${where} has no column '${node.name}', which model ${program.graph.model} reads`);
        const isClass = node.format.startsWith('class(');
        if (isClass !== (column.kind === 'class')) return failure(engineErrorCodes.dataBinding, `column '${node.name}' of ${where} is ${column.kind === 'class' ? 'a class label' : 'numeric'}, but the model uses it as ${isClass ? 'a class label' : 'numbers'}`);
        if (column.kind === 'values') {
            const width = node.shape.reduce((a, b) => a * b, 1);
            if (column.width !== width) return failure(engineErrorCodes.dataBinding, `column group '${node.name}' of ${where} has ${column.width} values per row, the model expects ${width}`);
            if (column.format.name !== program.formatOf(node)?.name) return failure(engineErrorCodes.dataBinding, `column group '${node.name}' was loaded as ${column.format.name}, the model reads ${node.format}`);
        } else if (`class(${column.classes})` !== node.format) {
            return failure(engineErrorCodes.dataBinding, `column '${node.name}' has ${column.classes} classes, the model expects ${node.format}`);
        }
    }
    return success(true);
}

/** Copies rows order[from … from+count) into a new batch (activations of `allocator`); targets when asked. */
export function gatherBatch(program: Program, allocator: TrackedAllocator, dataset: LoadedDataset, order: Uint32Array, from: number, count: number, withTargets: boolean): Batch {
    const values = new Map<string, Tensor>();
    const labels = new Map<string, Int32Array>();
    for (const node of boundNodes(program, withTargets)) {
        const column = dataset.columns.get(node.name)!;
        if (column.kind === 'class') {
            const batchLabels = allocator.int32(count, 'activation', `${node.name} (batch)`);
            for (let r = 0; r < count; r++) batchLabels[r] = column.labels[order[from + r]!]!;
            labels.set(node.name, batchLabels);
            continue;
        }
        const tensor = allocateTensor(allocator, column.format, [count, ...node.shape], 'activation', `${node.name} (batch)`);
        const width = column.width;
        for (let r = 0; r < count; r++) {
            const row = order[from + r]! * width;
            tensor.data.set(column.data.subarray(row, row + width), r * width);
        }
        values.set(node.name, tensor);
    }
    return { size: count, values, labels };
}
