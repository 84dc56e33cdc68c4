// Reads one line of `phg train --json` into a typed event. The CLI is the only producer, but a
// stray line (a warning printed by a library, a truncated write) must not crash the panel: it is
// reported as a value, and the raw text still goes to the output channel.
import type {
    ErrorEvent,
    MemoryReport,
    TrainDoneEvent,
    TrainEpochEvent,
    TrainEvent,
    TrainStartEvent,
    TrainStepEvent
} from '../../cli/train-events.js';

/** What one line of output turned out to be. */
export type ParsedTrainLine =
    | { readonly kind: 'event'; readonly event: TrainEvent }
    | { readonly kind: 'unrecognised'; readonly text: string; readonly reason: string };

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isNumber(value: unknown): value is number {
    return typeof value === 'number' && !Number.isNaN(value);
}

function hasNumbers(object: JsonObject, keys: readonly string[]): boolean {
    return keys.every((key) => isNumber(object[key]));
}

/** A memory report needs its totals and a per-class record of numbers. */
function isMemoryReport(value: unknown): value is MemoryReport {
    if (!isObject(value) || !hasNumbers(value, ['peak', 'live'])) return false;
    const byClass = value.byClass;
    return isObject(byClass) && Object.values(byClass).every(isNumber);
}

/** Field checks per event type: the fields the extension reads, not every optional one. */
const shapeChecks: { readonly [K in TrainEvent['type']]: (o: JsonObject) => boolean } = {
    start: (o) => typeof o.runId === 'string' && typeof o.model === 'string' && hasNumbers(o, ['epochs', 'batch', 'stepsPerEpoch']),
    step: (o) => hasNumbers(o, ['epoch', 'step', 'stepsPerEpoch', 'loss']) && isMemoryReport(o.memory),
    epoch: (o) => hasNumbers(o, ['epoch', 'epochs', 'loss', 'accuracy', 'ms']) && isMemoryReport(o.memory),
    done: (o) => hasNumbers(o, ['accuracy', 'epochs', 'ms']) && isMemoryReport(o.memory) && typeof o.runId === 'string',
    error: (o) => typeof o.message === 'string' && typeof o.code === 'string'
};

function isEventType(type: unknown): type is TrainEvent['type'] {
    return typeof type === 'string' && Object.hasOwn(shapeChecks, type);
}

/** Parses one output line of `phg train --json`. */
export function parseTrainLine(line: string): ParsedTrainLine {
    let value: unknown;
    try {
        value = JSON.parse(line);
    } catch {
        return { kind: 'unrecognised', text: line, reason: 'not JSON' };
    }
    if (!isObject(value)) return { kind: 'unrecognised', text: line, reason: 'not a JSON object' };
    const type = value.type;
    if (!isEventType(type)) return { kind: 'unrecognised', text: line, reason: `unknown event type ${JSON.stringify(type)}` };
    if (!shapeChecks[type](value)) return { kind: 'unrecognised', text: line, reason: `a "${type}" event without its required fields` };
    // The checks above establish the fields the extension relies on for this `type`.
    return { kind: 'event', event: value as unknown as TrainEvent };
}

export type { ErrorEvent, TrainDoneEvent, TrainEpochEvent, TrainStartEvent, TrainStepEvent };
