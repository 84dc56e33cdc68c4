// A spiking run is a pure function of its seed, and a run stopped between samples and resumed from
// its checkpoint file ends bit for bit where the uninterrupted run ends: weights, thresholds,
// accuracy and firing rates.
import { describe, expect, it } from 'vitest';
import { TrackedAllocator } from '../../../engine/memory/allocator.js';
import { runSpikingTraining, type SpikingOutcome } from '../../../engine/spiking/unsupervised-trainer.js';
import { decodeSpikingCheckpoint, encodeSpikingCheckpoint } from '../../../engine/spiking/spiking-checkpoint.js';
import type { SpikingNetwork } from '../../../engine/spiking/spiking-network.js';
import { build, digits, digitsEncoding, digitsSpec, learntBytes, settings } from './support/networks.js';

interface Run {
    readonly network: SpikingNetwork;
    readonly outcome: SpikingOutcome;
    readonly checkpoints: Uint8Array[];
}

/** Two epochs of 12 neurons on 40 digits, optionally stopped before sample `stopAt` of epoch 1. */
async function train(formatName: string, seed: number, options: { stopAt?: number; resumeFrom?: Uint8Array } = {}): Promise<Run> {
    const allocator = new TrackedAllocator();
    const network = build(digitsSpec(12), settings(formatName), allocator);
    const checkpoints: Uint8Array[] = [];
    let presented = 0;
    const resume = options.resumeFrom !== undefined ? decodeSpikingCheckpoint(options.resumeFrom, 'checkpoint.bin') : undefined;
    if (resume !== undefined && !resume.ok) throw new Error(resume.error.message);
    const outcome = await runSpikingTraining({
        network, encoding: digitsEncoding, train: digits('train-300', 40, allocator), validate: digits('test-100', 20, allocator), epochs: 2, seed, allocator,
        ...(resume?.ok === true ? { resume: resume.value } : {}),
        checkpointEvery: 10,
        stopRequested: () => (options.stopAt !== undefined && presented++ === options.stopAt ? 'SIGINT' : undefined),
        observer: { checkpoint: (state) => checkpoints.push(encodeSpikingCheckpoint(network, state, 'sha256:test')) }
    });
    return { network, outcome, checkpoints };
}

function summary(outcome: SpikingOutcome): unknown {
    if (outcome.kind !== 'done') throw new Error(`run ended ${outcome.kind}`);
    return outcome.history.map((r) => ({ accuracy: r.accuracy, firingRates: r.firingRates, assigned: r.assignedNeurons, simulated: r.simulatedSeconds, events: r.synapticEvents, presentations: r.presentations, raster: r.raster }));
}

describe('a spiking run', () => {
    it('is a pure function of its seed, and another seed gives another network', async () => {
        const first = await train('posit<16>', 7);
        const second = await train('posit<16>', 7);
        expect(learntBytes(second.network)).toEqual(learntBytes(first.network));
        expect(summary(second.outcome)).toEqual(summary(first.outcome));
        const other = await train('posit<16>', 8);
        expect(learntBytes(other.network)).not.toEqual(learntBytes(first.network));
    });

    for (const formatName of ['posit<16>', 'float32']) {
        it(`resumed from the checkpoint of a stopped run ends bit-identical to an uninterrupted run (${formatName})`, async () => {
            const whole = await train(formatName, 11);
            // Stop in the first epoch after 23 samples (SIGINT checkpoints the position).
            const stopped = await train(formatName, 11, { stopAt: 23 });
            expect(stopped.outcome.kind).toBe('interrupted');
            const last = stopped.checkpoints[stopped.checkpoints.length - 1]!;
            const decoded = decodeSpikingCheckpoint(last, 'checkpoint.bin');
            expect(decoded.ok && decoded.value.state.position).toEqual({ epoch: 0, sample: 23 });
            const resumed = await train(formatName, 11, { resumeFrom: last });
            expect(learntBytes(resumed.network)).toEqual(learntBytes(whole.network));
            expect(summary(resumed.outcome)).toEqual(summary(whole.outcome));
        });
    }

    it('refuses a checkpoint taken with other settings', async () => {
        const stopped = await train('posit<16>', 11, { stopAt: 5 });
        const allocator = new TrackedAllocator();
        const network = build(digitsSpec(12), settings('float32'), allocator);
        const decoded = decodeSpikingCheckpoint(stopped.checkpoints[stopped.checkpoints.length - 1]!, 'checkpoint.bin');
        if (!decoded.ok) throw new Error(decoded.error.message);
        const outcome = await runSpikingTraining({ network, encoding: digitsEncoding, train: digits('train-300', 40, allocator), epochs: 1, seed: 11, allocator, resume: decoded.value });
        expect(outcome.kind).toBe('failed');
        expect(outcome.kind === 'failed' && outcome.error.code).toBe('PHG7301');
        expect(outcome.kind === 'failed' && outcome.error.message).toContain('posit<16>');
    });
});
