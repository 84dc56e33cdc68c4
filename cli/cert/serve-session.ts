// Composes a running inference service: the model service (state machine), its metrics, the HTTP
// server, optional watch mode, and the files `phg rotate` and the editor use to find it
// (`.phg/serve/<name>.json` with the URL, `.phg/serve/<name>.token` with mode 0600).
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeAtomic } from '../../engine/store/atomic-write.js';
import { readTrustStore } from '../../engine/signing/trust-store.js';
import { CanaryReservoir, type CanaryInput } from '../../engine/serve/canary.js';
import { startInferenceServer, type InferenceServer } from '../../engine/serve/http-server.js';
import { ModelService, type ServiceEvent, type ServiceStartFailure } from '../../engine/serve/model-service.js';
import type { RotationPolicy, RotationStage } from '../../engine/serve/rotation-types.js';
import type { VersionLoader } from '../../engine/serve/servable-model.js';
import { ServiceMetrics } from '../../engine/serve/service-metrics.js';
import { fileServeStateStore, serveStateFile } from '../../engine/serve/serve-state.js';
import { watchVersions, type VersionWatch } from '../../engine/serve/version-watcher.js';

/** Everything a serve session is built from. */
export interface ServeSessionSettings {
    readonly workspaceRoot: string;
    /** The service name in URLs and in .phg/serve/. */
    readonly name: string;
    readonly versionsDirectory: string;
    readonly trustFile: string;
    readonly loader: VersionLoader;
    readonly policy: RotationPolicy;
    readonly host: string;
    readonly port: number;
    /** The rotation token; a random one is made when absent. */
    readonly token?: string;
    readonly watch: boolean;
    readonly watchIntervalMs?: number;
    readonly heldOut: readonly CanaryInput[];
    readonly maxBodyBytes: number;
    readonly maxInstances: number;
    /** A version to start on instead of the saved active one. */
    readonly version?: number;
    /** Which versions of the store are the served model's (see ModelServiceOptions.ownsVersion). */
    readonly ownsVersion?: (version: number) => boolean;
    readonly holdStage?: (stage: RotationStage) => Promise<void>;
    readonly onEvent?: (event: ServiceEvent) => void;
}

/** A running session. */
export interface ServeSession {
    readonly service: ModelService;
    readonly server: InferenceServer;
    readonly token: string;
    stop(): Promise<void>;
}

/** Where `phg serve` tells `phg rotate` its URL, and keeps its token. */
export function serveDiscoveryFiles(workspaceRoot: string, name: string): { readonly info: string; readonly token: string } {
    const directory = join(workspaceRoot, '.phg', 'serve');
    return { info: join(directory, `${name}.json`), token: join(directory, `${name}.token`) };
}

/** Starts a session; a failure to start (nothing servable) is a value. */
export async function startServeSession(settings: ServeSessionSettings): Promise<{ readonly ok: true; readonly session: ServeSession } | ServiceStartFailure> {
    const started = await ModelService.start({
        name: settings.name,
        versionsDirectory: settings.versionsDirectory,
        trust: () => {
            const read = readTrustStore(settings.trustFile);
            return read.ok ? { ok: true, store: read.store } : { ok: false, message: `${settings.trustFile} is malformed: ${read.problems.map((problem) => `${problem.pointer || '/'}: ${problem.message}`).join('; ')}` };
        },
        loader: settings.loader,
        policy: settings.policy,
        state: fileServeStateStore(serveStateFile(settings.workspaceRoot, settings.name)),
        canary: new CanaryReservoir(Math.max(1, settings.policy.canarySize), settings.heldOut),
        ...(settings.holdStage ? { holdStage: settings.holdStage } : {}),
        ...(settings.ownsVersion ? { ownsVersion: settings.ownsVersion } : {})
    }, settings.version);
    if (!started.ok) return started;
    const service = started.service;
    if (settings.onEvent) service.onEvent(settings.onEvent);
    const metrics = new ServiceMetrics();
    metrics.observe(service);
    const token = settings.token ?? randomBytes(24).toString('base64url');
    const server = await startInferenceServer({ services: [service], metrics, host: settings.host, port: settings.port, rotateToken: token, maxBodyBytes: settings.maxBodyBytes, maxInstances: settings.maxInstances });
    const files = serveDiscoveryFiles(settings.workspaceRoot, settings.name);
    writeAtomic(files.token, `${token}\n`, { mode: 0o600 });
    writeAtomic(files.info, `${JSON.stringify({ name: settings.name, url: server.url, pid: process.pid, startedAt: new Date().toISOString() }, null, 2)}\n`);
    let watch: VersionWatch | undefined;
    if (settings.watch) {
        watch = watchVersions(service, settings.versionsDirectory, { intervalMs: settings.watchIntervalMs ?? 1000 });
    }
    return {
        ok: true,
        session: {
            service, server, token,
            async stop(): Promise<void> {
                watch?.stop();
                await server.close();
                service.close();
                rmSync(files.info, { force: true });
                rmSync(files.token, { force: true });
            }
        }
    };
}
