// The status bar's words for a run: short enough for the bar, complete in the tooltip.
import { formatLoss } from './format.js';
import { qualityOf, shortQuality } from './run-quality.js';
import { finalQuality, lastEpoch, type TrainingRunState } from './run-state.js';

/** Text and tooltip of the status bar item; `$(…)` are codicons. */
export interface StatusText {
    readonly text: string;
    readonly tooltip: string;
}

/** "1 epoch", "5 epochs". */
function plural(count: number, noun: string): string {
    return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

function modelName(state: TrainingRunState): string {
    return state.settings?.model ?? state.request.model ?? state.request.file;
}

/** Describes a run for the status bar. */
export function describeRunForStatusBar(state: TrainingRunState): StatusText {
    const model = modelName(state);
    const epoch = lastEpoch(state);
    const total = state.settings?.epochs;
    const quality = epoch === undefined ? undefined : shortQuality(qualityOf(epoch));
    const metrics = epoch === undefined ? [] : [`loss ${formatLoss(epoch.loss)}`, ...(quality === undefined ? [] : [quality])];
    switch (state.phase) {
        case 'starting':
            return { text: `$(loading~spin) PHG ${model}: starting`, tooltip: `Starting phg train on ${state.request.file}` };
        case 'running': {
            const progress = epoch === undefined ? 'epoch 0' : `epoch ${epoch.epoch}${total === undefined ? '' : `/${total}`}`;
            const icon = state.stopRequested ? '$(debug-stop)' : '$(sync~spin)';
            return {
                text: [`${icon} PHG ${model}`, progress, ...metrics].join(' · '),
                tooltip: `Training ${model} (${state.request.file}). Click to open the training panel.`
            };
        }
        case 'finished': {
            const final = shortQuality(finalQuality(state));
            const accuracy = final === undefined ? '' : ` · ${final}`;
            return {
                text: `$(check) PHG ${model} · ${plural(state.done?.epochs ?? epoch?.epoch ?? 0, 'epoch')}${accuracy}`,
                tooltip: `Trained ${model}${state.done ? `: version ${state.done.version}` : ''}. Click to open the training panel.`
            };
        }
        case 'stopped':
            return {
                text: [`$(debug-pause) PHG ${model} stopped`, epoch === undefined ? 'no epoch finished' : `epoch ${epoch.epoch}`, ...metrics].join(' · '),
                tooltip: `Training of ${model} was stopped; its last checkpoint is kept. Click to open the training panel.`
            };
        case 'failed':
            return {
                text: `$(error) PHG ${model} failed`,
                tooltip: `${state.failure?.code ?? ''} ${state.failure?.message ?? 'Training failed.'}`.trim()
            };
    }
}
