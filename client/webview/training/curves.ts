// Live loss and accuracy curves (uPlot, bundled). Loss: every sampled step and each epoch's mean,
// on an epoch axis; accuracy: validation and training accuracy per epoch, in percent.
import uPlot from 'uplot';
import type { TrainingRunState } from '../../training/run-state.js';
import { accuracyColumns, lossColumns, type ChartData } from './chart-columns.js';
import { withPriorTerm, withTeacherAccuracy } from './distill-columns.js';
import { h } from '../dom.js';
import { onThemeChange, themeColor } from '../theme.js';

const CHART_HEIGHT = 220;

interface ChartSpec {
    readonly title: string;
    readonly yLabel: string;
    readonly series: readonly {
        readonly label: string; readonly colorVariable: string; readonly fallback: string; readonly width: number; readonly points: boolean; readonly dash?: readonly number[];
        /** Drawn against its own axis on the right (a term orders of magnitude smaller than the loss). */
        readonly ownAxis?: boolean;
    }[];
    readonly columns: (run: TrainingRunState) => ChartData;
}

const specs: readonly ChartSpec[] = [
    {
        title: 'Loss', yLabel: 'loss', columns: (run) => withPriorTerm(lossColumns(run), run),
        series: [
            { label: 'step loss', colorVariable: '--vscode-charts-blue', fallback: '#3794ff', width: 1, points: false },
            { label: 'epoch mean', colorVariable: '--vscode-charts-orange', fallback: '#d18616', width: 2, points: true },
            { label: 'validation', colorVariable: '--vscode-charts-green', fallback: '#89d185', width: 2, points: true },
            // phg distill: how hard the teacher's prior pulls (hidden for other runs: no points). It is
            // often ~100× smaller than the loss, so it gets its own axis rather than a flat line at 0.
            { label: 'prior term', colorVariable: '--vscode-charts-red', fallback: '#f14c4c', width: 1, points: true, dash: [4, 3], ownAxis: true }
        ]
    },
    {
        title: 'Accuracy', yLabel: '%', columns: (run) => withTeacherAccuracy(accuracyColumns(run), run),
        series: [
            { label: 'validation', colorVariable: '--vscode-charts-green', fallback: '#89d185', width: 2, points: true },
            { label: 'training', colorVariable: '--vscode-charts-purple', fallback: '#b180d7', width: 1, points: true },
            // phg distill: the teacher's accuracy on the same data, the line the student is read against.
            { label: 'teacher', colorVariable: '--vscode-charts-yellow', fallback: '#cca700', width: 2, points: false, dash: [6, 4] }
        ]
    }
];

/** One uPlot chart that follows its container's width and the theme. */
class Curve {
    private plot: uPlot | undefined;
    private data: ChartData = [[]];
    /** The run's last epoch: the x axis spans the whole run from the start, so curves grow into it. */
    private lastEpoch = 1;
    readonly element: HTMLElement;
    private readonly canvasHolder: HTMLElement;
    /** Whether the plot was built with the right-hand axis (only while an own-axis series has points). */
    private secondaryAxis = false;

    constructor(private readonly spec: ChartSpec) {
        this.canvasHolder = h('div', { class: 'chart-canvas' });
        this.element = h('section', { class: 'chart', 'data-chart': spec.title.toLowerCase() }, h('h3', {}, spec.title), this.canvasHolder);
        new ResizeObserver(() => this.plot?.setSize({ width: this.width(), height: CHART_HEIGHT })).observe(this.canvasHolder);
    }

    /** Data points currently plotted (x values). */
    get pointCount(): number {
        return this.data[0].length;
    }

    private width(): number {
        return Math.max(200, this.canvasHolder.clientWidth);
    }

    private options(): uPlot.Options {
        const foreground = themeColor('--vscode-foreground', '#cccccc');
        const grid = themeColor('--vscode-editorWidget-border', 'rgba(128,128,128,0.35)');
        const axis: uPlot.Axis = { stroke: foreground, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 } };
        const secondary = this.spec.series.find((s) => s.ownAxis === true);
        return {
            width: this.width(),
            height: CHART_HEIGHT,
            legend: { show: true, live: false },
            cursor: { drag: { x: false, y: false } },
            scales: { x: { time: false, range: (_plot, _min, max) => [0, Math.max(this.lastEpoch, max ?? 0)] }, ...(this.secondaryAxis ? { secondary: { auto: true } } : {}) },
            axes: [
                { ...axis, label: 'epoch' }, { ...axis, label: this.spec.yLabel },
                ...(this.secondaryAxis && secondary !== undefined ? [{ ...axis, scale: 'secondary', side: 1, label: secondary.label, grid: { show: false } }] : [])
            ],
            series: [
                { label: 'epoch' },
                ...this.spec.series.map((s) => ({
                    ...(s.ownAxis === true && this.secondaryAxis ? { scale: 'secondary' } : {}),
                    label: s.label,
                    stroke: themeColor(s.colorVariable, s.fallback),
                    width: s.width,
                    spanGaps: true,
                    points: { show: s.points, size: 5 },
                    ...(s.dash !== undefined ? { dash: [...s.dash] } : {})
                }))
            ]
        };
    }

    update(run: TrainingRunState): void {
        this.lastEpoch = run.settings?.epochs ?? 1;
        this.data = this.spec.columns(run);
        const secondary = this.spec.series.some((s, i) => s.ownAxis === true && (this.data[i + 1] ?? []).some((v) => v !== null));
        if (this.plot !== undefined && secondary !== this.secondaryAxis) {
            this.plot.destroy();
            this.plot = undefined;
        }
        this.secondaryAxis = secondary;
        if (this.plot === undefined) this.plot = new uPlot(this.options(), this.data, this.canvasHolder);
        else this.plot.setData(this.data);
        this.hideEmptySeries();
    }

    /** A series with no point at all (validation loss of a classifier) stays out of sight. */
    private hideEmptySeries(): void {
        const plot = this.plot;
        if (plot === undefined) return;
        this.data.slice(1).forEach((column, i) => {
            const show = column.some((v) => v !== null);
            if (plot.series[i + 1]?.show !== show) plot.setSeries(i + 1, { show });
        });
    }

    /** Rebuilds with the current theme's colours. */
    restyle(): void {
        this.plot?.destroy();
        this.plot = new uPlot(this.options(), this.data, this.canvasHolder);
        this.hideEmptySeries();
    }
}

/** The two curves of the training panel. */
export class TrainingCurves {
    private readonly loss = new Curve(specs[0]!);
    private readonly accuracy = new Curve(specs[1]!);
    readonly element = h('div', { class: 'charts' }, this.loss.element, this.accuracy.element);

    constructor() {
        onThemeChange(() => { this.loss.restyle(); this.accuracy.restyle(); });
    }

    update(run: TrainingRunState): void {
        this.loss.update(run);
        this.accuracy.update(run);
        // A regression has no accuracy to plot (its validation loss is on the loss chart).
        const regression = run.epochs.length > 0 && run.epochs.every((e) => e.accuracy === undefined);
        this.accuracy.element.hidden = regression;
        // A spiking model learns by STDP: it has no loss to plot.
        this.loss.element.hidden = run.settings?.spiking !== undefined;
    }

    get lossPoints(): number {
        return this.loss.pointCount;
    }

    get accuracyPoints(): number {
        return this.accuracy.pointCount;
    }
}
