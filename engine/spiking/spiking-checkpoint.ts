// A spiking run's checkpoint, in the engine's tensor file: each layer's weights and threshold
// shifts as raw patterns, the training generator's state, the position (epoch and sample) and the
// finished epochs. Checkpoints are taken between samples, where membranes, currents and traces are
// at rest by construction (every presentation starts from rest), so the saved state is complete and
// a resumed run continues bit for bit: the sample order of epoch e is a pure function of (seed, e).
import { decodeTensorFile, encodeTensorFile } from '../store/tensor-file.js';
import type { XoshiroState } from '../random/xoshiro.js';
import { engineErrorCodes, failure, success, type Result } from '../errors.js';
import type { SpikingNetwork, SimulationCounters } from './spiking-network.js';
import type { SpikingEpochRecord } from './spiking-epoch.js';

/** Measures of the learning presentations of an epoch, so far. */
export interface EpochProgress {
    readonly ms: number;
    readonly cpuMs: number;
    readonly presentations: number;
    readonly steps: number;
    readonly synapticEvents: number;
    readonly quireFallbacks: number;
}

/** Where a spiking run stands. */
export interface SpikingCheckpointState {
    /** Distinguishes a spiking checkpoint from a gradient-training one. */
    readonly kind: 'spiking';
    /** The next sample to present: epoch (0-based) and position in that epoch's order. */
    readonly position: { readonly epoch: number; readonly sample: number };
    /** The training generator (Poisson draws) at that position. */
    readonly random: XoshiroState;
    readonly counters: SimulationCounters;
    /** What the epoch in progress has measured so far. */
    readonly partial: EpochProgress;
    readonly history: readonly SpikingEpochRecord[];
    /** Format, accumulation, dt and seed the run was started with: a resume must match them. */
    readonly fingerprint: string;
}

/** Serialises the network's learnt state and the run's position. */
export function encodeSpikingCheckpoint(network: SpikingNetwork, state: SpikingCheckpointState, structureHash: string): Uint8Array {
    const tensors = network.layers.flatMap((layer) => layer.stateTensors().map(({ name, tensor }) => ({ name, format: tensor.format, shape: tensor.shape, data: tensor.data })));
    return encodeTensorFile(tensors, { ...state, structureHash });
}

/** A decoded checkpoint: its state and its tensors, to restore with `restoreSpikingCheckpoint`. */
export interface LoadedSpikingCheckpoint {
    readonly state: SpikingCheckpointState;
    readonly structureHash: string;
    readonly bytes: Uint8Array;
    readonly file: string;
}

/** Parses a checkpoint file; a gradient-training checkpoint is refused with its reason. */
export function decodeSpikingCheckpoint(bytes: Uint8Array, file: string): Result<LoadedSpikingCheckpoint> {
    const decoded = decodeTensorFile<SpikingCheckpointState & { structureHash: string }>(bytes, file);
    if (!decoded.ok) return decoded;
    const meta = decoded.value.meta;
    if (meta.kind !== 'spiking') return failure(engineErrorCodes.resumeMismatch, `${file} is the checkpoint of a gradient-trained model, not of a spiking one`);
    const { structureHash, ...state } = meta;
    return success({ state, structureHash, bytes, file });
}

/** Copies a checkpoint's weights and thresholds into a network built from the same spec and settings. */
export function restoreSpikingCheckpoint(network: SpikingNetwork, checkpoint: LoadedSpikingCheckpoint, fingerprint: string): Result<true> {
    if (checkpoint.state.fingerprint !== fingerprint) return failure(engineErrorCodes.resumeMismatch, `the checkpoint was taken with other settings (${checkpoint.state.fingerprint}; now ${fingerprint}); start a new run`);
    const decoded = decodeTensorFile(checkpoint.bytes, checkpoint.file);
    if (!decoded.ok) return decoded;
    for (const layer of network.layers) {
        for (const { name, tensor } of layer.stateTensors()) {
            const stored = decoded.value.tensors.get(name);
            if (stored === undefined || stored.format.name !== tensor.format.name || stored.data.length !== tensor.size) {
                return failure(engineErrorCodes.resumeMismatch, `the checkpoint's ${name} does not fit the model (${tensor.format.name} × ${tensor.size})`);
            }
            tensor.data.set(stored.data as never);
        }
    }
    return success(true);
}
