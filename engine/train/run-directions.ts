// The forward-gradient directions of a run. Every thread that runs a shard of an update builds the
// same source from the run's settings, so the directions of step s are the same everywhere and are
// regenerated, never sent.
import { RademacherDirections } from '../autodiff/directions.js';
import type { TrainSettings } from './settings.js';

/** Rademacher directions from the run's seed, K per step. */
export function runDirections(settings: TrainSettings): RademacherDirections {
    return new RademacherDirections(settings.seed ^ 0x5eed, settings.gradient.tangents);
}
