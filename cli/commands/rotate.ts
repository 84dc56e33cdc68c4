// `phg rotate [NAME] [--to N]`: asks a running `phg serve` to rotate to a newer version, waits for
// the outcome and prints the stages. The service's URL and token come from .phg/serve/ (written
// by phg serve), or from --url and --token / $PHG_SERVE_TOKEN.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RotationRecord } from '../../engine/serve/rotation-types.js';
import { parseCommandArguments, positiveInteger } from '../cert/cli-arguments.js';
import { serveDiscoveryFiles } from '../cert/serve-session.js';
import { findWorkspaceRoot } from '../cert/workspace-paths.js';
import { ExitCode, type CliCommand } from '../command.js';
import type { CliIO } from '../io.js';

const usage = `usage: phg rotate [NAME] [--to N] [--url URL] [--token TOKEN] [--json]

Rotates the running service NAME (default: the only one phg serve started in
this workspace) to version N (default: the newest version in the store), and
prints each stage: received, verifying, loading, warming, switching, active —
or rejected, with the reason and its code.

options:
  --to N          the version to rotate to
  --url URL       the service's base URL (default: from .phg/serve/NAME.json)
  --token TOKEN   the rotation token (default: $PHG_SERVE_TOKEN, else .phg/serve/NAME.token)
  --json          print the rotation record as JSON

exit status: 0 the version is active, 1 rejected or refused, 2 usage or connection error
`;

/** The `phg rotate` command. */
export const rotateCommand: CliCommand = {
    name: 'rotate',
    summary: 'rotate a running service to a newer signed version',
    usage,
    run: runRotate
};

async function runRotate(args: readonly string[], io: CliIO): Promise<number> {
    const parsed = parseCommandArguments<{ to?: string; url?: string; token?: string; json?: boolean }>(args, { to: { type: 'string' }, url: { type: 'string' }, token: { type: 'string' }, json: { type: 'boolean' } });
    const version = parsed.ok ? positiveInteger(parsed.values.to, '--to') : undefined;
    if (!parsed.ok || !version?.ok || parsed.positionals.length > 1) {
        io.stderr(`phg rotate: ${!parsed.ok ? parsed.message : version && !version.ok ? version.message : 'give at most one service name'}\n${usage}`);
        return ExitCode.usage;
    }
    const root = findWorkspaceRoot(io.cwd);
    const name = parsed.positionals[0] ?? onlyRunningService(root);
    if (!name && !parsed.values.url) {
        io.stderr(`phg rotate: no running service found in ${join(root, '.phg', 'serve')}; start one with 'phg serve' or pass NAME and --url\n`);
        return ExitCode.usage;
    }
    const files = serveDiscoveryFiles(root, name ?? '');
    const url = parsed.values.url ?? readUrl(files.info);
    const token = parsed.values.token ?? process.env.PHG_SERVE_TOKEN ?? readToken(files.token);
    const serviceName = name ?? 'model';
    if (!url || !token) {
        const running = runningServices(root);
        const known = running.length > 0 ? `running services: ${running.join(', ')}` : 'no running services';
        const hint = serviceName.endsWith('.phg') ? ` — phg rotate takes the service NAME (the deploy block's name, or the model's), not a file; ${known}` : ` (is phg serve running? ${known})`;
        io.stderr(`phg rotate: ${!url ? `no URL for service '${serviceName}'${hint}` : 'no rotation token (--token, $PHG_SERVE_TOKEN or .phg/serve/NAME.token)'}\n`);
        return ExitCode.usage;
    }
    let response: Response;
    try {
        response = await fetch(`${url}/v1/models/${encodeURIComponent(serviceName)}:rotate`, {
            method: 'POST',
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
            body: JSON.stringify(version.value !== undefined ? { version: version.value } : {})
        });
    } catch (error) {
        io.stderr(`phg rotate: cannot reach ${url}: ${error instanceof Error ? error.message : String(error)}\n`);
        return ExitCode.usage;
    }
    const body = await response.json().catch(() => ({})) as { rotation?: RotationRecord; error?: string };
    if (parsed.values.json) io.stdout(`${JSON.stringify({ status: response.status, ...body })}\n`);
    else io.stdout(describe(response.status, body));
    return response.status === 200 ? ExitCode.ok : response.status >= 500 || response.status === 401 ? ExitCode.usage : ExitCode.failed;
}

function describe(status: number, body: { rotation?: RotationRecord; error?: string }): string {
    const rotation = body.rotation;
    if (!rotation) return `rotation refused (${status}): ${body.error ?? 'no reason given'}\n`;
    const lines = [`rotation ${rotation.id}: version ${rotation.fromVersion} → ${rotation.toVersion}`];
    for (const stage of rotation.stages) lines.push(`  ${stage.at}  ${stage.stage}`);
    if (rotation.canary) lines.push(`  canary: ${rotation.canary.disagreements}/${rotation.canary.samples} disagree (${(rotation.canary.disagreementRate * 100).toFixed(1)}%), p99 ${rotation.canary.activeLatencyMs.p99} ms → ${rotation.canary.candidateLatencyMs.p99} ms`);
    if (rotation.outcome === 'active') lines.push(`version ${rotation.toVersion} is active (version ${rotation.fromVersion} stays loaded for the grace window)`);
    else lines.push(`${rotation.outcome}: ${rotation.reason ?? ''}${rotation.code ? ` [${rotation.code}]` : ''}`);
    return `${lines.join('\n')}\n`;
}

function onlyRunningService(root: string): string | undefined {
    const services = runningServices(root);
    return services.length === 1 ? services[0] : undefined;
}

/** Names of the services `phg serve` announced in the workspace (.phg/serve/NAME.json). */
function runningServices(root: string): string[] {
    try {
        return readdirSync(join(root, '.phg', 'serve')).filter((file) => file.endsWith('.json') && !file.endsWith('.state.json')).map((file) => file.slice(0, -'.json'.length)).sort();
    } catch {
        return [];
    }
}

function readUrl(file: string): string | undefined {
    try {
        const info = JSON.parse(readFileSync(file, 'utf8')) as { url?: unknown };
        return typeof info.url === 'string' ? info.url : undefined;
    } catch {
        return undefined;
    }
}

function readToken(file: string): string | undefined {
    try {
        return readFileSync(file, 'utf8').trim() || undefined;
    } catch {
        return undefined;
    }
}
