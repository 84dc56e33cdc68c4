import type { CliIO } from './io.js';

/** Exit codes shared by every command. */
export const ExitCode = {
    ok: 0,
    /** The input was read and found wrong (errors in a model, a failed verification). */
    failed: 1,
    /** Usage or I/O errors: a bad flag, a missing file. */
    usage: 2
} as const;

/** One `phg` sub-command. */
export interface CliCommand {
    readonly name: string;
    /** One line for `phg help`. */
    readonly summary: string;
    /** The usage block printed by `phg help NAME` and on a usage error. */
    readonly usage: string;
    run(args: readonly string[], io: CliIO): Promise<number>;
}
