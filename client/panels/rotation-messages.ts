// The messages between the Rotation panel (extension side) and its webview (browser side). Both
// sides import these types; nothing else crosses the boundary.
import type { ServiceState } from '../serving/service-state.js';

/** What the webview shows: the current or last service. Also its persisted state. */
export interface RotationPanelModel {
    readonly service: ServiceState | undefined;
}

/** Extension → webview. */
export type ToRotationWebview = { readonly type: 'show'; readonly model: RotationPanelModel };

/** What the webview has put on screen, for the extension's record (and the tests). */
export interface RenderedRotationView {
    readonly phase: string | undefined;
    readonly activeVersion: number | undefined;
    /** The stage shown as current: a rotation's stage, or `idle`. */
    readonly stage: string;
    /** The newest rotation as displayed: `#3 v1 → v2 active`. */
    readonly lastRotation: string;
    /** The stages of the newest rotation lit up in the state machine, in order. */
    readonly litStages: readonly string[];
    readonly historyRows: number;
}

/** Webview → extension. */
export type FromRotationWebview =
    | { readonly type: 'ready' }
    | { readonly type: 'rendered'; readonly view: RenderedRotationView }
    | { readonly type: 'rotate' }
    | { readonly type: 'stop' }
    | { readonly type: 'showLog' };
