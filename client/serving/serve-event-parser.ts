// Reads `phg serve --json` lines and `GET /v1/models/NAME` bodies into typed values. A stray line
// (a library's warning) or an unexpected body is reported as a value with its reason; the raw
// text still goes to the output channel.
import type { RotationRecord, ServeEvent, ServiceStatus } from './serve-json.js';

/** What one line of output turned out to be. */
export type ParsedServeLine =
    | { readonly kind: 'event'; readonly event: ServeEvent }
    | { readonly kind: 'unrecognised'; readonly text: string; readonly reason: string };

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const stages = new Set(['received', 'verifying', 'loading', 'warming', 'switching', 'active', 'rejected', 'rolled-back']);
const outcomes = new Set(['in-progress', 'active', 'rejected', 'rolled-back']);

/** The fields of a rotation record the extension reads. */
export function isRotationRecord(value: unknown): value is RotationRecord {
    if (!isObject(value)) return false;
    const { id, fromVersion, toVersion, outcome, trigger } = value;
    return typeof id === 'number' && typeof fromVersion === 'number' && typeof toVersion === 'number'
        && typeof outcome === 'string' && outcomes.has(outcome) && (trigger === 'api' || trigger === 'watch')
        && Array.isArray(value.stages) && value.stages.every((stage: unknown) => isObject(stage) && typeof stage.stage === 'string' && stages.has(stage.stage) && typeof stage.at === 'string');
}

const eventChecks: { readonly [K in ServeEvent['type']]: (o: JsonObject) => boolean } = {
    listening: (o) => typeof o.name === 'string' && typeof o.url === 'string' && typeof o.activeVersion === 'number' && typeof o.watch === 'boolean',
    rotation: (o) => isRotationRecord(o.rotation),
    warning: (o) => typeof o.message === 'string',
    error: (o) => typeof o.message === 'string' && typeof o.code === 'string',
    stopped: () => true
};

function isEventType(type: unknown): type is ServeEvent['type'] {
    return typeof type === 'string' && Object.hasOwn(eventChecks, type);
}

/** Parses one output line of `phg serve --json`. */
export function parseServeLine(line: string): ParsedServeLine {
    let value: unknown;
    try {
        value = JSON.parse(line);
    } catch {
        return { kind: 'unrecognised', text: line, reason: 'not JSON' };
    }
    if (!isObject(value) || !isEventType(value.type)) return { kind: 'unrecognised', text: line, reason: 'not a phg serve event' };
    if (!eventChecks[value.type](value)) return { kind: 'unrecognised', text: line, reason: `a '${value.type}' event without its fields` };
    return { kind: 'event', event: value as unknown as ServeEvent };
}

function isVersionOrNull(value: unknown): value is number | null {
    return value === null || typeof value === 'number';
}

/** Parses the body of `GET /v1/models/NAME`. */
export function parseServiceStatus(body: unknown): { readonly ok: true; readonly status: ServiceStatus } | { readonly ok: false; readonly reason: string } {
    if (!isObject(body)) return { ok: false, reason: 'the status is not a JSON object' };
    const counters = body.counters;
    const fine = typeof body.name === 'string' && typeof body.activeVersion === 'number' && isVersionOrNull(body.previousVersion)
        && isVersionOrNull(body.candidateVersion) && typeof body.stage === 'string' && (body.stage === 'idle' || stages.has(body.stage))
        && Array.isArray(body.availableVersions) && body.availableVersions.every((entry) => typeof entry === 'number')
        && Array.isArray(body.rotations) && body.rotations.every(isRotationRecord)
        && isObject(counters) && typeof counters.requests === 'number' && typeof counters.errors === 'number' && isObject(body.policy);
    return fine ? { ok: true, status: body as unknown as ServiceStatus } : { ok: false, reason: 'the status lacks the fields of GET /v1/models/NAME' };
}
