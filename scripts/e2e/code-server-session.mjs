// One offline VS Code session: code-server serves the real VS Code workbench and extension host,
// headless Debian Chromium (driven by playwright-core) opens it with an extension under test and
// a test module, and the session ends with the test module's exit code.
//
// While the suite runs it may ask for things only the browser can do (a screenshot, the text the
// user sees in the status bar or in a webview) by writing a request file into `bridgeDir`; we
// answer with a response file of the same id (see test/e2e/harness/workbench-bridge.ts).
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

/**
 * User settings of the test profile: no welcome page, no prompts about the repository around
 * the scratch workspace. (A theme set here is not applied at startup by the web workbench; the
 * suite switches themes through the API instead.)
 */
const USER_SETTINGS = {
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'git.enabled': false,
    'git.openRepositoryInParentFolders': 'never',
    'extensions.ignoreRecommendations': true,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'window.commandCenter': false
};

/** Finds a free loopback port. */
export function freePort() {
    return new Promise((resolve, reject) => {
        const server = createServer();
        server.once('error', reject);
        server.listen(0, '127.0.0.1', () => {
            const { port } = server.address();
            server.close(() => resolve(port));
        });
    });
}

/**
 * Starts code-server, waits until it listens, and returns it with a `stop()`.
 * `extensionsDir` lets a session start with an installed .vsix.
 */
