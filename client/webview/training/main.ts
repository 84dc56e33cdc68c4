// The training panel's webview. It renders whatever run the extension sends, saves it with
// setState so a hidden-then-shown panel comes back at once, and tells the extension what it put
// on screen.
import 'uplot/dist/uPlot.min.css';
import './training.css';
import type { FromTrainingWebview, ToTrainingWebview, TrainingPanelModel } from '../../panels/training-messages.js';
import { h, replaceChildren } from '../dom.js';
import { panelChannel } from '../vscode-api.js';
import { TrainingCurves } from './curves.js';
import { EpochTable } from './epoch-table.js';
import { renderMemory } from './memory-view.js';
import { RunHeader, renderSettings } from './run-summary.js';
import { SpikingView } from './spiking-view.js';

const channel = panelChannel<TrainingPanelModel, FromTrainingWebview>();
const root = document.getElementById('root') ?? document.body;

const header = new RunHeader(() => channel.post({ type: 'stop' }), () => channel.post({ type: 'showLog' }));
const curves = new TrainingCurves();
const memory = h('div', { id: 'memory' });
const epochs = new EpochTable();
const settings = h('div', { id: 'settings' });
const spiking = new SpikingView();
const body = h('div', { id: 'run-body' },
    h('section', { id: 'curves' }, curves.element),
    spiking.element,
    h('section', {}, h('h3', {}, 'Memory by lifetime class'), memory),
    h('section', {}, h('h3', {}, 'Epochs'), epochs.element),
    h('section', {}, settings));

function render(model: TrainingPanelModel): void {
    const run = model.run;
    if (run === undefined) {
        replaceChildren(root, h('p', { class: 'placeholder', id: 'final-metrics' }, 'No training run yet. Run “PHG: Train Model” on a .phg file.'));
        return;
    }
    if (!root.contains(header.element)) replaceChildren(root, header.element, body);
    // A run that failed before its first event has nothing to plot: header and settings only.
    const hasData = run.settings !== undefined || run.epochs.length > 0 || run.lossSamples.length > 0;
    body.classList.toggle('no-data', !hasData);
    header.update(run);
    curves.update(run);
    spiking.update(run);
    renderMemory(memory, run.memory, model.plan, run.settings?.spiking?.memoryPlan);
    const epochRows = epochs.update(`${run.request.file}@${run.startedAt}`, run.epochs);
    renderSettings(settings, run);
    channel.post({
        type: 'rendered',
        view: {
            runId: run.settings?.runId,
            phase: run.phase,
            epochRows,
            finalMetrics: document.getElementById('final-metrics')?.textContent ?? '',
            lossPoints: curves.lossPoints,
            accuracyPoints: curves.accuracyPoints,
            ...(run.settings?.spiking !== undefined ? { spikingRateBars: spiking.drawn.rateBars, spikingRasterSpikes: spiking.drawn.rasterSpikes } : {})
        }
    });
}

// Updates can arrive faster than a long run's page repaints: keep only the newest and render it
// on the next frame, so the panel never lags behind the run.
let latest: TrainingPanelModel | undefined;
window.addEventListener('message', (event: MessageEvent<ToTrainingWebview>) => {
    if (event.data.type !== 'show') return;
    channel.saveState(event.data.model);
    const scheduled = latest !== undefined;
    latest = event.data.model;
    if (!scheduled) {
        requestAnimationFrame(() => {
            const model = latest;
            latest = undefined;
            if (model !== undefined) render(model);
        });
    }
});

const saved = channel.savedState();
render(saved ?? { run: undefined, plan: { status: 'pending' } });
channel.post({ type: 'ready' });
