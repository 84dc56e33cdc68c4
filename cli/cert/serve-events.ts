// The JSON Lines `phg serve --json` writes, one object per line: the contract for the editor's
// Serve Model command and Rotation panel (import these types type-only).
import type { RotationRecord } from '../../engine/serve/rotation-types.js';

/** The service listens. */
export interface ServeListeningEvent {
    readonly type: 'listening';
    /** The name in URLs: `/v1/models/<name>`. */
    readonly name: string;
    readonly url: string;
    readonly activeVersion: number;
    readonly watch: boolean;
    /** Held-out canary rows loaded from the validation set. */
    readonly canaryRows: number;
}

/** A rotation entered a stage or ended (active, rejected, rolled back). */
export interface ServeRotationEvent {
    readonly type: 'rotation';
    readonly rotation: RotationRecord;
}

/** Something the service could do without (e.g. no held-out canary rows). */
export interface ServeWarningEvent {
    readonly type: 'warning';
    readonly message: string;
}

/** The service could not start. */
export interface ServeErrorEvent {
    readonly type: 'error';
    readonly code: string;
    readonly message: string;
}

/** The service stopped after SIGINT/SIGTERM. */
export interface ServeStoppedEvent {
    readonly type: 'stopped';
}

/** Every line of `phg serve --json`. */
export type ServeEvent = ServeListeningEvent | ServeRotationEvent | ServeWarningEvent | ServeErrorEvent | ServeStoppedEvent;
