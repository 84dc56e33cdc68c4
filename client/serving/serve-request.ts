// What a user asks `phg serve` and `phg rotate` to do, and the command lines that ask it:
// `phg serve FILE --json [--model M] [--port P] [--watch]` (the rotation token goes in the
// environment, never on a command line other users can read) and
// `phg rotate [NAME] --json [--to N]`.

/** One service as the user asked for it. */
export interface ServeRequest {
    /** Absolute path of the .phg file. */
    readonly file: string;
    readonly model?: string;
    /** Undefined keeps the deploy block's port (else 8088); 0 picks a free one. */
    readonly port?: number;
    /** Rotate automatically to each new signed version. */
    readonly watch: boolean;
    /** A fixed rotation token; undefined lets phg serve make a random one. */
    readonly token?: string;
}

/** The arguments of `phg` for a service, always with `--json` for the event stream. */
export function serveArguments(request: ServeRequest): string[] {
    const args = ['serve', request.file, '--json'];
    if (request.model !== undefined) args.push('--model', request.model);
    if (request.port !== undefined) args.push('--port', String(request.port));
    if (request.watch) args.push('--watch');
    return args;
}

/** Environment additions of a service: the token, when the user fixed one. */
export function serveEnvironment(request: ServeRequest): Record<string, string> {
    return request.token !== undefined ? { PHG_SERVE_TOKEN: request.token } : {};
}

/** The arguments of `phg rotate` for service `name` (the only running one when undefined). */
export function rotateArguments(name: string | undefined, version?: number): string[] {
    return ['rotate', ...(name !== undefined ? [name] : []), '--json', ...(version !== undefined ? ['--to', String(version)] : [])];
}
