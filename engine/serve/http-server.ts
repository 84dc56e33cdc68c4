// The inference service's HTTP API (TensorFlow Serving / KServe habits), on node:http:
//   POST /v1/models/<name>:predict   {"instances": [...]} or {"inputs": {...}}
//   GET  /v1/models/<name>           versions and rotation state
//   POST /v1/models/<name>:rotate    {"version": n}? — needs `Authorization: Bearer <token>`
//   GET  /metrics                    Prometheus text
// A bad request gets a 400 with a message and touches nothing shared.
import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ModelService } from './model-service.js';
import { readPredictRequest } from './predict-request.js';
import { predictionRows } from './predict-response.js';
import type { ServiceMetrics } from './service-metrics.js';

/** How the HTTP server is set up. */
export interface InferenceServerOptions {
    readonly services: readonly ModelService[];
    readonly metrics: ServiceMetrics;
    /** 127.0.0.1 unless a deploy block or flag says otherwise. */
    readonly host: string;
    /** 0 picks a free port. */
    readonly port: number;
    /** The bearer token `:rotate` requires. */
    readonly rotateToken: string;
    readonly maxBodyBytes: number;
    readonly maxInstances: number;
}

/** A listening server. */
export interface InferenceServer {
    readonly url: string;
    readonly port: number;
    close(): Promise<void>;
}

/** Limits used when a deploy block does not set them. */
export const defaultHttpLimits = { maxBodyBytes: 1 << 20, maxInstances: 1024 } as const;

/** Starts listening; resolves once the port is bound. */
export function startInferenceServer(options: InferenceServerOptions): Promise<InferenceServer> {
    const server = createServer((request, response) => {
        void handle(options, request, response).catch((error: unknown) => {
            // A throw here is a bug in the service; answer it rather than leave the client hanging.
            if (!response.headersSent) sendJson(response, 500, { error: `internal error: ${error instanceof Error ? error.message : String(error)}` });
        });
    });
    server.keepAliveTimeout = 30_000;
    return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(options.port, options.host, () => {
            const address = server.address() as AddressInfo;
            const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
            resolve({ url: `http://${host}:${address.port}`, port: address.port, close: () => closeServer(server) });
        });
    });
}

async function handle(options: InferenceServerOptions, request: IncomingMessage, response: ServerResponse): Promise<void> {
    const started = performance.now();
    const path = (request.url ?? '/').split('?')[0] ?? '/';
    if (path === '/metrics') {
        if (request.method !== 'GET') return sendJson(response, 405, { error: 'use GET /metrics' });
        const { contentType, body } = await options.metrics.text();
        response.writeHead(200, { 'content-type': contentType });
        response.end(body);
        return;
    }
    const match = /^\/v1\/models\/([^/:]+)(?::(predict|rotate))?$/.exec(path);
    if (!match) return sendJson(response, 404, { error: `no route ${request.method ?? ''} ${path}; see /v1/models/<name>, /v1/models/<name>:predict, /v1/models/<name>:rotate, /metrics` });
    const name = decodeURIComponent(match[1] ?? '');
    const service = options.services.find((candidate) => candidate.name === name);
    if (!service) return sendJson(response, 404, { error: `no model named '${name}' is served here (served: ${options.services.map((entry) => entry.name).join(', ')})` });
    const verb = match[2];
    if (verb === undefined) {
        if (request.method !== 'GET') return sendJson(response, 405, { error: `use GET /v1/models/${name}` });
        return sendJson(response, 200, service.status());
    }
    if (request.method !== 'POST') return sendJson(response, 405, { error: `use POST /v1/models/${name}:${verb}` });
    const body = await readBody(request, options.maxBodyBytes);
    if (verb === 'predict') return predict(options, service, body, response, started);
    return rotate(options, service, request, body, response);
}

