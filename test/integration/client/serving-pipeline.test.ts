// The extension's serving pipeline without VS Code around it: the built `phg serve --json` in a
// ServeProcess, its events and the polled `GET /v1/models/NAME` folded into the panel's state,
// `phg rotate --json` read as the Rotate command reads it. A rotation must reach `active` in the
// state exactly as the service reports it; SIGINT must end it as `stopped`.
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRotateAnswer } from '../../../client/certificates/cli-answers.js';
import { callCli } from '../../../client/certificates/cli-call.js';
import { rotateArguments, serveArguments } from '../../../client/serving/serve-request.js';
import { ServeProcess } from '../../../client/serving/serve-process.js';
import { applyServeEvent, applyServeExit, applyServiceStatus, requestServiceStop, startingService, type ServiceState } from '../../../client/serving/service-state.js';
import { ServiceStatusPoller, statusUrl } from '../../../client/serving/service-status-poller.js';
import { createDigitsWorkspace, saveSeededVersion, type DigitsWorkspace } from '../serve/helpers/cli-workspace.js';

const cli = fileURLToPath(new URL('../../../dist/cli.cjs', import.meta.url));

describe('serving from the editor’s side', () => {
    let workspace: DigitsWorkspace;
    let state: ServiceState;
    let process_: ServeProcess;
    let poller: ServiceStatusPoller | undefined;
    const waiters: { accept: (state: ServiceState) => boolean; resolve: (state: ServiceState) => void }[] = [];
    const ignored: string[] = [];

    const update = (next: ServiceState): void => {
        state = next;
        for (const waiter of waiters.splice(0)) {
            if (waiter.accept(state)) waiter.resolve(state);
            else waiters.push(waiter);
        }
    };
    const until = (accept: (state: ServiceState) => boolean, what: string): Promise<ServiceState> => new Promise((resolve, reject) => {
        if (accept(state)) return resolve(state);
        const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}; state ${JSON.stringify({ phase: state.phase, stage: state.stage, active: state.activeVersion, failure: state.failure })}`)), 60_000);
        waiters.push({ accept, resolve: (done) => { clearTimeout(timer); resolve(done); } });
    });

    beforeAll(async () => {
        workspace = await createDigitsWorkspace();
        await saveSeededVersion(workspace, 1);
        state = startingService({ file: 'digits.phg', model: undefined, watch: false }, Date.now());
        const args = serveArguments({ file: workspace.source, port: 0, watch: false });
        process_ = new ServeProcess({ executable: process.execPath, args: [cli, ...args], cwd: workspace.root, env: { ...process.env, PHG_CONFIG_DIR: workspace.configDirectory } }, {
            onLine: (parsed) => {
                if (parsed.kind !== 'event') {
                    ignored.push(parsed.reason);
                    return;
                }
                update(applyServeEvent(state, parsed.event, Date.now()));
                if (parsed.event.type === 'listening') {
                    poller = new ServiceStatusPoller(statusUrl(parsed.event.url, parsed.event.name), {
                        onStatus: (status) => update(applyServiceStatus(state, status, Date.now())),
                        onProblem: () => undefined
                    }, 200);
                }
                if (parsed.event.type === 'rotation') poller?.pollNow();
            },
            onStderr: () => undefined,
            onLaunchError: (message) => { throw new Error(message); },
            onExit: (exit) => update(applyServeExit(state, exit, Date.now()))
        });
        await until((current) => current.phase !== 'starting', 'the service to listen');
    }, 120_000);

    afterAll(() => {
        poller?.stop();
        process_.kill();
        rmSync(workspace.root, { recursive: true, force: true });
        rmSync(workspace.configDirectory, { recursive: true, force: true });
    });

    it('listens and polls the status endpoint', async () => {
        expect([state.phase, state.name, state.activeVersion, state.failure]).toEqual(['serving', 'Mlp', 1, undefined]);
        const polled = await until((current) => current.polledAt !== undefined, 'a status poll');
        expect([polled.availableVersions, polled.counters, polled.stage]).toEqual([[1], { requests: 0, errors: 0 }, 'idle']);
    });

    it('follows a rotation to the newest signed version until the service says it is active', async () => {
        expect(await saveSeededVersion(workspace, 1)).toBe(2);
        const result = await callCli({ executable: process.execPath, args: [cli, ...rotateArguments('Mlp')], cwd: workspace.root, env: process.env });
        const answer = parseRotateAnswer(result.kind === 'exited' ? result.stdout : '');
        if (!answer.ok) throw new Error(answer.reason);
        expect([answer.value.status, answer.value.rotation?.outcome, answer.value.rotation?.toVersion]).toEqual([200, 'active', 2]);
        const active = await until((current) => current.activeVersion === 2 && current.availableVersions.includes(2), 'version 2 active in the state');
        expect(active.rotations.map((rotation) => [rotation.id, rotation.outcome, rotation.stages.map((entry) => entry.stage).join(' → ')])).toEqual([
            [1, 'active', 'received → verifying → loading → warming → switching → active']
        ]);
        expect([active.stage, active.candidateVersion, active.previousVersion]).toEqual(['idle', null, 1]);
        expect(ignored).toEqual([]);
    });

    it('answers a refused rotation when nothing newer is in the store', async () => {
        const result = await callCli({ executable: process.execPath, args: [cli, ...rotateArguments('Mlp')], cwd: workspace.root, env: process.env });
        const answer = parseRotateAnswer(result.kind === 'exited' ? result.stdout : '');
        expect(answer.ok && answer.value).toEqual({ status: 409, error: 'no version newer than the active version 2' });
    });

    it('stops on SIGINT and ends as stopped, removing its discovery file', async () => {
        update(requestServiceStop(state));
        process_.interrupt();
        const stopped = await until((current) => current.endedAt !== undefined, 'the service to stop');
        expect(stopped.phase).toBe('stopped');
        expect(existsSync(join(workspace.root, '.phg', 'serve', 'Mlp.json'))).toBe(false);
    });
});
