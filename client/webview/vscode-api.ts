// The webview's handle on VS Code: post messages to the extension, keep state across hide/show.
// `acquireVsCodeApi` may be called once per page load, so this module holds the one handle.

interface WebviewApi<State> {
    postMessage(message: unknown): void;
    getState(): State | undefined;
    setState(state: State): void;
}

declare function acquireVsCodeApi<State>(): WebviewApi<State>;

/** A typed channel to the extension for one panel's messages and saved state. */
export interface PanelChannel<State, ToExtension> {
    post(message: ToExtension): void;
    savedState(): State | undefined;
    saveState(state: State): void;
}

let api: WebviewApi<unknown> | undefined;

/** Opens the panel's channel (the same handle on every call). */
export function panelChannel<State, ToExtension>(): PanelChannel<State, ToExtension> {
    api ??= acquireVsCodeApi<unknown>();
    const handle = api;
    return {
        post: (message) => handle.postMessage(message),
        savedState: () => handle.getState() as State | undefined,
        saveState: (state) => handle.setState(state)
    };
}
