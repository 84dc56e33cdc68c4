// `phg serve FILE`: serves a model's signed versions over HTTP on 127.0.0.1, with warm rotation
// (phg rotate, or --watch). Settings come from the file's deploy block, then flags. Runs until
// SIGINT or SIGTERM.
import { dirname, join, resolve } from 'node:path';
import { structureHash } from '../../engine/ir/canonical.js';
import { readVersionRecord } from '../../engine/store/version-store.js';
import { modelInterface } from '../../engine/attest/ir-structure.js';
import { defaultHttpLimits } from '../../engine/serve/http-server.js';
import type { ServiceEvent } from '../../engine/serve/model-service.js';
import { defaultRotationPolicy, type RotationPolicy } from '../../engine/serve/rotation-types.js';
import { heldOutCanaryRows } from '../cert/canary-rows.js';
import { parseCommandArguments, positiveInteger } from '../cert/cli-arguments.js';
import { EngineVersionLoader } from '../cert/engine-version-loader.js';
import { startServeSession } from '../cert/serve-session.js';
import { loadSourceModel } from '../cert/source-model.js';
import type { ServeEvent } from '../cert/serve-events.js';
import { stageHoldFromSetting } from '../cert/stage-hold.js';
import { findWorkspaceRoot, trustStorePath, versionsPath } from '../cert/workspace-paths.js';
import { ExitCode, type CliCommand } from '../command.js';
import type { CliIO } from '../io.js';

const usage = `usage: phg serve FILE [--deploy NAME | --model M] [--port P] [--host H] [--watch]
                 [--token T] [--version N] [--grace SECONDS] [--json]

Serves the newest signed version of the model (after a restart: the version that
was active) over HTTP with warm rotation:
  POST /v1/models/NAME:predict   GET /v1/models/NAME
  POST /v1/models/NAME:rotate    GET /metrics
NAME is the deploy block's name (else the model's). Settings come from the deploy
block (port, host, rotation warm { canary, max_disagreement, rollback_on_error_rate,
grace }, trust), then these flags.

options:
  --port P         TCP port (default: the deploy block's, else 8088; 0 picks a free one)
  --host H         listen address (default 127.0.0.1)
  --watch          rotate automatically to each new signed version
  --token T        the rotation token (default: $PHG_SERVE_TOKEN, else a random one,
                   written to .phg/serve/NAME.token)
  --version N      start on version N
  --grace S        seconds the old version stays loaded after a switch (default 30)
  --json           JSON Lines on stdout: listening, rotation, error, stopped

exit status: 0 stopped by a signal, 1 nothing servable, 2 usage or I/O error
`;

/** The `phg serve` command. */
export const serveCommand: CliCommand = {
    name: 'serve',
    summary: 'serve a model over HTTP with verified warm rotation',
    usage,
    run: runServe
};

interface ServeFlags {
    deploy?: string;
    model?: string;
    port?: string;
    host?: string;
    watch?: boolean;
    token?: string;
    version?: string;
    grace?: string;
    json?: boolean;
}

