// A load generator in its own process: POSTs prediction requests at a steady overall rate and
// records, for every response, when it completed, how long it took and its status, so the
// coordinator can split latencies into "steady" and "during a rotation" windows.
//
//   node scripts/bench/load-client.mjs '{"url": "...", "bodies": [...], "rate": 200, "amount": 2000, "connections": 10, "engine": "paced"}'
//
// Two engines:
// - "autocannon": autocannon's rate limit (each connection sends its per-second quota at the
//   start of every second, so the load comes in bursts);
// - "paced" (default): open loop — request i is due at start + i/rate, and its latency is counted
//   from that due time, so time spent waiting for a free connection is not hidden (no
//   coordinated omission). This is the steady rate the rotation bench needs.
// Prints one JSON line when the load starts and one with all records when it is done.
import autocannon from 'autocannon';
import { Agent, request } from 'node:http';

const config = JSON.parse(process.argv[2] ?? '{}');
const bodies = config.bodies ?? [];
if (!config.url || bodies.length === 0) {
    console.error('usage: load-client.mjs JSON with url, bodies, rate, amount, connections, engine');
    process.exit(2);
}
const rate = config.rate ?? 200;
const amount = config.amount ?? 2000;
const connections = config.connections ?? 10;
const now = () => performance.timeOrigin + performance.now();

const records = [];
const errors = [];

function finish(summary) {
    process.stdout.write(`${JSON.stringify({ type: 'done', records, errors, summary: { expected: amount, responses: records.length, ...summary } })}\n`);
}

if ((config.engine ?? 'paced') === 'autocannon') {
    let next = 0;
    const instance = autocannon({
        url: config.url, connections, overallRate: rate, amount, timeout: config.timeoutSeconds ?? 10,
        requests: [{ method: 'POST', headers: { 'content-type': 'application/json' }, setupRequest: (req) => ({ ...req, body: bodies[next++ % bodies.length] }) }]
    }, (error, result) => {
        if (error) errors.push(String(error));
        finish({ non2xx: result?.non2xx ?? null, errors: result?.errors ?? null, timeouts: result?.timeouts ?? null, resets: result?.resets ?? null });
    });
    process.stdout.write(`${JSON.stringify({ type: 'started', at: now() })}\n`);
    instance.on('response', (_client, statusCode, _bytes, responseTime) => records.push([now(), Math.round(responseTime * 1000) / 1000, statusCode]));
    instance.on('reqError', (error) => errors.push(String(error)));
} else {
    const agent = new Agent({ keepAlive: true, maxSockets: connections });
    const target = new URL(config.url);
    const start = now() + 50;
    let sent = 0;
    let settled = 0;
    let non2xx = 0;
    const send = (due) => {
        const body = bodies[sent % bodies.length];
        sent++;
        const req = request({ host: target.hostname, port: target.port, path: target.pathname, method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }, timeout: (config.timeoutSeconds ?? 10) * 1000 }, (res) => {
            res.resume();
            res.on('end', () => {
                const end = now();
                records.push([end, Math.round((end - due) * 1000) / 1000, res.statusCode ?? 0]);
                if ((res.statusCode ?? 0) >= 300) non2xx++;
                settle();
            });
        });
        req.on('timeout', () => req.destroy(new Error('request timed out')));
        req.on('error', (error) => {
            errors.push(String(error));
            settle();
        });
        req.end(body);
    };
    const settle = () => {
        settled++;
        if (settled === amount) {
            agent.destroy();
            finish({ non2xx, errors: errors.length, timeouts: errors.filter((error) => error.includes('timed out')).length, resets: null });
        }
    };
    const tick = () => {
        const current = now();
        while (sent < amount && start + (sent * 1000) / rate <= current) send(start + (sent * 1000) / rate);
        if (sent < amount) setTimeout(tick, Math.max(0, Math.min(2, start + (sent * 1000) / rate - now())));
    };
    process.stdout.write(`${JSON.stringify({ type: 'started', at: start })}\n`);
    setTimeout(tick, 50);
}
