// Reads the `--json` answers of `phg certify`, `phg verify`, `phg keys` and `phg rotate` into typed
// values. The CLI is the only producer, but the extension checks what it reads: a malformed
// answer is a value with a reason, never an exception in the extension host.
import type { RotationRecord } from '../serving/serve-json.js';
import { isRotationRecord } from '../serving/serve-event-parser.js';

/** `phg certify FILE --json`. */
export interface CertifyAnswer {
    /** The certificate written (absolute path). */
    readonly file: string;
    readonly model: string;
    readonly structureHash: string;
    /** The signing key's fingerprint (64 hex digits). */
    readonly signer: string;
}

/** One check of `phg verify --json`. */
export interface VerificationCheckAnswer {
    readonly id: string;
    readonly title: string;
    readonly status: 'passed' | 'failed' | 'skipped';
    readonly message: string;
    readonly code?: string;
    readonly file: string;
}

/** One verified artifact of `phg verify --json`. */
export interface VerificationReportAnswer {
    readonly subject: string;
    readonly checks: readonly VerificationCheckAnswer[];
}

/** `phg keys generate --json`. */
export interface GeneratedKeyAnswer {
    readonly name: string;
    readonly fingerprint: string;
    readonly privateKeyFile: string;
    readonly publicKeyFile: string;
}

/** One of your local keys in `phg keys list --json`. */
export interface LocalKeyAnswer {
    readonly name: string;
    readonly fingerprint: string;
    readonly privateKeyFile: string | null;
    readonly trusted: boolean;
}

/** `phg rotate --json`: the HTTP status of the rotate call and its body. */
export interface RotateAnswer {
    readonly status: number;
    readonly rotation?: RotationRecord;
    readonly error?: string;
}

/** A parsed answer or why it could not be read. */
export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function strings(object: JsonObject, keys: readonly string[]): boolean {
    return keys.every((key) => typeof object[key] === 'string');
}

/** The last JSON line of a command's stdout (the commands print exactly one JSON value). */
function jsonOf(stdout: string): Parsed<unknown> {
    const text = stdout.trim();
    if (text === '') return { ok: false, reason: 'the command printed nothing' };
    try {
        return { ok: true, value: JSON.parse(text) };
    } catch {
        return { ok: false, reason: `not JSON: ${text.slice(0, 120)}` };
    }
}

/** Parses `phg certify --json`. */
export function parseCertifyAnswer(stdout: string): Parsed<CertifyAnswer> {
    const json = jsonOf(stdout);
    if (!json.ok) return json;
    const value = json.value;
    if (!isObject(value) || !strings(value, ['file', 'model', 'structureHash', 'signer'])) return { ok: false, reason: 'phg certify answered without file, model, structureHash and signer' };
    return { ok: true, value: { file: value.file as string, model: value.model as string, structureHash: value.structureHash as string, signer: value.signer as string } };
}

function isCheck(value: unknown): value is VerificationCheckAnswer {
    return isObject(value) && strings(value, ['id', 'title', 'message', 'file']) && ['passed', 'failed', 'skipped'].includes(value.status as string)
        && (value.code === undefined || typeof value.code === 'string');
}

/** Parses `phg verify --json`: an array of reports. */
export function parseVerifyAnswer(stdout: string): Parsed<readonly VerificationReportAnswer[]> {
    const json = jsonOf(stdout);
    if (!json.ok) return json;
    const value = json.value;
    if (!Array.isArray(value)) return { ok: false, reason: 'phg verify did not answer with a list of reports' };
    const reports: VerificationReportAnswer[] = [];
    for (const entry of value) {
        if (!isObject(entry) || typeof entry.subject !== 'string' || !Array.isArray(entry.checks) || !entry.checks.every(isCheck)) {
            return { ok: false, reason: 'phg verify answered a report without subject and checks' };
        }
        reports.push({ subject: entry.subject, checks: entry.checks });
    }
    return { ok: true, value: reports };
}

/** Parses `phg keys generate --json`. */
export function parseGeneratedKey(stdout: string): Parsed<GeneratedKeyAnswer> {
    const json = jsonOf(stdout);
    if (!json.ok) return json;
    const value = json.value;
    if (!isObject(value) || !strings(value, ['name', 'fingerprint', 'privateKeyFile', 'publicKeyFile'])) return { ok: false, reason: 'phg keys generate answered without name, fingerprint and key files' };
    return { ok: true, value: { name: value.name as string, fingerprint: value.fingerprint as string, privateKeyFile: value.privateKeyFile as string, publicKeyFile: value.publicKeyFile as string } };
}

/** Parses the local keys of `phg keys list --json`. */
export function parseLocalKeys(stdout: string): Parsed<readonly LocalKeyAnswer[]> {
    const json = jsonOf(stdout);
    if (!json.ok) return json;
    const value = json.value;
    if (!isObject(value) || !Array.isArray(value.local)) return { ok: false, reason: 'phg keys list answered without local keys' };
    const keys: LocalKeyAnswer[] = [];
    for (const entry of value.local) {
        if (!isObject(entry) || !strings(entry, ['name', 'fingerprint'])) return { ok: false, reason: 'phg keys list answered a key without name and fingerprint' };
        keys.push({ name: entry.name as string, fingerprint: entry.fingerprint as string, privateKeyFile: typeof entry.privateKeyFile === 'string' ? entry.privateKeyFile : null, trusted: entry.trusted === true });
    }
    return { ok: true, value: keys };
}

/** Parses `phg rotate --json`. */
export function parseRotateAnswer(stdout: string): Parsed<RotateAnswer> {
    const json = jsonOf(stdout);
    if (!json.ok) return json;
    const value = json.value;
    if (!isObject(value) || typeof value.status !== 'number') return { ok: false, reason: 'phg rotate answered without an HTTP status' };
    if (value.rotation !== undefined && !isRotationRecord(value.rotation)) return { ok: false, reason: 'phg rotate answered a malformed rotation record' };
    return { ok: true, value: { status: value.status, ...(value.rotation !== undefined ? { rotation: value.rotation } : {}), ...(typeof value.error === 'string' ? { error: value.error } : {}) } };
}

/** Whether every check of every report passed. */
export function allPassed(reports: readonly VerificationReportAnswer[]): boolean {
    return reports.length > 0 && reports.every((report) => report.checks.every((check) => check.status === 'passed'));
}

/** The first failed check of a report, if any. */
export function firstFailure(report: VerificationReportAnswer): VerificationCheckAnswer | undefined {
    return report.checks.find((check) => check.status === 'failed');
}
