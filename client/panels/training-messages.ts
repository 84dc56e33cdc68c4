// The messages between the training panel (extension side) and its webview (browser side).
// Both sides import these types; nothing else crosses the boundary.
import type { TrainingRunState } from '../training/run-state.js';
import type { MemoryPlanView } from './memory-plan.js';

/** What the webview shows: one run and the plan for its model. Also its persisted state. */
export interface TrainingPanelModel {
    readonly run: TrainingRunState | undefined;
    readonly plan: MemoryPlanView;
}

/** Extension → webview. */
export type ToTrainingWebview = { readonly type: 'show'; readonly model: TrainingPanelModel };

/** What the webview has put on screen, for the extension's record (and the tests). */
export interface RenderedTrainingView {
    readonly runId: string | undefined;
    readonly phase: string | undefined;
    readonly epochRows: number;
    /** The text of the final-metrics line as displayed. */
    readonly finalMetrics: string;
    readonly lossPoints: number;
    readonly accuracyPoints: number;
    /** Spiking runs: firing-rate bars and raster spikes drawn. */
    readonly spikingRateBars?: number;
    readonly spikingRasterSpikes?: number;
}

/** Webview → extension. */
export type FromTrainingWebview =
    | { readonly type: 'ready' }
    | { readonly type: 'rendered'; readonly view: RenderedTrainingView }
    | { readonly type: 'stop' }
    | { readonly type: 'showLog' };
