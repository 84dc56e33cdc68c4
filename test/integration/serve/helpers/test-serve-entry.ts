// A serve process for crash-safety tests: the real serve session (state machine, HTTP, state
// file) over linear test models, started from a JSON argument. Prints JSON lines: `listening`,
// then every rotation event. Bundled by serve-process.ts and run with node.
import '../../../../language/node20-polyfill.js';
import { defaultRotationPolicy } from '../../../../engine/serve/rotation-types.js';
import { startServeSession } from '../../../../cli/cert/serve-session.js';
import { stageHoldFromSetting } from '../../../../cli/cert/stage-hold.js';
import { heldOutRows } from './service-fixture.js';
import { LinearTestLoader } from './linear-test-model.js';

interface EntrySettings {
    readonly root: string;
    readonly versionsDirectory: string;
    readonly trustFile: string;
    /** Start on this version instead of the saved active one (or the newest). */
    readonly version?: number;
}

const settings = JSON.parse(process.argv[2] ?? '{}') as EntrySettings;
const hold = stageHoldFromSetting(process.env.PHG_TEST_HOLD_STAGE);
const started = await startServeSession({
    workspaceRoot: settings.root,
    name: 'Mlp',
    versionsDirectory: settings.versionsDirectory,
    trustFile: settings.trustFile,
    loader: new LinearTestLoader(),
    policy: { ...defaultRotationPolicy, canarySize: 64 },
    host: '127.0.0.1',
    port: 0,
    token: 'crash-test-token',
    watch: false,
    heldOut: heldOutRows(64),
    maxBodyBytes: 1 << 20,
    maxInstances: 64,
    ...(hold.hold ? { holdStage: hold.hold } : {}),
    ...(settings.version !== undefined ? { version: settings.version } : {}),
    onEvent: (event) => {
        if (event.type === 'rotation') process.stdout.write(`${JSON.stringify({ type: 'rotation', stage: event.rotation.stages.at(-1)?.stage, outcome: event.rotation.outcome })}\n`);
    }
});
if (!started.ok) {
    process.stdout.write(`${JSON.stringify({ type: 'error', message: started.message, code: started.code })}\n`);
    process.exit(1);
}
process.stdout.write(`${JSON.stringify({ type: 'listening', url: started.session.server.url, activeVersion: started.session.service.activeVersion })}\n`);
