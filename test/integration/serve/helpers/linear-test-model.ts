// Test doubles for the inference service: a linear softmax classifier whose weights are a
// version's weights file read as float64 (64 inputs × 10 classes, matching the MLP fixture's
// interface), and wrappers that inject faults. The product serves real models through the
// engine; these exist to drive the state machine into its failure paths deterministically.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ModelInterface } from '../../../../engine/attest/model-structure.js';
import type { PredictionBatch, PredictionResult, ServableModel, VerifiedVersion, VersionLoader } from '../../../../engine/serve/servable-model.js';

export const inputs = 64;
export const classes = 10;

/** A 64×10 weight matrix as float64 bytes: `seed` picks the matrix, `noise` perturbs it slightly. */
export function linearWeights(seed: number, noise = 0, noiseSeed = 0): Buffer {
    const values = new Float64Array(inputs * classes);
    const base = random(seed);
    const jitter = random(noiseSeed + 1000);
    for (let index = 0; index < values.length; index++) values[index] = base() * 2 - 1 + noise * (jitter() * 2 - 1);
    return Buffer.from(values.buffer);
}

/** A served linear model: y = softmax(x · W). */
export class LinearTestModel implements ServableModel {
    disposed = false;
    predictions = 0;

    readonly interface: ModelInterface;

    constructor(readonly version: number, modelInterface: ModelInterface, private readonly weights: Float64Array) {
        this.interface = modelInterface;
    }

    predict(batch: PredictionBatch): PredictionResult {
        this.predictions++;
        const x = batch.inputs.get(this.interface.inputs[0]?.name ?? 'x');
        if (!x) return { ok: false, message: 'missing input' };
        const y = new Float64Array(batch.size * classes);
        for (let row = 0; row < batch.size; row++) {
            let max = -Infinity;
            for (let k = 0; k < classes; k++) {
                let sum = 0;
                for (let i = 0; i < inputs; i++) sum += (x[row * inputs + i] as number) * (this.weights[i * classes + k] as number);
                y[row * classes + k] = sum;
                max = Math.max(max, sum);
            }
            let total = 0;
            for (let k = 0; k < classes; k++) total += (y[row * classes + k] = Math.exp((y[row * classes + k] as number) - max));
            for (let k = 0; k < classes; k++) y[row * classes + k] = (y[row * classes + k] as number) / total;
        }
        return { ok: true, outputs: new Map([[this.interface.outputs[0]?.name ?? 'y', y]]) };
    }

    dispose(): void {
        this.disposed = true;
    }
}

/** Faults a loaded version can be given, by version number. */
export interface InjectedFault {
    /** Fail every prediction after this many rows were answered successfully. */
    readonly failAfter?: number;
    /** Delay every prediction by this many ms (to keep requests in flight across a switch). */
    readonly delayMs?: number;
}

/** Loads versions as linear test models, with optional faults per version. */
export class LinearTestLoader implements VersionLoader {
    readonly loaded: LinearTestModel[] = [];

    constructor(private readonly faults: ReadonlyMap<number, InjectedFault> = new Map()) {}

    async load(version: VerifiedVersion): ReturnType<VersionLoader['load']> {
        const bytes = readFileSync(join(version.directory, version.record.weights.file));
        if (bytes.length !== inputs * classes * 8) return { ok: false, message: `expected ${inputs * classes * 8} weight bytes, found ${bytes.length}` };
        const weights = new Float64Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
        const modelInterface = version.certificate?.interface ?? version.record.interface;
        if (!modelInterface) return { ok: false, message: 'no interface' };
        const model = new LinearTestModel(version.version, modelInterface, weights);
        this.loaded.push(model);
        const fault = this.faults.get(version.version);
        return { ok: true, model: fault ? withFault(model, fault) : model };
    }
}

function withFault(model: LinearTestModel, fault: InjectedFault): ServableModel {
    let answered = 0;
    return {
        version: model.version,
        interface: model.interface,
        dispose: () => model.dispose(),
        async predict(batch) {
            if (fault.delayMs) await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
            if (fault.failAfter !== undefined && answered >= fault.failAfter) return { ok: false, message: `injected failure in version ${model.version}` };
            answered += batch.size;
            return model.predict(batch);
        }
    };
}

/** A deterministic input row of 64 values in [0, 16]. */
export function inputRow(index: number): number[] {
    const next = random(index + 77);
    return Array.from({ length: inputs }, () => Math.floor(next() * 17));
}

function random(seed: number): () => number {
    let state = (seed * 2654435761) >>> 0 || 1;
    return () => {
        state ^= state << 13;
        state ^= state >>> 17;
        state ^= state << 5;
        return (state >>> 0) / 4294967296;
    };
}
