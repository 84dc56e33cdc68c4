// Flag parsing for the certificate and serving commands (node:util parseArgs), with usage errors
// as values so each command prints its usage and exits 2.
import { parseArgs, type ParseArgsConfig } from 'node:util';

/** Parsed flags and positionals, or a usage error message. */
export type ParsedArguments<V> = { readonly ok: true; readonly values: V; readonly positionals: readonly string[] } | { readonly ok: false; readonly message: string };

/** Parses `args` against string/boolean options; unknown flags are errors. */
export function parseCommandArguments<V>(args: readonly string[], options: NonNullable<ParseArgsConfig['options']>): ParsedArguments<V> {
    try {
        const parsed = parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
        return { ok: true, values: parsed.values as V, positionals: parsed.positionals };
    } catch (error) {
        return { ok: false, message: error instanceof Error ? error.message : String(error) };
    }
}

/** A positive integer flag value, or undefined when absent; a message when malformed. */
export function positiveInteger(value: string | undefined, flag: string): { readonly ok: true; readonly value: number | undefined } | { readonly ok: false; readonly message: string } {
    if (value === undefined) return { ok: true, value: undefined };
    if (!/^[0-9]+$/.test(value) || Number(value) < 1) return { ok: false, message: `${flag} must be a positive integer (got '${value}')` };
    return { ok: true, value: Number(value) };
}
