// `npm run bench:lsp`: how fast does the built language server publish diagnostics after an edit?
//
// Opens a generated 2,000-line model in `node dist/server.cjs --stdio`, then makes 30 edits the
// way a user types (incremental changes): each odd edit breaks a reference somewhere in the file
// (`h12` -> `h12x`), each even edit repairs it. The time is from sending the change to receiving
// the published diagnostics that reflect it (a diagnostic at the broken reference appears or
// disappears). Target (issue 2): median <= 200 ms. Writes bench/results/lsp.json.
//
// Wall-clock times depend on what else runs on the machine; the server's own CPU time per edit
// (read from /proc on Linux) does much less, so both are reported.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { resolve } from 'node:path';
import { HoverRequest, type Diagnostic } from 'vscode-languageserver-protocol/node';
import { generateDeepModel } from '../../test/integration/support/generated-model.js';
import { LspServerProcess } from '../../test/integration/support/lsp-server-process.js';

const targetLines = 2000;
const editCount = 30;
const targetMedianMs = 200;

const model = generateDeepModel(targetLines);
const uri = 'file:///bench/generated-deep.phg';
const server = await LspServerProcess.start(resolve('dist/server.cjs'));

try {
    const openStart = performance.now();
    const opened = server.nextDiagnostics(uri);
    await server.open(uri, model.text);
    const baseline = await opened;
    const openMs = performance.now() - openStart;

    const samples: number[] = [];
    const cpuSamples: number[] = [];
    let version = 1;
    for (let edit = 0; edit < editCount; edit++) {
        // Spread the edits over the file; a break and its repair hit the same site.
        const site = model.referenceSites[Math.floor((Math.floor(edit / 2) * 7919) % model.referenceSites.length)];
        if (site === undefined) throw new Error('the generated model has no reference sites');
        const breaking = edit % 2 === 0;
        const brokenAt = (d: Diagnostic): boolean => d.range.start.line === site.line && d.range.end.character === site.character + 1;
        const published = server.nextDiagnostics(uri, (diagnostics) => breaking ? diagnostics.some(brokenAt) : !diagnostics.some(brokenAt) && diagnostics.length === baseline.length);
        const cpuBefore = serverCpuMs(server.pid);
        const start = performance.now();
        version += 1;
        if (breaking) {
            await server.insertText(uri, site.line, site.character, 'x', version);
        } else {
            await server.connection.sendNotification('textDocument/didChange', {
                textDocument: { uri, version },
                contentChanges: [{ range: { start: { line: site.line, character: site.character }, end: { line: site.line, character: site.character + 1 } }, text: '' }]
            });
        }
        await published;
        samples.push(performance.now() - start);
        const cpuAfter = serverCpuMs(server.pid);
        if (cpuBefore !== undefined && cpuAfter !== undefined) cpuSamples.push(cpuAfter - cpuBefore);
    }

    // One hover after the edits, as a sanity check that requests are answered on the big file.
    const hoverStart = performance.now();
    const firstSite = model.referenceSites[0];
    await server.request(HoverRequest.type, { textDocument: { uri }, position: { line: firstSite?.line ?? 0, character: (firstSite?.character ?? 1) - 1 } });
    const hoverMs = performance.now() - hoverStart;

    const sorted = [...samples].sort((a, b) => a - b);
    const quantile = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
    const median = medianOf(samples);
    const cpuMedian = cpuSamples.length > 0 ? medianOf(cpuSamples) : undefined;
    const result = {
        benchmark: 'lsp: edit -> published diagnostics',
        date: new Date().toISOString(),
        machine: { cpus: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', node: process.version },
        model: { lines: model.lineCount, baselineDiagnostics: baseline.length },
        edits: editCount,
        openToDiagnosticsMs: round(openMs),
        editToDiagnosticsMs: { median: round(median), p90: round(quantile(0.9)), min: round(sorted[0] ?? Number.NaN), max: round(sorted[sorted.length - 1] ?? Number.NaN) },
        serverCpuPerEditMs: cpuMedian === undefined ? null : { median: round(cpuMedian), mean: round(cpuSamples.reduce((a, b) => a + b, 0) / cpuSamples.length) },
        loadAverage: loadavg().map(round),
        hoverAfterEditsMs: round(hoverMs),
        samplesMs: samples.map(round),
        targetMedianMs,
        meetsTarget: median <= targetMedianMs
    };
    mkdirSync('bench/results', { recursive: true });
    writeFileSync('bench/results/lsp.json', JSON.stringify(result, null, 2) + '\n');
    console.log(`lsp bench: ${model.lineCount}-line model, ${baseline.length} baseline diagnostics, open ${round(openMs)} ms`);
    console.log(`edit -> diagnostics over ${editCount} edits: median ${round(median)} ms, p90 ${round(quantile(0.9))} ms, max ${result.editToDiagnosticsMs.max} ms (target <= ${targetMedianMs} ms: ${result.meetsTarget ? 'met' : 'NOT met'})`);
    if (cpuMedian !== undefined) console.log(`server CPU per edit: median ${round(cpuMedian)} ms (load average ${loadavg().map(round).join(', ')} on ${cpus().length} cores)`);
    console.log('written to bench/results/lsp.json');
} finally {
    await server.stop();
}

function medianOf(values: readonly number[]): number {
    const sorted = [...values].sort((a, b) => a - b);
    return ((sorted[(sorted.length - 1) >> 1] ?? Number.NaN) + (sorted[sorted.length >> 1] ?? Number.NaN)) / 2;
}

/** User + system CPU time of a process in ms, from /proc (Linux); undefined elsewhere. */
function serverCpuMs(pid: number | undefined): number | undefined {
    if (pid === undefined) return undefined;
    try {
        // Fields 14 and 15 (utime, stime) in clock ticks of 10 ms; the command name may contain spaces, so split after ')'.
        const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(')')[1]?.trim().split(' ') ?? [];
        return (Number(fields[11]) + Number(fields[12])) * 10;
    } catch {
        return undefined;
    }
}

function round(ms: number): number {
    return Math.round(ms * 10) / 10;
}
