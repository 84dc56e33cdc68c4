// A training checkpoint: parameters and optimizer state as raw patterns, the optimizer's step
// count, the position (epoch and step to continue from), the partial metrics of an interrupted
// epoch and the history of finished epochs. Stored in the engine's tensor file; the settings and
// the structure hash are stored too, so a resume against another model or other settings is
// refused instead of silently diverging.
import type { NumericFormat } from '../numeric/format.js';
import type { Tensor, NumberPatternArray } from '../tensor/tensor.js';
import type { Optimizer } from '../optim/optimizer.js';
import { decodeTensorFile, encodeTensorFile } from '../store/tensor-file.js';
import { engineErrorCodes, failure, success, type Result } from '../errors.js';
import type { MemoryReport } from './memory-report.js';
import type { TrainSettings } from './settings.js';

/** One finished epoch. */
export interface EpochRecord {
    readonly epoch: number;
    readonly epochs: number;
    readonly loss: number;
    /** On the validation set when there is one, else on the training batches. */
    readonly accuracy: number;
    readonly trainAccuracy: number;
    /** Mean squared error on the validation set when the loss is mse over an output (else NaN). */
    readonly validationLoss: number;
    /** Wall time of the epoch's training steps. */
    readonly ms: number;
    /** CPU time (user + system, this process) of the same steps: steadier than wall time on a shared machine. */
    readonly cpuMs: number;
    readonly memory: MemoryReport;
    /**
     * Data-parallel runs on Linux: CPU time of the main thread and of each worker during the steps,
     * and the critical path — what the epoch would take on an otherwise idle machine with one core
     * per thread (engine/parallel/critical-path.ts).
     */
    readonly threadCpu?: { readonly mainMs: number; readonly workersMs: readonly number[]; readonly criticalPathMs: number };
}

/** Where a run stands. */
export interface CheckpointState {
    readonly settings: TrainSettings;
    /** The next step to run: epoch (0-based) and step within it. */
    readonly position: { readonly epoch: number; readonly step: number };
    /** Metrics of the epoch in progress (zero at an epoch boundary). */
    readonly partial: { readonly lossSum: number; readonly correct: number; readonly seen: number; readonly ms: number; readonly cpuMs: number };
    readonly optimizerStep: number;
    readonly history: readonly EpochRecord[];
    readonly params: readonly Tensor[];
    readonly names: readonly string[];
    readonly state: readonly (readonly Tensor[])[];
}

/** A decoded checkpoint. */
export interface LoadedCheckpoint extends Omit<CheckpointState, 'params' | 'state'> {
    readonly structureHash: string;
    readonly tensors: ReadonlyMap<string, { readonly format: NumericFormat; readonly shape: readonly number[]; readonly data: NumberPatternArray }>;
}

interface CheckpointMeta {
    readonly structureHash: string;
    readonly settings: TrainSettings;
    readonly position: CheckpointState['position'];
    readonly partial: CheckpointState['partial'];
    readonly optimizerStep: number;
    readonly history: readonly EpochRecord[];
    readonly names: readonly string[];
}

/** Serialises a checkpoint. */
export function encodeCheckpoint(state: CheckpointState, structureHash: string): Uint8Array {
    const tensors = [
        ...state.params.map((t, i) => ({ name: state.names[i]!, format: t.format, shape: t.shape, data: t.data })),
        ...state.state.flatMap((list, i) => list.map((t, j) => ({ name: `${state.names[i]!}#state${j}`, format: t.format, shape: t.shape, data: t.data })))
    ];
    const meta: CheckpointMeta = { structureHash, settings: state.settings, position: state.position, partial: state.partial, optimizerStep: state.optimizerStep, history: state.history, names: state.names };
    return encodeTensorFile(tensors, meta);
}

/** Parses a checkpoint file. */
export function decodeCheckpoint(bytes: Uint8Array, file: string): Result<LoadedCheckpoint> {
    const decoded = decodeTensorFile<CheckpointMeta>(bytes, file);
    if (!decoded.ok) return decoded;
    const meta = decoded.value.meta;
    return success({ ...meta, tensors: decoded.value.tensors });
}

/** Copies a loaded checkpoint into live parameters and optimizer state. */
export function restoreCheckpoint(checkpoint: CheckpointState | LoadedCheckpoint, params: readonly Tensor[], optimizer: Optimizer, names: readonly string[]): Result<true> {
    const source = 'tensors' in checkpoint ? checkpoint.tensors : undefined;
    const copy = (name: string, into: Tensor, from?: { format: NumericFormat; data: NumberPatternArray }): Result<true> => {
        if (from === undefined || from.format.name !== into.format.name || from.data.length !== into.size) return failure(engineErrorCodes.resumeMismatch, `the checkpoint's ${name} does not fit the model (${into.format.name} × ${into.size})`);
        into.data.set(from.data as never);
        return success(true);
    };
    for (let i = 0; i < params.length; i++) {
        const result = copy(names[i]!, params[i]!, source !== undefined ? source.get(names[i]!) : (checkpoint as CheckpointState).params[i]);
        if (!result.ok) return result;
        for (let j = 0; j < optimizer.state[i]!.length; j++) {
            const stateName = `${names[i]!}#state${j}`;
            const from = source !== undefined ? source.get(stateName) : (checkpoint as CheckpointState).state[i]?.[j];
            const stateResult = copy(stateName, optimizer.state[i]![j]!, from);
            if (!stateResult.ok) return stateResult;
        }
    }
    optimizer.step = checkpoint.optimizerStep;
    return success(true);
}
