// Measures what the engine's tracked allocator reports for a train block, the way `phg run` and
// `phg train` do: inference over the block's validation (or training) data at its batch size, and
// a few training steps in a gradient mode (the peak is reached on the first full batch).
import { loadData, type LoadedTrainingModel } from '../../../../cli/train-model-loader.js';
import { TrackedAllocator } from '../../../../engine/memory/allocator.js';
import { releaseDataset } from '../../../../engine/data/csv-dataset.js';
import { runInference } from '../../../../engine/train/run-inference.js';
import { runTraining } from '../../../../engine/train/trainer.js';
import type { TrainSettings } from '../../../../engine/train/settings.js';
import type { MemoryReport } from '../../../../engine/train/memory-report.js';

/** Steps of training measured per mode: the first full batch reaches the peak, the rest confirm it. */
const measuredSteps = 3;

/** The measured inference memory of `phg run` on the block's default data. */
export function measureInference(model: LoadedTrainingModel): MemoryReport {
    const allocator = new TrackedAllocator();
    const data = loadData(model.program, model.lowered.validate ?? model.lowered.train, allocator, false);
    if (!data.ok) throw new Error(data.error.message);
    try {
        const result = runInference(model.program, data.value, model.lowered.settings.batch, { kind: 'init', seed: model.lowered.settings.seed }, allocator);
        if (!result.ok) throw new Error(result.error.message);
        return result.value.memory;
    } finally {
        releaseDataset(data.value, allocator);
    }
}

/** The measured peak of a few training steps in a gradient mode. */
export async function measureTraining(model: LoadedTrainingModel, gradient: TrainSettings['gradient']): Promise<MemoryReport> {
    const allocator = new TrackedAllocator();
    const train = loadData(model.program, model.lowered.train, allocator, true);
    if (!train.ok) throw new Error(train.error.message);
    let steps = 0;
    try {
        const outcome = await runTraining({
            program: model.program, allocator, train: train.value,
            settings: { ...model.lowered.settings, gradient, epochs: 1 },
            stepEventEvery: 1,
            observer: { step: () => { steps++; } },
            stopRequested: () => (steps >= measuredSteps ? 'SIGINT' : undefined)
        });
        if (outcome.kind === 'failed') throw new Error(outcome.error.message);
        outcome.executor.dispose();
        return outcome.memory;
    } finally {
        releaseDataset(train.value, allocator);
    }
}
