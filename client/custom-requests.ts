// The client's side of the language server's custom requests (EDITOR.md: `phg/memoryPlan`,
// `phg/hypergraph`). Their types belong in server/protocol.ts; until that file defines them, the
// answers are checked here before use, and a server that does not know a request yields a
// `RequestUnavailable` value with the reason, not an exception.
import type { LanguageClient } from 'vscode-languageclient/node';

/** A custom request the server could not answer, and why. */
export interface RequestUnavailable {
    readonly unavailable: true;
    readonly reason: string;
}

/** The LSP error code for a method the server does not implement. */
const METHOD_NOT_FOUND = -32601;

function errorCode(error: unknown): number | undefined {
    return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'number' ? error.code : undefined;
}

/** Sends a custom request; a missing handler or a failure becomes a `RequestUnavailable`. */
export async function sendCustomRequest(client: LanguageClient | undefined, method: string, params: object): Promise<unknown> {
    if (client === undefined) return { unavailable: true, reason: 'the PHG language server is not running' } satisfies RequestUnavailable;
    try {
        return await client.sendRequest(method, params);
    } catch (error) {
        const reason = errorCode(error) === METHOD_NOT_FOUND
            ? `the language server does not answer ${method} yet`
            : `${method} failed: ${error instanceof Error ? error.message : String(error)}`;
        return { unavailable: true, reason } satisfies RequestUnavailable;
    }
}

/** True for the value `sendCustomRequest` returns when there is no answer. */
export function isUnavailable(value: unknown): value is RequestUnavailable {
    return typeof value === 'object' && value !== null && (value as Partial<RequestUnavailable>).unavailable === true;
}
