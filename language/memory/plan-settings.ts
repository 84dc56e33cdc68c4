// The plan's settings from a lowered training's engine settings: the same batch, optimizer state
// and tangent count `phg train` would use, so a plan and a run describe the same step.
import { stateTensorsPerParam } from '../../engine/optim/optimizer.js';
import type { TrainSettings } from '../../engine/train/settings.js';
import type { PlanSettings } from './plan-types.js';

/**
 * Plan settings for a training; the forward plan uses the block's K (1 when it trains with
 * backprop). With accumulate_steps or workers the plan replays what they run, with the block's
 * `accumulate` mode.
 */
export function planSettingsOf(settings: TrainSettings, accumulate: 'quire' | 'rounded' = 'quire'): PlanSettings {
    const steps = settings.accumulateSteps ?? 1;
    const workers = settings.workers ?? 1;
    return {
        batch: settings.batch,
        stateTensorsPerParam: stateTensorsPerParam(settings.optimizer),
        ...(settings.stateFormat !== undefined ? { stateFormat: settings.stateFormat } : {}),
        tangents: settings.gradient.mode === 'forward' ? settings.gradient.tangents : 1,
        ...(steps > 1 || workers > 1 ? { accumulation: { steps, workers, accumulate } } : {})
    };
}