async function runServe(args: readonly string[], io: CliIO): Promise<number> {
    const parsed = parseCommandArguments<ServeFlags>(args, {
        deploy: { type: 'string' }, model: { type: 'string' }, port: { type: 'string' }, host: { type: 'string' }, watch: { type: 'boolean' },
        token: { type: 'string' }, version: { type: 'string' }, grace: { type: 'string' }, json: { type: 'boolean' }
    });
    if (!parsed.ok || parsed.positionals.length !== 1) return usageError(io, parsed.ok ? 'give one .phg file' : parsed.message);
    const flags = parsed.values;
    const json = flags.json === true;
    const emit = (event: ServeEvent, text: string): void => {
        if (json) io.stdout(`${JSON.stringify(event)}\n`);
        else io.stdout(`${text}\n`);
    };
    const version = positiveInteger(flags.version, '--version');
    if (!version.ok) return usageError(io, version.message);
    const port = flags.port === undefined ? undefined : Number(flags.port);
    if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535)) return usageError(io, `--port must be 0..65535 (got '${flags.port}')`);
    const grace = flags.grace === undefined ? undefined : Number(flags.grace);
    if (grace !== undefined && !(grace >= 0)) return usageError(io, `--grace must be a number of seconds (got '${flags.grace}')`);
    const hold = stageHoldFromSetting(process.env.PHG_TEST_HOLD_STAGE);
    if (hold.problem) return usageError(io, hold.problem);

    const file = resolve(io.cwd, parsed.positionals[0] as string);
    const source = await loadSourceModel(file, flags.model ? { model: flags.model } : {});
    if (!source.ok) return failure(io, emit, 'PHG5008', source.message, source.modelErrors ? ExitCode.failed : ExitCode.usage);
    if (source.source.errors.length > 0) return failure(io, emit, 'PHG5008', `${file} has ${source.source.errors.length} error(s); run phg check`, ExitCode.failed);
    const deploys = source.source.deploys.filter((deploy) => deploy.model === source.source.model);
    const deploy = flags.deploy ? deploys.find((entry) => entry.name === flags.deploy) : deploys[0];
    if (flags.deploy && !deploy) return usageError(io, `no deploy block named ${flags.deploy} serves ${source.source.model}`);
    if (deploy && deploy.problems.length > 0) return failure(io, emit, 'PHG5008', `deploy ${deploy.name}: ${deploy.problems.join('; ')}`, ExitCode.failed);

    const root = findWorkspaceRoot(dirname(file));
    const policy: RotationPolicy = { ...defaultRotationPolicy, ...deploy?.rotation, ...(grace !== undefined ? { graceMs: grace * 1000 } : {}) };
    const graph = source.source.graph;
    const canary = source.source.validate ? heldOutCanaryRows(source.source.validate, modelInterface(graph), policy.canarySize) : { rows: [] };
    if (canary.problem) emit({ type: 'warning', message: `no held-out canary rows: ${canary.problem}` }, `warning: no held-out canary rows: ${canary.problem}`);
    const name = deploy?.name ?? source.source.model;
    const started = await startServeSession({
        workspaceRoot: root,
        name,
        versionsDirectory: versionsPath(root),
        trustFile: deploy?.trust ? resolve(root, deploy.trust) : trustStorePath(root),
        loader: new EngineVersionLoader(file, { model: source.source.model }, source.source, 64),
        policy,
        host: flags.host ?? deploy?.host ?? '127.0.0.1',
        port: port ?? deploy?.port ?? 8088,
        ...(flags.token ?? process.env.PHG_SERVE_TOKEN ? { token: flags.token ?? process.env.PHG_SERVE_TOKEN } : {}),
        watch: flags.watch === true,
        heldOut: canary.rows,
        maxBodyBytes: defaultHttpLimits.maxBodyBytes,
        maxInstances: defaultHttpLimits.maxInstances,
        ...(version.value !== undefined ? { version: version.value } : {}),
        ...(hold.hold ? { holdStage: hold.hold } : {}),
        // The store numbers every model's versions together: serve only this model's, as trained from this source.
        ownsVersion: versionOfModel(versionsPath(root), source.source.model, structureHash(graph)),
        onEvent: (event: ServiceEvent) => {
            if (event.type !== 'rotation') return;
            const rotation = event.rotation;
            const stage = rotation.stages.at(-1)?.stage ?? 'received';
            emit({ type: 'rotation', rotation }, `rotation ${rotation.id} (${rotation.fromVersion} → ${rotation.toVersion}): ${stage}${rotation.reason ? ` — ${rotation.reason}` : ''}${rotation.code && rotation.outcome !== 'active' && rotation.outcome !== 'in-progress' ? ` [${rotation.code}]` : ''}`);
        }
    });
    if (!started.ok) {
        for (const check of started.checks.filter((entry) => entry.status === 'failed')) io.stderr(`  ✗ ${check.title}: ${check.message} [${check.code ?? ''}]\n`);
        return failure(io, emit, started.code, started.message, ExitCode.failed);
    }
    const session = started.session;
    // Handlers go in before 'listening' is announced: a signal that arrives with no handler
    // installed kills the process without the clean stop.
    const stopped = new Promise<void>((resolveStop) => {
        const stop = (): void => {
            process.off('SIGINT', stop);
            process.off('SIGTERM', stop);
            resolveStop();
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
    });
    emit(
        { type: 'listening', name, url: session.server.url, activeVersion: session.service.activeVersion, watch: flags.watch === true, canaryRows: canary.rows.length },
        `serving ${source.source.model} version ${session.service.activeVersion} as '${name}' at ${session.server.url}\n  predict: POST ${session.server.url}/v1/models/${name}:predict\n  rotate:  phg rotate ${name}${flags.watch ? ' (watching for new signed versions)' : ''}`
    );
    await stopped;
    await session.stop();
    emit({ type: 'stopped' }, 'stopped');
    return ExitCode.ok;
}

function usageError(io: CliIO, message: string): number {
    io.stderr(`phg serve: ${message}\n${usage}`);
    return ExitCode.usage;
}

function failure(io: CliIO, emit: (event: ServeEvent, text: string) => void, code: string, message: string, exit: number): number {
    emit({ type: 'error', code, message }, `phg serve: ${message} [${code}]`);
    if (!io.interactive) io.stderr(`phg serve: ${message}\n`);
    return exit;
}

/** Whether a version of the store is of `model` with this structure (its record says so). */
function versionOfModel(versionsDirectory: string, model: string, hash: string): (version: number) => boolean {
    const hex = hash.replace(/^sha256:/, '');
    return (version) => {
        const record = readVersionRecord(join(versionsDirectory, String(version)));
        return record?.model === model && record.structureHash === hex;
    };
}
