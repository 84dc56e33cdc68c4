// The JSON the serving side of the extension reads, named once: the lines of `phg serve --json`
// (cli/cert/serve-events.ts) and the body of `GET /v1/models/NAME` (the service's status, typed in
// engine/serve/model-service.ts). Type-only: nothing of the CLI or the engine runs in the
// extension host; these are the shapes of their output.
import type { ServeEvent, ServeRotationEvent } from '../../cli/cert/serve-events.js';
import type { ServiceStatus } from '../../engine/serve/model-service.js';

export type { ServeEvent, ServiceStatus };

/** One rotation, as events and the status endpoint carry it. */
export type RotationRecord = ServeRotationEvent['rotation'];

/** A stage of the warm-rotation state machine (received … active, rejected, rolled-back). */
export type RotationStage = RotationRecord['stages'][number]['stage'];

/** How a rotation ended so far. */
export type RotationOutcome = RotationRecord['outcome'];

/** The thresholds rotations are judged by. */
export type RotationPolicy = ServiceStatus['policy'];

/** The stages in the order the state machine goes through them. */
export const rotationStages: readonly RotationStage[] = ['received', 'verifying', 'loading', 'warming', 'switching', 'active'];
