// A load generator in its own process (autocannon): POSTs prediction requests at a steady overall
// rate and records, for every response, when it completed, how long it took and its status, so
// the coordinator can split latencies into "steady" and "during a rotation" windows.
//
//   node scripts/bench/load-client.mjs '{"url": "...", "bodies": [...], "rate": 200, "amount": 2000, "connections": 10}'
//
// Prints one JSON line when the load starts and one with all records when it is done.
import autocannon from 'autocannon';

const config = JSON.parse(process.argv[2] ?? '{}');
const bodies = config.bodies ?? [];
if (!config.url || bodies.length === 0) {
    console.error('usage: load-client.mjs JSON with url, bodies, rate, amount, connections');
    process.exit(2);
}

const records = [];
const errors = [];
let next = 0;
const instance = autocannon({
    url: config.url,
    connections: config.connections ?? 10,
    overallRate: config.rate ?? 200,
    amount: config.amount ?? 2000,
    timeout: config.timeoutSeconds ?? 10,
    requests: [{
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        setupRequest: (request) => ({ ...request, body: bodies[next++ % bodies.length] })
    }]
}, (error, result) => {
    if (error) errors.push(String(error));
    process.stdout.write(`${JSON.stringify({
        type: 'done',
        records,
        errors,
        summary: {
            expected: config.amount ?? 2000,
            responses: records.length,
            non2xx: result?.non2xx ?? null,
            errors: result?.errors ?? null,
            timeouts: result?.timeouts ?? null,
            resets: result?.resets ?? null,
            statusCodeStats: result?.statusCodeStats ?? null
        }
    })}\n`);
});
process.stdout.write(`${JSON.stringify({ type: 'started', at: Date.now() })}\n`);
instance.on('response', (_client, statusCode, _bytes, responseTime) => {
    records.push([Date.now(), Math.round(responseTime * 1000) / 1000, statusCode]);
});
instance.on('reqError', (error) => {
    errors.push(String(error));
});
