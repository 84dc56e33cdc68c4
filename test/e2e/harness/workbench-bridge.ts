// Asks the offline runner (scripts/e2e/code-server-session.mjs) for what only the browser sees:
// a screenshot, the rendered text of the status bar or of a webview. Requests and answers are
// files in the folder named by PHG_E2E_BRIDGE. Under @vscode/test-electron there is no bridge:
// `hasWorkbenchBridge()` is false and the specs that need one say so and skip that assertion.
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { waitFor } from './wait.js';

type BridgeRequest =
    | { readonly kind: 'screenshot'; readonly args: { readonly name: string } }
    | { readonly kind: 'workbenchText'; readonly args: { readonly selector: string } }
    | { readonly kind: 'frameText'; readonly args: { readonly selector: string } }
    | { readonly kind: 'press'; readonly args: { readonly key: string } }
    | { readonly kind: 'clickButton'; readonly args: { readonly selector: string; readonly label: string } }
    | { readonly kind: 'frameClick'; readonly args: { readonly selector: string } };

interface BridgeResponse<T> {
    readonly ok: boolean;
    readonly value?: T;
    readonly error?: string;
}

let nextId = 0;

/** True when the suite runs under the offline runner, which answers bridge requests. */
export function hasWorkbenchBridge(): boolean {
    return process.env.PHG_E2E_BRIDGE !== undefined;
}

async function ask<T>(request: BridgeRequest): Promise<T> {
    const dir = process.env.PHG_E2E_BRIDGE;
    if (dir === undefined) throw new Error('no workbench bridge: run under scripts/e2e/run.mjs');
    const id = `${process.pid}-${nextId++}`;
    const requests = join(dir, 'requests');
    mkdirSync(requests, { recursive: true });
    const tmp = join(requests, `${id}.tmp`);
    writeFileSync(tmp, JSON.stringify({ id, ...request }));
    renameSync(tmp, join(requests, `${id}.json`));
    const responseFile = join(dir, 'responses', `${id}.json`);
    await waitFor(`the runner to answer ${request.kind}`, () => (existsSync(responseFile) ? true : undefined), 30_000);
    const response = JSON.parse(readFileSync(responseFile, 'utf8')) as BridgeResponse<T>;
    rmSync(responseFile);
    if (!response.ok) throw new Error(`bridge ${request.kind} failed: ${response.error}`);
    return response.value as T;
}

/** Saves a screenshot of the whole workbench as `<name>.png` in the runner's screenshot folder. */
export function screenshot(name: string): Promise<string> {
    return ask<string>({ kind: 'screenshot', args: { name } });
}

/** Rendered text of every workbench element matching a CSS selector. */
export function workbenchText(selector: string): Promise<string[]> {
    return ask<string[]>({ kind: 'workbenchText', args: { selector } });
}

/** Rendered text of `selector` in every frame that has it (webviews live in nested iframes). */
export function frameText(selector: string): Promise<string[]> {
    return ask<string[]>({ kind: 'frameText', args: { selector } });
}

/** Clicks the first workbench element matching `selector` whose text contains `label`. */
export function clickButton(selector: string, label: string): Promise<boolean> {
    return ask<boolean>({ kind: 'clickButton', args: { selector, label } });
}

/** Clicks an element inside a webview (the first frame that has `selector`). */
export function frameClick(selector: string): Promise<boolean> {
    return ask<boolean>({ kind: 'frameClick', args: { selector } });
}