async function startCodeServer({ entry, port, workspace, userDataDir, extensionsDir, trustWorkspace, env, log }) {
    const child = spawn(process.execPath, [entry,
        '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`,
        '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir,
        '--disable-telemetry', '--disable-update-check',
        // Without this flag the workspace opens in Restricted Mode (the trust session).
        ...(trustWorkspace ? ['--disable-workspace-trust'] : []),
        '--disable-getting-started-override', '--ignore-last-opened', workspace],
    { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const onData = (chunk) => { output += chunk; log(`[code-server] ${String(chunk).trimEnd()}`); };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    const deadline = Date.now() + 60_000;
    while (!output.includes('HTTP server listening')) {
        if (child.exitCode !== null || Date.now() > deadline) {
            child.kill();
            throw new Error(`code-server did not start:\n${output}`);
        }
        await new Promise((r) => setTimeout(r, 100));
    }
    return { stop: () => { child.kill('SIGTERM'); }, output: () => output };
}

/** Answers the suite's bridge requests until `stop()` is called. */
function serveBridge(bridgeDir, page, screenshotDir, log) {
    const requests = join(bridgeDir, 'requests');
    const responses = join(bridgeDir, 'responses');
    mkdirSync(requests, { recursive: true });
    mkdirSync(responses, { recursive: true });
    let running = true;
    const loop = (async () => {
        while (running) {
            for (const name of readdirSync(requests).filter((n) => n.endsWith('.json'))) {
                const file = join(requests, name);
                const request = JSON.parse(readFileSync(file, 'utf8'));
                rmSync(file);
                let response;
                try {
                    response = { ok: true, value: await answer(request, page, screenshotDir) };
                } catch (error) {
                    response = { ok: false, error: String(error?.message ?? error) };
                }
                log(`[bridge] ${request.kind} ${JSON.stringify(request.args)} -> ${response.ok ? 'ok' : response.error}`);
                const tmp = join(responses, `${request.id}.tmp`);
                writeFileSync(tmp, JSON.stringify(response));
                renameSync(tmp, join(responses, `${request.id}.json`));
            }
            await new Promise((r) => setTimeout(r, 100));
        }
    })();
    return { stop: async () => { running = false; await loop; } };
}

/** Text of every frame whose document contains `selector` (webviews are nested iframes). */
async function frameTexts(page, selector) {
    const texts = [];
    for (const frame of page.frames()) {
        try {
            const handle = await frame.$(selector);
            if (handle) texts.push(await handle.innerText());
        } catch {
            // A frame navigating away mid-query is not an answer; skip it.
        }
    }
    return texts;
}

async function answer(request, page, screenshotDir) {
    const { kind, args } = request;
    switch (kind) {
        case 'screenshot': {
            mkdirSync(screenshotDir, { recursive: true });
            const path = join(screenshotDir, `${args.name}.png`);
            await page.screenshot({ path });
            return path;
        }
        case 'workbenchText':
            return await page.locator(args.selector).allInnerTexts();
        case 'frameText':
            return await frameTexts(page, args.selector);
        case 'press':
            await page.keyboard.press(args.key);
            return true;
        case 'frameClick': {
            // An element inside a webview (nested iframes): the first frame that has it.
            for (const frame of page.frames()) {
                const handle = await frame.$(args.selector).catch(() => null);
                if (handle) {
                    await handle.click({ timeout: 10_000 });
                    return true;
                }
            }
            throw new Error(`no frame has ${args.selector}`);
        }
        case 'clickButton':
            // A workbench button by its label, e.g. a notification's Cancel.
            await page.locator(args.selector, { hasText: args.label }).first().click({ timeout: 10_000 });
            return true;
        default:
            throw new Error(`unknown bridge request ${kind}`);
    }
}

/**
 * Runs one test module in a fresh code-server + Chromium and resolves with its exit code
 * (0 = every test passed, 1 = a failure, 'timeout') and the suite's count of specs.
 */
export async function runSession(options) {
    const { codeServerEntry, workspace, testsPath, extensionDevelopmentPath, extensionsDir,
        screenshotDir, timeoutMs = 600_000, env = {}, verbose = false, name = 'session', trustWorkspace = true } = options;
    const log = (line) => { if (verbose) console.log(line); };
    const tmp = mkdtempSync(join(tmpdir(), 'phg-e2e-'));
    const bridgeDir = join(tmp, 'bridge');
    const port = await freePort();
    mkdirSync(join(tmp, 'data', 'User'), { recursive: true });
    // In Restricted Mode, no startup dialog: the suite finds the workspace untrusted, as a user
    // who dismissed it would.
    const settings = trustWorkspace ? USER_SETTINGS : { ...USER_SETTINGS, 'security.workspace.trust.startupPrompt': 'never' };
    writeFileSync(join(tmp, 'data', 'User', 'settings.json'), JSON.stringify(settings, null, 2));
    const server = await startCodeServer({
        entry: codeServerEntry, port, workspace, trustWorkspace,
        userDataDir: join(tmp, 'data'),
        extensionsDir: extensionsDir ?? join(tmp, 'extensions'),
        // The extension host inherits this environment: the suite finds the bridge through it.
        env: { ...process.env, ...env, PHG_E2E_BRIDGE: bridgeDir, XDG_CONFIG_HOME: join(tmp, 'config') },
        log
    });
    const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true,
        args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
            '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
    let bridge;
    /** The suite's own count of specs, from its last progress line. */
    let tally = { passed: 0, failed: 0, skipped: 0 };
    try {
        const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
        const exit = new Promise((resolve) => { void page.exposeFunction('codeAutomationExit', (code) => resolve(code)); });
        await page.exposeFunction('codeAutomationLog', (type, args) => log(`[workbench ${type}] ${args.join(' ')}`));
        // The extension host's console reaches the page console: the suite's progress lines.
        page.on('response', (response) => { if (response.status() >= 400) log(`[http ${response.status()}] ${response.url()}`); });
        page.on('console', (message) => {
            const text = message.text();
            const marker = text.indexOf('[phg-e2e]');
            if (marker < 0) return log(`[page] ${text}`);
            const line = text.slice(marker + 10);
            console.log(`  ${name}: ${line}`);
            const counts = /^(\d+) passed, (\d+) failed, (\d+) skipped$/.exec(line.trim());
            if (counts) tally = { passed: Number(counts[1]), failed: Number(counts[2]), skipped: Number(counts[3]) };
        });
        bridge = serveBridge(bridgeDir, page, screenshotDir, log);
        const remote = (path) => `vscode-remote://127.0.0.1:${port}${path}`;
        const payload = [['extensionTestsPath', remote(testsPath)]];
        if (extensionDevelopmentPath) payload.unshift(['extensionDevelopmentPath', remote(extensionDevelopmentPath)]);
        const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
        await page.goto(url);
        const timeout = new Promise((resolve) => setTimeout(() => resolve('timeout'), timeoutMs));
        const code = await Promise.race([exit, timeout]);
        if (screenshotDir) {
            mkdirSync(screenshotDir, { recursive: true });
            await page.screenshot({ path: join(screenshotDir, `${name}-final.png`) });
        }
        return { code, tally };
    } finally {
        await bridge?.stop();
        await browser.close();
        server.stop();
        rmSync(tmp, { recursive: true, force: true });
    }
}
