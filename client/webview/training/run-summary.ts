// The top of the training panel: which model, where the run is, the final metrics (or the
// failure), a Stop button while it runs; and the settings the run really uses.
import '@vscode-elements/elements/dist/vscode-badge/index.js';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-collapsible/index.js';
import type { TrainingRunState } from '../../training/run-state.js';
import { calibrationRows, distillRows } from './distill-rows.js';
import { formatDuration } from '../../training/format.js';
import { longQuality, qualityOf } from '../../training/run-quality.js';
import { finalQuality } from '../../training/run-state.js';
import { h, replaceChildren } from '../dom.js';

const PHASE_LABELS: Record<TrainingRunState['phase'], string> = {
    starting: 'starting', running: 'training', finished: 'finished', stopped: 'stopped', failed: 'failed'
};

/** The one-line outcome: final metrics, progress, or the failure. */
export function outcomeText(run: TrainingRunState): string {
    const done = run.done;
    switch (run.phase) {
        case 'finished':
            if (done === undefined) return 'Finished.';
            return [`Final ${longQuality(finalQuality(run)) ?? 'model'}`, `${done.epochs} epochs`, formatDuration(done.ms), `saved as ${done.version}`].join(' · ');
        case 'stopped': {
            const last = run.epochs.at(-1);
            return last === undefined ? 'Stopped before the first epoch ended.' : [`Stopped after epoch ${last.epoch}`, longQuality(qualityOf(last)), 'checkpoint kept'].filter((p) => p !== undefined).join(' · ');
        }
        case 'failed':
            return `${run.failure?.code ?? ''} ${run.failure?.message ?? 'failed'}`.trim();
        case 'starting':
            return 'Starting phg train…';
        case 'running': {
            const last = run.epochs.at(-1);
            const total = run.settings?.epochs;
            return last === undefined ? 'Training the first epoch…' : [`Epoch ${last.epoch}${total === undefined ? '' : ` of ${total}`}`, longQuality(qualityOf(last))].filter((p) => p !== undefined).join(' · ');
        }
    }
}

/**
 * The header of the panel. Its elements are created once and updated in place: a run re-renders
 * several times a second, and a button replaced under the pointer would swallow the click.
 */
export class RunHeader {
    readonly element = h('header', { id: 'run-header' });
    private readonly title = h('h2', {});
    private readonly phase = h('vscode-badge', { id: 'phase' });
    private readonly stop = h('vscode-button', { id: 'stop', secondary: '' }, 'Stop');
    private readonly outcome = h('p', { id: 'final-metrics' });

    constructor(onStop: () => void, onShowLog: () => void) {
        const log = h('vscode-button', { id: 'show-log', secondary: '' }, 'Show Log');
        this.stop.addEventListener('click', onStop);
        log.addEventListener('click', onShowLog);
        this.element.append(h('div', { class: 'title-row' }, this.title, this.phase, h('div', { class: 'actions' }, this.stop, log)), this.outcome);
    }

    update(run: TrainingRunState): void {
        const model = run.settings?.model ?? run.request.model ?? '';
        if (model === '') replaceChildren(this.title, run.request.file);
        else replaceChildren(this.title, model, h('span', { class: 'file' }, ` · ${run.request.file}`));
        const active = run.phase === 'starting' || run.phase === 'running';
        this.phase.className = `phase ${run.phase}`;
        this.phase.textContent = run.stopRequested && active ? 'stopping' : PHASE_LABELS[run.phase];
        this.stop.hidden = !active || run.stopRequested;
        this.outcome.className = `outcome ${run.phase}`;
        this.outcome.textContent = outcomeText(run);
    }
}

function settingRows(run: TrainingRunState): [string, string][] {
    const s = run.settings;
    const rows: [string, string][] = [['file', run.request.file]];
    if (s !== undefined) {
        rows.push(
            ['model', s.model],
            ['format', s.format],
            ['accumulate', s.accumulate],
            ...(s.spiking !== undefined
                ? [['learning', 'STDP (pair-based, local: no gradient, no tape)'], ['clock', `dt ${s.spiking.dt * 1000} ms · ${s.spiking.window * 1000} ms per sample · input up to ${s.spiking.maxRate} Hz`]] as [string, string][]
                : [['gradient', s.gradient.mode === 'forward' ? `forward (${s.gradient.tangents} tangent${s.gradient.tangents === 1 ? '' : 's'})` : 'backprop'], ['optimizer', s.optimizer]] as [string, string][]),
            ['epochs', s.firstEpoch > 1 ? `${s.firstEpoch}–${s.epochs} (resumed)` : String(s.epochs)],
            ['batch', s.spiking !== undefined ? `one sample at a time (${s.stepsPerEpoch} per epoch)` : `${s.batch} (${s.stepsPerEpoch} steps per epoch)`],
            ['seed', String(s.seed)],
            ['samples', `${s.trainSamples} training · ${s.validateSamples} validation`],
            ['structure hash', s.structureHash],
            ['run', `.phg/runs/${s.runId}`]
        );
    }
    if (s?.distill !== undefined) rows.push(...distillRows(s.distill));
    if (run.request.overrides.length > 0) rows.push(['overrides', run.request.overrides.join(' ')]);
    rows.push(...calibrationRows(run.done));
    if (run.done !== undefined && run.done.version !== '') rows.push(['version', run.done.version], ['weights', run.done.weightsDigest]);
    return rows;
}

/** Renders the run's settings as a collapsible definition list. */
export function renderSettings(container: HTMLElement, run: TrainingRunState): void {
    const list = h('dl', { class: 'settings' }, ...settingRows(run).flatMap(([name, value]) => [h('dt', {}, name), h('dd', {}, value)]));
    replaceChildren(container, h('vscode-collapsible', { title: 'Run settings', open: '' }, list));
}
