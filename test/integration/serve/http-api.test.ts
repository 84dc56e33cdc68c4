// The HTTP API over real loopback sockets: predictions, validation (400s with messages),
// status, rotation with a token, and Prometheus metrics.
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInferenceServer, type InferenceServer } from '../../../engine/serve/http-server.js';
import { ServiceMetrics } from '../../../engine/serve/service-metrics.js';
import { addSignedVersion } from '../../unit/cert/signed-store.js';
import { inputRow, linearWeights } from './helpers/linear-test-model.js';
import { startServiceFixture, type ServiceFixture } from './helpers/service-fixture.js';

const token = 'test-token-0123456789';

describe('the inference HTTP API', () => {
    let fixture: ServiceFixture;
    let server: InferenceServer;

    beforeAll(async () => {
        fixture = await startServiceFixture();
        const metrics = new ServiceMetrics();
        metrics.observe(fixture.service);
        server = await startInferenceServer({ services: [fixture.service], metrics, host: '127.0.0.1', port: 0, rotateToken: token, maxBodyBytes: 64 * 1024, maxInstances: 32 });
    });
    afterAll(async () => {
        await server.close();
        fixture.service.close();
    });

    const post = (path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> =>
        fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });

    it('listens on loopback only', () => {
        expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    });

    it('predicts rows: one probability vector per instance, with the answering version', async () => {
        const response = await post('/v1/models/Mlp:predict', { instances: [inputRow(1), inputRow(2)] });
        expect(response.status).toBe(200);
        const body = await response.json() as { model_version: number; predictions: number[][] };
        expect(body.model_version).toBe(1);
        expect(body.predictions).toHaveLength(2);
        for (const row of body.predictions) {
            expect(row).toHaveLength(10);
            expect(row.reduce((sum, value) => sum + value, 0)).toBeCloseTo(1, 12);
        }
    });

    it('accepts named instances and columnar inputs with the same answers', async () => {
        const rows = await (await post('/v1/models/Mlp:predict', { instances: [inputRow(3)] })).json() as { predictions: number[][] };
        const named = await (await post('/v1/models/Mlp:predict', { instances: [{ x: inputRow(3) }] })).json() as { predictions: number[][] };
        const columns = await (await post('/v1/models/Mlp:predict', { inputs: { x: [inputRow(3)] } })).json() as { predictions: number[][] };
        expect(named.predictions).toEqual(rows.predictions);
        expect(columns.predictions).toEqual(rows.predictions);
    });

    const badRequests: [string, unknown, string][] = [
        ['not JSON', '{"instances": [', 'the body is not valid JSON'],
        ['no instances', { rows: [] }, 'the body must have "instances"'],
        ['a short row', { instances: [inputRow(1).slice(0, 63)] }, 'instances[0] must be a list of 64'],
        ['a string value', { instances: [[...inputRow(1).slice(0, 63), 'a']] }, 'instances[0][63] must be a finite number'],
        ['an unknown input', { instances: [{ x: inputRow(1), z: 1 }] }, 'instances[0] has unknown input "z"'],
        ['a missing input', { instances: [{ y: inputRow(1) }] }, 'instances[0] lacks the input "x"'],
        ['too many instances', { instances: Array.from({ length: 33 }, (_, index) => inputRow(index)) }, 'too many instances: 33 (at most 32 per request)'],
        ['an oversize body', { instances: [inputRow(1)], padding: 'x'.repeat(70 * 1024) }, 'the body is larger than 65536 bytes']
    ];
    for (const [label, body, message] of badRequests) {
        it(`answers ${label} with 400 and a clear message`, async () => {
            const response = await post('/v1/models/Mlp:predict', body);
            expect(response.status).toBe(400);
            expect(((await response.json()) as { error: string }).error).toContain(message);
        });
    }

    it('keeps a keep-alive connection usable after an oversize body', async () => {
        const agentRequest = (body: string): Promise<number> => new Promise((resolve, reject) => {
            const request = httpRequest(`${server.url}/v1/models/Mlp:predict`, { method: 'POST', headers: { 'content-type': 'application/json', connection: 'keep-alive' } }, (response) => {
                response.resume();
                response.on('end', () => resolve(response.statusCode ?? 0));
            });
            request.on('error', reject);
            request.end(body);
        });
        expect(await agentRequest(JSON.stringify({ instances: [inputRow(1)], padding: 'y'.repeat(200 * 1024) }))).toBe(400);
        expect(await agentRequest(JSON.stringify({ instances: [inputRow(1)] }))).toBe(200);
    });

    it('answers good requests while bad ones arrive at the same time', async () => {
        const good = Array.from({ length: 40 }, (_, index) => post('/v1/models/Mlp:predict', { instances: [inputRow(index)] }));
        const bad = Array.from({ length: 40 }, () => post('/v1/models/Mlp:predict', { instances: [[1, 2, 3]] }));
        const statuses = await Promise.all([...good, ...bad].map(async (response) => (await response).status));
        expect(statuses.slice(0, 40).every((status) => status === 200)).toBe(true);
        expect(statuses.slice(40).every((status) => status === 400)).toBe(true);
    });

    it('says which routes and models exist (404) and which methods fit (405)', async () => {
        expect((await post('/v1/models/Other:predict', { instances: [] })).status).toBe(404);
        expect((await fetch(`${server.url}/nowhere`)).status).toBe(404);
        expect((await fetch(`${server.url}/v1/models/Mlp:predict`)).status).toBe(405);
    });

    it('reports versions and rotation state', async () => {
        const status = await (await fetch(`${server.url}/v1/models/Mlp`)).json() as { activeVersion: number; stage: string; availableVersions: number[] };
        expect(status).toMatchObject({ activeVersion: 1, stage: 'idle', availableVersions: [1] });
    });

    it('rotates only with the service token', async () => {
        addSignedVersion(fixture.workspace, 2, linearWeights(1, 0.001));
        expect((await post('/v1/models/Mlp:rotate', {})).status).toBe(401);
        expect((await post('/v1/models/Mlp:rotate', {}, { authorization: 'Bearer wrong' })).status).toBe(401);
        expect((await post('/v1/models/Mlp:rotate', { version: 'two' }, { authorization: `Bearer ${token}` })).status).toBe(400);
        const rotated = await post('/v1/models/Mlp:rotate', {}, { authorization: `Bearer ${token}` });
        expect(rotated.status).toBe(200);
        const body = await rotated.json() as { rotation: { outcome: string; toVersion: number } };
        expect(body.rotation).toMatchObject({ outcome: 'active', toVersion: 2 });
        const again = await post('/v1/models/Mlp:rotate', {}, { authorization: `Bearer ${token}` });
        expect(again.status).toBe(409);
    });

    it('exposes Prometheus metrics: requests, errors, latency, active version, stage, rotations', async () => {
        const response = await fetch(`${server.url}/metrics`);
        expect(response.headers.get('content-type')).toContain('text/plain');
        const text = await response.text();
        expect(text).toMatch(/phg_predict_requests_total\{model="Mlp",version="1",status="200"\} \d+/);
        expect(text).toMatch(/phg_predict_errors_total\{model="Mlp",kind="bad_request"\} \d+/);
        expect(text).toContain('phg_predict_latency_seconds_bucket{le="0.005",model="Mlp"}');
        expect(text).toContain('phg_model_active_version{model="Mlp"} 2');
        expect(text).toContain('phg_rotation_stage{model="Mlp",stage="idle"} 1');
        expect(text).toContain('phg_rotations_total{model="Mlp",outcome="active"} 1');
    });
});