async function predict(options: InferenceServerOptions, service: ModelService, body: BodyResult, response: ServerResponse, started: number): Promise<void> {
    const answer = (status: number, payload: unknown, version?: number): void => {
        sendJson(response, status, payload);
        options.metrics.request(service.name, version, status, (performance.now() - started) / 1000);
    };
    if (!body.ok) return answer(400, { error: body.message });
    const parsed = parseJson(body.text);
    if (!parsed.ok) return answer(400, { error: parsed.message });
    const modelInterface = service.modelInterface;
    const batch = readPredictRequest(parsed.value, modelInterface, { maxInstances: options.maxInstances });
    if (!batch.ok) return answer(400, { error: batch.message });
    const outcome = await service.predict(batch.batch);
    if (!outcome.ok) return answer(500, { error: outcome.message, model_version: outcome.version }, outcome.version);
    answer(200, { model_version: outcome.version, predictions: predictionRows(outcome.outputs, modelInterface, batch.batch.size) }, outcome.version);
}

async function rotate(options: InferenceServerOptions, service: ModelService, request: IncomingMessage, body: BodyResult, response: ServerResponse): Promise<void> {
    if (!tokenMatches(request.headers.authorization, options.rotateToken)) {
        return sendJson(response, 401, { error: 'rotation needs the service token: Authorization: Bearer <token> (phg rotate reads it from .phg/serve/)' });
    }
    if (!body.ok) return sendJson(response, 400, { error: body.message });
    let version: number | undefined;
    if (body.text.trim() !== '') {
        const parsed = parseJson(body.text);
        if (!parsed.ok) return sendJson(response, 400, { error: parsed.message });
        const value = parsed.value;
        if (typeof value !== 'object' || value === null || Array.isArray(value)) return sendJson(response, 400, { error: 'the body must be {} or {"version": N}' });
        const requested = (value as { version?: unknown }).version;
        if (requested !== undefined && (typeof requested !== 'number' || !Number.isSafeInteger(requested) || requested < 1)) {
            return sendJson(response, 400, { error: '"version" must be a positive integer' });
        }
        version = requested as number | undefined;
    }
    const outcome = await service.rotate({ trigger: 'api', ...(version !== undefined ? { version } : {}) });
    if (outcome.ok) return sendJson(response, 200, { rotation: outcome.rotation });
    sendJson(response, outcome.status, { error: outcome.message, ...(outcome.rotation ? { rotation: outcome.rotation } : {}) });
}

type BodyResult = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly message: string };

/** Reads a body up to a limit; past it, drains the rest (keeping the connection usable) and reports it. */
function readBody(request: IncomingMessage, limit: number): Promise<BodyResult> {
    return new Promise((resolve) => {
        const chunks: Buffer[] = [];
        let size = 0;
        let tooLarge = false;
        request.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > limit) {
                tooLarge = true;
                chunks.length = 0;
                // A client that keeps sending far past the limit is cut off.
                if (size > limit * 64) request.destroy();
                return;
            }
            chunks.push(chunk);
        });
        request.on('end', () => resolve(tooLarge
            ? { ok: false, message: `the body is larger than ${limit} bytes` }
            : { ok: true, text: Buffer.concat(chunks).toString('utf8') }));
        request.on('error', () => resolve({ ok: false, message: 'the request body could not be read' }));
    });
}

function parseJson(text: string): { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly message: string } {
    try {
        return { ok: true, value: JSON.parse(text) };
    } catch (error) {
        return { ok: false, message: `the body is not valid JSON (${error instanceof Error ? error.message : String(error)})` };
    }
}

/** Compares tokens in constant time (through their digests, which have equal length). */
function tokenMatches(header: string | undefined, token: string): boolean {
    const presented = /^Bearer\s+(.+)$/i.exec(header ?? '')?.[1]?.trim() ?? '';
    const a = createHash('sha256').update(presented).digest();
    const b = createHash('sha256').update(token).digest();
    return presented.length > 0 && timingSafeEqual(a, b);
}

function sendJson(response: ServerResponse, status: number, payload: unknown): void {
    const body = JSON.stringify(payload);
    response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
    response.end(body);
}

function closeServer(server: Server): Promise<void> {
    return new Promise((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
    });
}
