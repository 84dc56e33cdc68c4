// The JSON Lines form of what the engine reports (errors, memory), shared by every command that
// writes events so `phg train`, `phg run` and their spiking paths describe them the same way.
import type { ErrorEvent, MemoryReport as MemoryEvent } from './train-events.js';
import type { EngineError } from '../engine/errors.js';
import type { MemoryReport } from '../engine/train/memory-report.js';

/** The error event of an engine error. */
export function errorEvent(error: EngineError): ErrorEvent {
    return {
        type: 'error', message: error.message, code: error.code,
        ...(error.location !== undefined ? { location: error.location } : {}),
        ...(error.node !== undefined ? { node: error.node } : {}),
        ...(error.epoch !== undefined ? { epoch: error.epoch } : {}),
        ...(error.step !== undefined ? { step: error.step } : {})
    };
}

/** The event form of a memory report. */
export function memoryEvent(report: MemoryReport): MemoryEvent {
    const c = report.byClass;
    return { peak: report.peak, live: report.live, byClass: { param: c.param, state: c.state, activation: c.activation, tape: c.tape, tangent: c.tangent, gradient: c.gradient, quire: c.quire, data: c.data }, rss: report.rss };
}
