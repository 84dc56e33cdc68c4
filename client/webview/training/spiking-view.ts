// The spiking section of the training panel, for runs of spiking models (their events carry
// `spiking` fields): the output layer's firing rates per neuron and a spike raster of one
// evaluation sample (input channels on top, each layer below), from the newest finished epoch.
// Drawn on canvases in the theme's colours; hidden for gradient-trained models.
import type { SpikingEpochInfo } from '../../../cli/train-events.js';
import type { TrainingRunState } from '../../training/run-state.js';
import { h, replaceChildren } from '../dom.js';
import { onThemeChange, themeColor } from '../theme.js';

const RATE_HEIGHT = 120;
const RASTER_HEIGHT = 260;

/** What the spiking section has drawn (for the extension's record and the tests). */
export interface RenderedSpiking {
    readonly rateBars: number;
    readonly rasterSpikes: number;
}

/** The spiking section. */
export class SpikingView {
    readonly element = h('section', { id: 'spiking', hidden: '' });
    private readonly summary = h('p', { class: 'spiking-summary', id: 'spiking-summary' });
    private readonly rates = h('canvas', { id: 'firing-rates', height: String(RATE_HEIGHT) });
    private readonly rasterTitle = h('p', { class: 'spiking-summary', id: 'raster-title' });
    private readonly raster = h('canvas', { id: 'spike-raster', height: String(RASTER_HEIGHT) });
    private shown: SpikingEpochInfo | undefined;
    drawn: RenderedSpiking = { rateBars: 0, rasterSpikes: 0 };

    constructor() {
        replaceChildren(this.element,
            h('h3', {}, 'Spiking activity'), this.summary,
            h('h3', {}, 'Firing rates of the output layer (Hz, per neuron, during evaluation)'), this.rates,
            h('h3', {}, 'Spike raster'), this.rasterTitle, this.raster);
        onThemeChange(() => this.draw());
        new ResizeObserver(() => this.draw()).observe(this.element);
    }

    update(run: TrainingRunState): void {
        const spiking = run.settings?.spiking;
        this.element.hidden = spiking === undefined;
        if (spiking === undefined) return;
        const last = [...run.epochs].reverse().find((e) => e.spiking !== undefined);
        this.shown = last?.spiking;
        const info = this.shown;
        if (info === undefined) {
            replaceChildren(this.summary, `${spiking.layers.map((l) => `${l.name}: ${l.size} LIF neurons${l.plastic ? ' with STDP' : ''}`).join(' · ')} · dt ${spiking.dt * 1000} ms · ${spiking.window * 1000} ms per sample. Rates and a raster appear after the first epoch.`);
        } else {
            const perClass = info.assignedNeurons.map((n, c) => `${c}: ${n}`).join(', ');
            replaceChildren(this.summary,
                `Epoch ${last?.epoch ?? '?'}: mean output rate ${info.meanFiringRate.toFixed(2)} Hz · ${info.silentNeurons} silent neurons · neurons per class ${perClass} · ` +
                `${info.simulatedSeconds.toFixed(0)} s simulated (${info.simulatedPerWallSecond.toFixed(1)} s per wall second) · ${info.synapticEventsPerSecond.toExponential(2)} synaptic events/s`);
            const r = info.raster;
            replaceChildren(this.rasterTitle, `Evaluation sample ${r.sample}: label ${r.label}, readout ${r.predicted < 0 ? 'none (no assigned neuron fired)' : r.predicted} · ${r.stepCount} steps of ${r.dt * 1000} ms · ${r.populations.map((p) => `${p.name}: ${p.steps.length} spikes`).join(' · ')}`);
        }
        this.draw();
    }

    private draw(): void {
        const info = this.shown;
        if (info === undefined || this.element.hidden) return;
        const foreground = themeColor('--vscode-foreground', '#cccccc');
        const grid = themeColor('--vscode-editorWidget-border', 'rgba(128,128,128,0.35)');
        const width = Math.max(200, this.element.clientWidth);
        // Rates: one bar per neuron, in neuron order.
        const rates = prepare(this.rates, width, RATE_HEIGHT);
        const maxRate = Math.max(1e-9, ...info.firingRates);
        const barWidth = width / Math.max(1, info.firingRates.length);
        rates.fillStyle = themeColor('--vscode-charts-blue', '#3794ff');
        info.firingRates.forEach((rate, i) => {
            const height = (rate / maxRate) * (RATE_HEIGHT - 14);
            rates.fillRect(i * barWidth, RATE_HEIGHT - height, Math.max(1, barWidth - 1), height);
        });
        rates.fillStyle = foreground;
        rates.fillText(`max ${maxRate.toFixed(2)} Hz`, 4, 10);
        // Raster: x = step, y = neuron; the input in the top half, the layers below (sharing the
        // lower half by size), so a small output layer stays as visible as the input.
        const raster = prepare(this.raster, width, RASTER_HEIGHT);
        const populations = info.raster.populations;
        const layerRows = populations.slice(1).reduce((sum, p) => sum + p.size, 0);
        const bandOf = (k: number, size: number): number => (populations.length === 1 ? RASTER_HEIGHT : k === 0 ? RASTER_HEIGHT / 2 : (RASTER_HEIGHT / 2) * (size / Math.max(1, layerRows)));
        const stepWidth = width / Math.max(1, info.raster.stepCount);
        const colours = [themeColor('--vscode-charts-orange', '#d18616'), themeColor('--vscode-charts-green', '#89d185'), themeColor('--vscode-charts-purple', '#b180d7')];
        let top = 0;
        let spikes = 0;
        populations.forEach((population, k) => {
            const band = bandOf(k, population.size);
            const rowHeight = band / Math.max(1, population.size);
            raster.fillStyle = colours[Math.min(k, colours.length - 1)]!;
            for (let s = 0; s < population.steps.length; s++) {
                raster.fillRect(population.steps[s]! * stepWidth, top + population.neurons[s]! * rowHeight, Math.max(1.5, stepWidth - 0.5), Math.max(1.5, rowHeight - 0.5));
            }
            spikes += population.steps.length;
            raster.fillStyle = foreground;
            raster.fillText(population.name, 4, top + 10);
            top += band;
            raster.fillStyle = grid;
            raster.fillRect(0, top, width, 1);
        });
        this.drawn = { rateBars: info.firingRates.length, rasterSpikes: spikes };
    }
}

function prepare(canvas: HTMLCanvasElement, width: number, height: number): CanvasRenderingContext2D {
    canvas.width = width;
    canvas.height = height;
    const context = canvas.getContext('2d')!;
    context.clearRect(0, 0, width, height);
    context.font = '10px sans-serif';
    return context;
}
